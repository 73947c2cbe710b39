// The RL page's GRPO job, shared by the engine's GRPO job kind (job.ts) and the `grpo` and
// `multiplex` benchmarks: the core settings with an arithmetic task (arithmetic/arithmeticTask.ts)
// and a held-out set of that size, assembled on the GPU through the Workbench. The held-out
// problems come from seed + 1 and never appear among the training prompts.
import type { LlamaConfig } from '../../model/config.ts';
import type { ModelWeights } from '../../model/parameters.ts';
import type { GrpoCoreSettings, GrpoJob } from '../../train/grpo/grpoJob.ts';
import type { GrpoCheckpoint, GrpoHooks } from '../../train/grpo/grpoRun.ts';
import { DEFAULT_ADAMW } from '../../train/optimizerReference.ts';
import type { Workbench } from '../../train/workbench.ts';
import { type ArithmeticTask, arithmeticAdapter } from '../arithmetic/arithmeticTask.ts';
import type { SettingsProblem } from '../jobs.ts';

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

/** Why `settings` cannot run on their task, or null: a task the world poses, a temperature that
 * samples, and max new tokens that hold its longest correct answer. */
export function grpoSettingsProblem(settings: GrpoJobSettings): SettingsProblem | null {
  if (!(settings.temperature > 0)) {
    return {
      message:
        'Temperature 0 decodes greedily: the G answers to a prompt would all be the same, so no group would carry a signal.',
      hint: 'Choose a temperature above 0 (1 samples the model as it is).',
      field: 'temperature',
    };
  }
  let longest: number;
  try {
    longest = arithmeticAdapter(settings.task).spec.tokenBudget;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return {
      message: `The task cannot run: ${error.message}.`,
      hint: 'Choose a level of 1 to 4 and at least one operation.',
      field: 'task',
    };
  }
  if (settings.maxNewTokens >= longest) return null;
  return {
    message: `Max new tokens ${settings.maxNewTokens} would cut correct answers: the longest at this level has ${longest} tokens.`,
    hint: `Raise max new tokens to at least ${longest}, or choose a lower level.`,
    field: 'maxNewTokens',
  };
}

/** @throws RangeError when max new tokens would cut correct answers, or the task cannot run */
export async function arithmeticGrpoJob(
  workbench: Workbench,
  config: LlamaConfig,
  start: ModelWeights,
  settings: GrpoJobSettings,
  hooks: GrpoHooks = {},
  resume?: { checkpoint: GrpoCheckpoint; reference: ModelWeights },
): Promise<GrpoJob> {
  const problem = grpoSettingsProblem(settings);
  if (problem) throw new RangeError(problem.message);
  const adapter = arithmeticAdapter(settings.task);
  const longest = adapter.spec.tokenBudget;
  const heldOut = adapter.heldOut(settings.seed + 1, settings.heldOut);
  const task = {
    data: adapter.rlData(settings.seed, heldOut.excluded),
    heldOut: heldOut.cases,
    evalMaxNewTokens: longest + 8,
  };
  return workbench.grpoJob(config, start, settings, task, hooks, resume);
}
