// Benchmark `retention` (issue 22): what holds an RL run's other skills, measured. Every arm is the
// `grpo` learning run (learningRun.ts: think 3x1 multiplication from the shipped model, 80 steps,
// seed fixed) with one guard: none, a KL penalty to the frozen start model (k3 at three
// coefficients, k1 at one), replay of the retention panel's levels (a quarter of each step's 8
// prompts, or 2 more beside the 8 target prompts; rewarded by their verifiers), or a lower
// learning rate; the step count is read
// off every arm's evaluations at steps 0, 20, 40, 60 and 80. Per arm and evaluation: the target's
// held-out accuracy (Wilson) and its gain since step 0 (Newcombe), the retention panel pooled and
// per category with its change; per arm the trade-off row the RL page charts. An arm is one bench
// shard (`--shard i/7`), so arms run one at a time and join when all are there.
import { proportionDifference, wilsonInterval } from '../../stats/intervals.ts';
import type { EvalCategory } from '../../train/evaluation.ts';
import type { EvalReport } from '../../train/runLoop.ts';
import { RETENTION_MARGIN } from '../retention/retentionChange.ts';
import { type RetentionRow, retentionRows } from '../retention/retentionRows.ts';
import { inShard, type MethodScenario, resultSchema, type ScenarioOutput } from '../scenario.ts';
import { loadShippedModel } from '../shippedModel.ts';
import { DEFAULT_GRPO, type GrpoJobSettings } from './grpoJob.ts';
import { LEARNING, learningRun, learningScale, learningSettings } from './learningRun.ts';

export interface SweepArm {
  name: string;
  /** The guard's family, for the chart's legend. */
  guard: 'none' | 'KL k3' | 'KL k1' | 'replay' | 'learning rate';
  settings: Partial<GrpoJobSettings>;
}

/** Every guard off, at the learning setting's rate: each arm sets all of these, whatever the defaults. */
const UNGUARDED: Partial<GrpoJobSettings> = {
  klCoef: 0,
  klKind: 'k3',
  replayShare: 0,
  lr: 1e-4,
  promptsPerStep: DEFAULT_GRPO.promptsPerStep,
};

/** The arms, in shard order (shard i runs arm i). */
export const SWEEP_ARMS: readonly SweepArm[] = [
  { name: 'no guard', guard: 'none', settings: {} },
  { name: 'replay 25%', guard: 'replay', settings: { replayShare: 0.25 } },
  { name: 'KL k3 β 0.1', guard: 'KL k3', settings: { klKind: 'k3', klCoef: 0.1 } },
  /** Measured first: replay 25% of 8 prompts held the panel but left the target at 0 by step 80. */
  { name: 'replay +2 prompts', guard: 'replay', settings: { promptsPerStep: 10, replayShare: 0.2 } },
  { name: 'KL k3 β 0.5', guard: 'KL k3', settings: { klKind: 'k3', klCoef: 0.5 } },
  { name: 'KL k1 β 0.1', guard: 'KL k1', settings: { klKind: 'k1', klCoef: 0.1 } },
  { name: 'lr 5e-5', guard: 'learning rate', settings: { lr: 5e-5 } },
];

export type SweepRow =
  | RetentionRow
  | {
      part: 'target';
      arm: string;
      step: number;
      correct: number;
      n: number;
      accuracy: number;
      ci_low: number;
      ci_high: number;
    }
  | {
      /** One per arm: where it ends on the trade-off chart. */
      part: 'arm';
      arm: string;
      guard: string;
      step: number;
      kl_kind: string;
      kl_coef: number;
      replay_share: number;
      lr: number;
      /** Target accuracy at the end minus at step 0 (points), with its 95% interval. */
      target_gain: number;
      target_gain_low: number;
      target_gain_high: number;
      /** Pooled retention at the end minus at step 0 (points), with its 95% interval. */
      retention_change: number;
      retention_change_low: number;
      retention_change_high: number;
      verdict: string;
      /** KL to the start model over the last 5 steps (k3 estimate), and training minutes. */
      kl: number;
      minutes: number;
    };

export const SWEEP_RESULTS = resultSchema<SweepRow>('retention', 1);

const round = (x: number) => Number(x.toFixed(4));
const points = (x: number) => Number((100 * x).toFixed(2));

function pooled(categories: readonly EvalCategory[]): { correct: number; n: number } {
  return categories.reduce((a, c) => ({ correct: a.correct + c.correct, n: a.n + c.n }), {
    correct: 0,
    n: 0,
  });
}

function targetRows(arm: string, evals: readonly EvalReport[]): SweepRow[] {
  return evals.map((report) => {
    const { correct, n } = pooled(report.categories);
    const [low, high] = wilsonInterval(correct, n);
    return {
      part: 'target',
      arm,
      step: report.step,
      correct,
      n,
      accuracy: round(correct / n),
      ci_low: round(low),
      ci_high: round(high),
    };
  });
}

export const retentionSweepScenario: MethodScenario<SweepRow> = {
  name: SWEEP_RESULTS.scenario,
  description:
    'What keeps an RL run from breaking what the model knew: the grpo learning run with no guard, a KL penalty (k3, k1, a coefficient sweep), replay of the start model’s tasks, or a lower learning rate; target gain against retention change per arm, with 95% intervals.',
  async run(context): Promise<ScenarioOutput<SweepRow>> {
    const model = await loadShippedModel();
    const scale = learningScale(context);
    const arms = SWEEP_ARMS.filter((_, i) => inShard(i, context.shard));
    const rows: SweepRow[] = [];
    const total = arms.length * scale.steps;
    let done = 0;
    for (const arm of arms) {
      const settings = learningSettings(model, scale, context.seed, { ...UNGUARDED, ...arm.settings });
      const run = await learningRun(context, model, settings, (point) =>
        context.progress({ done: ++done, total, note: `${arm.name}, step ${point.step} of ${scale.steps}` }),
      );
      rows.push(...targetRows(arm.name, run.evals));
      const retention = retentionRows(arm.name, run.evals);
      rows.push(...retention);
      const start = pooled(run.evals[0].categories);
      const end = pooled((run.evals.at(-1) as EvalReport).categories);
      const gain = proportionDifference(end.correct, end.n, start.correct, start.n);
      const panelEnd = retention.filter((r) => r.part === 'retention').at(-1);
      const last = run.points.slice(-5);
      rows.push({
        part: 'arm',
        arm: arm.name,
        guard: arm.guard,
        step: settings.steps,
        kl_kind: settings.klCoef > 0 ? settings.klKind : 'none',
        kl_coef: settings.klCoef,
        replay_share: settings.replayShare,
        lr: settings.lr,
        target_gain: points(gain.mean),
        target_gain_low: points(gain.low),
        target_gain_high: points(gain.high),
        retention_change: panelEnd?.part === 'retention' ? points(panelEnd.change) : 0,
        retention_change_low: panelEnd?.part === 'retention' ? points(panelEnd.change_low) : 0,
        retention_change_high: panelEnd?.part === 'retention' ? points(panelEnd.change_high) : 0,
        verdict: panelEnd?.part === 'retention' ? panelEnd.verdict : 'no panel',
        kl: round(last.reduce((a, p) => a + (p.kl ?? 0), 0) / Math.max(1, last.length)),
        minutes: Number(run.minutes.toFixed(2)),
      });
    }
    const panel = learningSettings(model, scale, context.seed).retention;
    const t = LEARNING.task;
    return {
      schemaVersion: SWEEP_RESULTS.version,
      keys: ['part', 'arm', 'step', 'category'],
      rows,
      goals: [],
      notes: [
        `every arm: ${scale.steps} GRPO steps from ${model.name} on arithmetic difficulty ${t.difficulty} (${t.ops.join(', ')}) in ${t.mode} mode, the grpo benchmark's learning setting (G ${LEARNING.groupSize}, lr ${UNGUARDED.lr} unless the arm says otherwise, up to ${LEARNING.maxNewTokens} new tokens), seed ${context.seed}, the same prompts; target = greedy exact match on ${scale.heldOut} held-out problems; arms: ${arms.map((a) => a.name).join('; ')}.`,
        `retention panel: ${panel.perCategory} problems per category of ${panel.categories.join(', ')} (the card's held-out set, seed ${panel.seed}), greedy at steps 0, ${scale.evalEvery || scale.steps}, … ${scale.steps}; changes since step 0 with Newcombe's 95% interval (conservative for the same problems scored twice); kept = the pooled interval lies above −${100 * RETENTION_MARGIN} points. Replay draws its prompts from the panel's levels, never the panel's problems. KL: the per-token estimator to the frozen start model, added to the loss at β.`,
      ],
    };
  },
};
