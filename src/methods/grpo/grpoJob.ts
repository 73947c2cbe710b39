// The RL page's GRPO job, shared by the engine's RL job and the `grpo` and `multiplex`
// benchmarks: the core settings with an arithmetic task (arithmetic/arithmeticTask.ts) and a
// held-out set of that size, assembled on the GPU through the Workbench. The held-out problems
// come from seed + 1 and never appear among the training prompts.
import type { LlamaConfig } from '../../model/config.ts';
import type { ModelWeights } from '../../model/parameters.ts';
import type { GrpoCoreSettings, GrpoJob } from '../../train/grpo/grpoJob.ts';
import type { GrpoCheckpoint, GrpoHooks } from '../../train/grpo/grpoRun.ts';
import { DEFAULT_ADAMW } from '../../train/optimizerReference.ts';
import type { Workbench } from '../../train/workbench.ts';
import { type ArithmeticTask, arithmeticAdapter } from '../arithmetic/arithmeticTask.ts';

export interface GrpoJobSettings extends GrpoCoreSettings {
  task: ArithmeticTask;
  /** The held-out set's size. */
  heldOut: number;
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

/** @throws RangeError when max new tokens would cut correct answers, or the task cannot run */
export async function arithmeticGrpoJob(
  workbench: Workbench,
  config: LlamaConfig,
  start: ModelWeights,
  settings: GrpoJobSettings,
  hooks: GrpoHooks = {},
  resume?: { checkpoint: GrpoCheckpoint; reference: ModelWeights },
): Promise<GrpoJob> {
  const adapter = arithmeticAdapter(settings.task);
  const longest = adapter.spec.tokenBudget;
  if (settings.maxNewTokens < longest) {
    throw new RangeError(
      `max new tokens ${settings.maxNewTokens} would cut correct answers: the longest at this level has ${longest} tokens`,
    );
  }
  const heldOut = adapter.heldOut(settings.seed + 1, settings.heldOut);
  const task = {
    data: adapter.rlData(settings.seed, heldOut.excluded),
    heldOut: heldOut.cases,
    evalMaxNewTokens: longest + 8,
  };
  return workbench.grpoJob(config, start, settings, task, hooks, resume);
}
