// A GRPO job assembled on the GPU from its settings and a task given as functions: the policy (the
// start weights, trained), a frozen reference copy of the start weights (KL and the inspector's
// reference log-probs), the trainer, the generator, the run loop over the task's prompts and
// reward, and greedy evaluation on the task's held-out cases and, with every such evaluation, on
// its retention panel (what the start model already knew). Methods reach it through the
// Workbench (train/workbench.ts) and bring their task; the training layer never imports tasks.
import { Generator } from '../../decoding/generate.ts';
import type { MultiplexSettings } from '../../decoding/multiplexReference.ts';
import type { GpuContext } from '../../gpu/device.ts';
import type { LlamaConfig } from '../../model/config.ts';
import type { ModelWeights } from '../../model/parameters.ts';
import { GpuTransformer } from '../../model/transformer.ts';
import { type EvalCase, type EvalCategory, evaluateGreedy } from '../evaluation.ts';
import type { AdamWSettings } from '../optimizerReference.ts';
import { RowScorer } from '../rowScores.ts';
import { TrainStep } from '../trainStep.ts';
import type { AdvantageStrategy } from './advantages.ts';
import { type GrpoCheckpoint, type GrpoData, type GrpoHooks, GrpoRun } from './grpoRun.ts';
import { GrpoStep } from './grpoStep.ts';
import { type AggregationKind, aggregation, clippedSurrogate, type KlKind, klPenalty } from './objective.ts';
import type { RolloutStrategy } from './rollouts.ts';

/** Greedy evaluation's prompts per generation call. */
const EVAL_BATCH = 32;

/** Everything of a GRPO run but its task. */
export interface GrpoCoreSettings {
  steps: number;
  promptsPerStep: number;
  groupSize: number;
  maxNewTokens: number;
  temperature: number;
  topP: number;
  lr: number;
  warmupSteps: number;
  epsLow: number;
  epsHigh: number;
  /** null: no dual clip. */
  dualClip: number | null;
  /** 0: no KL term (the reference is still scored, for the charts). */
  klCoef: number;
  klKind: KlKind;
  aggregation: AggregationKind;
  scaleByStd: boolean;
  updatesPerBatch: number;
  rowsPerMicro: number;
  adamw: AdamWSettings;
  /** Steps between held-out evaluations (0: only at the end). */
  evalEvery: number;
  checkpointMinutes: number;
  seed: number;
  /** Multiplex Thinking rollouts (docs/methods/multiplex.md); absent: discrete. */
  multiplex?: MultiplexSettings;
}

/**
 * A task as the trainer sees it: prompts and rewards per step, held-out cases and their budget,
 * and the method's rollout and advantage strategies where the defaults (G samples of a prompt,
 * the group-normalised advantage on every token) are wrong for it.
 */
export interface GrpoTask {
  data: GrpoData;
  heldOut: readonly EvalCase[];
  /** New tokens allowed when evaluating (the longest correct response and some slack). */
  evalMaxNewTokens: number;
  rollouts?: RolloutStrategy;
  advantages?: AdvantageStrategy;
  /** What the start model already knew, evaluated greedily with every held-out evaluation. */
  retention?: { cases: readonly EvalCase[]; maxNewTokens: number };
}

export interface GrpoJob {
  run: GrpoRun;
  /** Greedy accuracy on the held-out set with the policy as it is now. */
  evaluate(): Promise<EvalCategory[]>;
  /** Greedy accuracy on the retention panel now (no categories without one). */
  evaluateRetention(): Promise<EvalCategory[]>;
  policy: GpuTransformer;
  destroy(): void;
}

export async function createGrpoJob(
  gpu: GpuContext,
  config: LlamaConfig,
  start: ModelWeights,
  settings: GrpoCoreSettings,
  task: GrpoTask,
  hooks: GrpoHooks = {},
  resume?: { checkpoint: GrpoCheckpoint; reference: ModelWeights },
): Promise<GrpoJob> {
  const s = settings;
  const owned: { destroy(): void }[] = [];
  try {
    const policy = await GpuTransformer.create(gpu, config, start);
    owned.push(policy);
    const reference = await GpuTransformer.create(gpu, config, resume?.reference ?? start);
    owned.push(reference);
    const trainer = await TrainStep.create(gpu, policy, s.adamw);
    owned.push(trainer);
    const generator = await Generator.create(gpu, policy);
    owned.push(generator);
    const scorer = await RowScorer.create(gpu);
    owned.push(scorer);
    const step = new GrpoStep(generator, trainer, scorer, reference, {
      groupSize: s.groupSize,
      sampling: { temperature: s.temperature, topK: 0, topP: s.topP },
      maxNewTokens: s.maxNewTokens,
      updatesPerBatch: s.updatesPerBatch,
      rowsPerMicro: s.rowsPerMicro,
      rollouts: task.rollouts,
      advantages: task.advantages ?? { scaleByStd: s.scaleByStd },
      objective: {
        surrogate: clippedSurrogate({ epsLow: s.epsLow, epsHigh: s.epsHigh, dualClip: s.dualClip }),
        kl: s.klCoef > 0 ? klPenalty(s.klKind, s.klCoef) : null,
        aggregation: aggregation(s.aggregation),
      },
      scoreReference: true,
      multiplex: s.multiplex,
    });
    const evaluate = () =>
      evaluateGreedy(generator, task.heldOut, { maxNewTokens: task.evalMaxNewTokens, batch: EVAL_BATCH });
    const panel = task.retention;
    const evaluateRetention = async () =>
      panel && panel.cases.length > 0
        ? evaluateGreedy(generator, panel.cases, { maxNewTokens: panel.maxNewTokens, batch: EVAL_BATCH })
        : [];
    const run = new GrpoRun(
      trainer,
      step,
      {
        steps: s.steps,
        evalEvery: s.evalEvery,
        evalAtStart: true,
        checkpointMinutes: s.checkpointMinutes,
        promptsPerStep: s.promptsPerStep,
        peakLr: s.lr,
        warmupSteps: s.warmupSteps,
        seed: s.seed,
      },
      task.data,
      { evaluate, ...(panel && panel.cases.length > 0 ? { evaluateRetention } : {}), ...hooks },
      resume?.checkpoint,
    );
    return {
      run,
      evaluate,
      evaluateRetention,
      policy,
      destroy: () => {
        for (const o of owned.reverse()) o.destroy();
      },
    };
  } catch (error) {
    for (const o of owned.reverse()) o.destroy();
    throw error;
  }
}
