// Benchmark `grpo`: the in-browser RL trainer on the shipped model (issue 10). Step split: GRPO
// steps of 8 prompts x group 8 with 64 new tokens, one untimed (compiles) then timed, each split
// into rollout (batched generation), scoring (rewards, advantages, reference log-probs) and update
// (training forward, host policy loss, backward, AdamW), with the share of each. Learning run
// (learningRun.ts): from the shipped model, GRPO on a task it cannot yet solve, fixed seed; greedy
// held-out accuracy before, during and after with 95% Wilson intervals, and the retention panel
// (what the model already knew) at the same steps with its change since the start. The learning
// run's task is chosen by measurement (see LEARNING) and the note says plainly when accuracy does
// not rise or the panel drops.

import { wilsonInterval } from '../../stats/intervals.ts';
import { median } from '../../stats/median.ts';
import type { EvalCategory } from '../../train/evaluation.ts';
import type { GrpoPoint } from '../../train/grpo/grpoRun.ts';
import type { EvalReport } from '../../train/runLoop.ts';
import { longestResponse } from '../arithmetic/arithmeticTask.ts';
import { RETENTION_MARGIN } from '../retention/retentionChange.ts';
import { type RetentionRow, retentionRows } from '../retention/retentionRows.ts';
import { goal, type MethodScenario, resultSchema, type ScenarioOutput } from '../scenario.ts';
import { loadShippedModel } from '../shippedModel.ts';
import { arithmeticGrpoJob, DEFAULT_GRPO, type GrpoJobSettings } from './grpoJob.ts';
import { LEARNING, learningRun, learningScale, learningSettings } from './learningRun.ts';

/** The step-split shape the issue names. */
const TIMING: Partial<GrpoJobSettings> = { promptsPerStep: 8, groupSize: 8, maxNewTokens: 64, heldOut: 8 };

/**
 * The rows of public/results/grpo.json; version 1 is the layout of the first published file (the
 * retention rows were added later: a file without them predates the panel).
 */
type GrpoRow =
  | RetentionRow
  | {
      part: 'rollout' | 'scoring' | 'update' | 'step';
      model: string;
      ms_per_step: number;
      /** Percent of the step. */
      share: number;
      steps: number;
    }
  | {
      part: `accuracy ${string}`;
      model: string;
      correct: number;
      n: number;
      accuracy: number;
      ci_low: number;
      ci_high: number;
      steps: number;
      minutes?: number;
    }
  | {
      part: `training, ${string}`;
      model: string;
      mean_reward: number;
      entropy: number;
      kl: number;
      response_length: number;
      informative_groups: number;
    };

const GRPO_RESULTS = resultSchema<GrpoRow>('grpo', 1);

function accuracy(categories: EvalCategory[]): { correct: number; n: number } {
  return categories.reduce((a, c) => ({ correct: a.correct + c.correct, n: a.n + c.n }), {
    correct: 0,
    n: 0,
  });
}

export const grpoScenario: MethodScenario<GrpoRow> = {
  name: GRPO_RESULTS.scenario,
  description:
    'GRPO on the shipped model: time per step split into rollout, scoring and update (8 prompts x 8, 64 new tokens), and a learning run with held-out accuracy before and after.',
  async run(context): Promise<ScenarioOutput<GrpoRow>> {
    const full = context.mode === 'full';
    const { name, config, weights, card } = await loadShippedModel();
    const rows: GrpoRow[] = [];

    const timedSteps = full ? 5 : 2;
    const points: GrpoPoint[] = [];
    context.progress({ done: 0, total: 2, note: 'step split' });
    const timing = await arithmeticGrpoJob(
      context.workbench,
      config,
      weights,
      { ...DEFAULT_GRPO, ...TIMING, steps: timedSteps + 1, evalEvery: 0, seed: context.seed },
      { onStep: (point) => points.push(point) },
    );
    try {
      await timing.run.run();
    } finally {
      timing.destroy();
    }
    const timed = points.slice(1);
    const parts = ['rolloutMs', 'scoringMs', 'updateMs'] as const;
    const partName = { rolloutMs: 'rollout', scoringMs: 'scoring', updateMs: 'update' } as const;
    const medians = Object.fromEntries(parts.map((p) => [p, median(timed.map((t) => t[p]))])) as Record<
      (typeof parts)[number],
      number
    >;
    const stepMs = parts.reduce((a, p) => a + medians[p], 0);
    for (const part of parts) {
      rows.push({
        part: partName[part],
        model: name,
        ms_per_step: Number(medians[part].toFixed(1)),
        share: Number(((100 * medians[part]) / stepMs).toFixed(1)),
        steps: timed.length,
      });
    }
    rows.push({
      part: 'step',
      model: name,
      ms_per_step: Number(stepMs.toFixed(1)),
      share: 100,
      steps: timed.length,
    });

    context.progress({ done: 1, total: 2, note: 'learning run' });
    const model = { name, config, weights, card };
    const scale = learningScale(context);
    const { steps, heldOut } = scale;
    const settings = learningSettings(model, scale, context.seed);
    const {
      points: trained,
      evals,
      minutes,
    } = await learningRun(context, model, settings, (point) =>
      context.progress({ done: 1, total: 2, note: `learning run, step ${point.step} of ${steps}` }),
    );
    const before = accuracy(evals[0].categories);
    const after = accuracy((evals.at(-1) as EvalReport).categories);
    for (const report of evals.slice(1, -1)) {
      const { correct, n } = accuracy(report.categories);
      const [lo, hi] = wilsonInterval(correct, n);
      rows.push({
        part: `accuracy at step ${report.step}`,
        model: name,
        correct,
        n,
        accuracy: Number((correct / n).toFixed(4)),
        ci_low: Number(lo.toFixed(4)),
        ci_high: Number(hi.toFixed(4)),
        steps: report.step,
      });
    }
    for (const [when, { correct, n }] of [
      ['before', before],
      ['after', after],
    ] as const) {
      const [lo, hi] = wilsonInterval(correct, n);
      rows.push({
        part: `accuracy ${when}`,
        model: name,
        correct,
        n,
        accuracy: Number((correct / n).toFixed(4)),
        ci_low: Number(lo.toFixed(4)),
        ci_high: Number(hi.toFixed(4)),
        steps: when === 'after' ? steps : 0,
        minutes: when === 'after' ? Number(minutes.toFixed(2)) : 0,
      });
    }
    const span = Math.max(1, Math.min(5, Math.floor(trained.length / 2)));
    for (const [when, part] of [
      ['first', trained.slice(0, span)],
      ['last', trained.slice(-span)],
    ] as const) {
      const mean = (pick: (p: GrpoPoint) => number) =>
        Number((part.reduce((a, p) => a + pick(p), 0) / part.length).toFixed(4));
      rows.push({
        part: `training, ${when} ${span} steps`,
        model: name,
        mean_reward: mean((p) => p.meanReward),
        entropy: mean((p) => p.entropy),
        kl: mean((p) => p.kl ?? 0),
        response_length: mean((p) => p.meanResponseLength),
        informative_groups: mean((p) => p.informativeGroups),
      });
    }
    const retention = retentionRows('learning run', evals);
    rows.push(...retention);
    const panelEnd = retention.filter((r) => r.part === 'retention').at(-1);
    const t = LEARNING.task;
    const panel = settings.retention;
    return {
      schemaVersion: GRPO_RESULTS.version,
      keys: ['part', 'model', 'arm', 'step', 'category'],
      rows,
      goals: [
        goal(
          'held-out accuracy gain of the learning run (points)',
          'points',
          1,
          100 * (after.correct / after.n - before.correct / before.n),
        ),
        goal(
          `retention panel kept: lower end of the 95% interval of its change (points), at least -${100 * RETENTION_MARGIN}`,
          'points',
          -100 * RETENTION_MARGIN,
          panelEnd && panelEnd.part === 'retention' ? Number((100 * panelEnd.change_low).toFixed(2)) : null,
        ),
      ],
      notes: [
        `step split: median over ${timed.length} timed GRPO steps after one untimed step (pipeline compiles); rollout = batched generation of ${TIMING.promptsPerStep} prompts x ${TIMING.groupSize} samples, up to ${TIMING.maxNewTokens} new tokens, temperature 1; scoring = verifier rewards, group advantages and the frozen reference's log-probs (one forward); update = training forward, log-prob readback, host policy loss, backward and AdamW.`,
        `learning run: ${steps} GRPO steps from ${name} on arithmetic difficulty ${t.difficulty} (${t.ops.join(', ')}) in ${t.mode} mode, ${DEFAULT_GRPO.promptsPerStep} prompts x ${LEARNING.groupSize}, up to ${LEARNING.maxNewTokens} new tokens (evaluation: ${longestResponse(t) + 8}), lr ${settings.lr}, clip ${DEFAULT_GRPO.epsLow}/${DEFAULT_GRPO.epsHigh}, dual clip ${DEFAULT_GRPO.dualClip}, ${settings.klCoef > 0 ? `KL ${settings.klKind} to the start model at β ${settings.klCoef}` : 'no KL term'}, ${settings.replayShare > 0 ? `replay ${100 * settings.replayShare}% of prompts from the retention panel's levels` : 'no replay'}, seed ${context.seed}; accuracy = greedy exact match on ${heldOut} held-out problems the prompts never show, 95% Wilson intervals.`,
        `retention panel: ${panel.perCategory} problems per category of ${panel.categories.join(', ')} (the card's held-out set, seed ${panel.seed}: categories the start model solved at 80% or more, less the RL task), greedy at every evaluation; change = accuracy now − at step 0 with Newcombe's 95% interval (the same problems both times, so it is conservative); kept = the pooled interval lies above −${100 * RETENTION_MARGIN} points; a category is flagged lost when its interval lies below 0.`,
      ],
    };
  },
};
