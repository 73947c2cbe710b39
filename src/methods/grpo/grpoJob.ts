// A GRPO job assembled from its settings, shared by the engine's RL job and the `grpo` benchmark:
// the policy (the start weights on the GPU, trained), a frozen reference copy of the start weights
// (KL and the inspector's reference log-probs), the trainer, the generator, the arithmetic task as
// data and reward, and greedy evaluation on a held-out set the prompts never show.
import { Generator } from '../../decoding/generate.ts';
import type { MultiplexSettings } from '../../decoding/multiplexReference.ts';
import type { GpuContext } from '../../gpu/device.ts';
import type { LlamaConfig } from '../../model/config.ts';
import type { ModelWeights } from '../../model/parameters.ts';
import { GpuTransformer } from '../../model/transformer.ts';
import { type EvalCategory, evaluateGreedy } from '../../train/evaluation.ts';
import { type GrpoCheckpoint, type GrpoHooks, GrpoRun } from '../../train/grpo/grpoRun.ts';
import { GrpoStep } from '../../train/grpo/grpoStep.ts';
import type { AggregationKind, KlKind } from '../../train/grpo/objective.ts';
import { aggregation, clippedSurrogate, klPenalty } from '../../train/grpo/objective.ts';
import { type AdamWSettings, DEFAULT_ADAMW } from '../../train/optimizerReference.ts';
import { RowScorer } from '../../train/rowScores.ts';
import { TrainStep } from '../../train/trainStep.ts';
import {
  type ArithmeticRlTask,
  arithmeticHeldOut,
  arithmeticRlData,
  longestResponse,
} from './arithmeticRl.ts';

export interface GrpoJobSettings {
  task: ArithmeticRlTask;
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
  /** Steps between held-out evaluations (0: only at the end), and the held-out set's size. */
  evalEvery: number;
  heldOut: number;
  checkpointMinutes: number;
  seed: number;
  /** Multiplex Thinking rollouts (methods.md §3); absent: discrete. */
  multiplex?: MultiplexSettings;
}

export const DEFAULT_GRPO: GrpoJobSettings = {
  task: { difficulty: 2, ops: ['add', 'sub'], mode: 'no_think' },
  steps: 40,
  promptsPerStep: 8,
  groupSize: 8,
  maxNewTokens: 64,
  temperature: 1,
  topP: 1,
  lr: 1e-4,
  warmupSteps: 3,
  epsLow: 0.2,
  epsHigh: 0.28,
  dualClip: 3,
  klCoef: 0,
  klKind: 'k3',
  aggregation: 'token-mean',
  scaleByStd: true,
  updatesPerBatch: 1,
  rowsPerMicro: 16,
  adamw: { ...DEFAULT_ADAMW, weightDecay: 0 },
  evalEvery: 10,
  heldOut: 200,
  checkpointMinutes: 2,
  seed: 1,
};

export interface GrpoJob {
  run: GrpoRun;
  /** Greedy accuracy on the held-out set with the policy as it is now. */
  evaluate(): Promise<EvalCategory[]>;
  policy: GpuTransformer;
  destroy(): void;
}

export async function createGrpoJob(
  gpu: GpuContext,
  config: LlamaConfig,
  start: ModelWeights,
  settings: GrpoJobSettings,
  hooks: GrpoHooks = {},
  resume?: { checkpoint: GrpoCheckpoint; reference: ModelWeights },
): Promise<GrpoJob> {
  const s = settings;
  const longest = longestResponse(s.task);
  if (s.maxNewTokens < longest) {
    throw new RangeError(
      `max new tokens ${s.maxNewTokens} would cut correct answers: the longest at this level has ${longest} tokens`,
    );
  }
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
      advantages: { scaleByStd: s.scaleByStd },
      objective: {
        surrogate: clippedSurrogate({ epsLow: s.epsLow, epsHigh: s.epsHigh, dualClip: s.dualClip }),
        kl: s.klCoef > 0 ? klPenalty(s.klKind, s.klCoef) : null,
        aggregation: aggregation(s.aggregation),
      },
      scoreReference: true,
      multiplex: s.multiplex,
    });
    const heldOut = arithmeticHeldOut(s.task, s.seed + 1, s.heldOut);
    const evaluate = () => evaluateGreedy(generator, heldOut.cases, { maxNewTokens: longest + 8, batch: 32 });
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
      arithmeticRlData(s.task, s.seed, heldOut.excluded),
      { evaluate, ...hooks },
      resume?.checkpoint,
    );
    return {
      run,
      evaluate,
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
