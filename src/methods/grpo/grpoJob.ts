// The RL page's GRPO job, shared by the engine's GRPO job kind (job.ts) and the `grpo` and
// `multiplex` benchmarks: the core settings with an arithmetic task (arithmetic/arithmeticTask.ts),
// a held-out set of that size, the retention panel (retention/retentionPanel.ts) and, at a share
// of each step's prompts, replay of the panel's levels (retention/replayData.ts), assembled on
// the GPU through the Workbench. The held-out problems come from seed + 1; neither they nor the
// panel's ever appear among the training prompts.
import type { LlamaConfig } from '../../model/config.ts';
import type { ModelWeights } from '../../model/parameters.ts';
import type { GrpoCoreSettings, GrpoJob } from '../../train/grpo/grpoJob.ts';
import type { GrpoCheckpoint, GrpoHooks } from '../../train/grpo/grpoRun.ts';
import { withReplay } from '../../train/grpo/replay.ts';
import { DEFAULT_ADAMW } from '../../train/optimizerReference.ts';
import type { Workbench } from '../../train/workbench.ts';
import { type ArithmeticTask, arithmeticAdapter } from '../arithmetic/arithmeticTask.ts';
import type { SettingsProblem } from '../jobs.ts';
import { longestReplayResponse, replayData } from '../retention/replayData.ts';
import {
  BASE_HELD_OUT_SEED,
  panelLevels,
  type RetentionSettings,
  retentionPanel,
  retentionProblem,
} from '../retention/retentionPanel.ts';

export interface GrpoJobSettings extends GrpoCoreSettings {
  task: ArithmeticTask;
  /** The held-out set's size. */
  heldOut: number;
  /** What the start model already knew, evaluated with every held-out evaluation. */
  retention: RetentionSettings;
  /** The share of each step's prompts drawn from the panel's levels (0: none). */
  replayShare: number;
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
  retention: { categories: [], perCategory: 50, seed: BASE_HELD_OUT_SEED },
  replayShare: 0,
  checkpointMinutes: 2,
  seed: 1,
};

/**
 * Settings saved before the retention panel (a resumed or viewed older run) as they ran: no panel
 * and no replay.
 */
export function withRetentionFields(settings: GrpoJobSettings): GrpoJobSettings {
  return {
    ...settings,
    retention: settings.retention ?? { categories: [], perCategory: 0, seed: BASE_HELD_OUT_SEED },
    replayShare: settings.replayShare ?? 0,
  };
}

/** Why `settings` cannot run on their task, or null: a task the world poses, a temperature that
 * samples, and max new tokens that hold its longest correct answer. */
export function grpoSettingsProblem(given: GrpoJobSettings): SettingsProblem | null {
  const settings = withRetentionFields(given);
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
  if (settings.maxNewTokens < longest) {
    return {
      message: `Max new tokens ${settings.maxNewTokens} would cut correct answers: the longest at this level has ${longest} tokens.`,
      hint: `Raise max new tokens to at least ${longest}, or choose a lower level.`,
      field: 'maxNewTokens',
    };
  }
  const panel = retentionProblem(settings.retention, settings.task);
  if (panel) {
    return {
      message: `The retention panel cannot run: ${panel}.`,
      hint: 'Choose categories the start model knew, other than the task RL trains on.',
      field: 'retention',
    };
  }
  if (!(settings.replayShare >= 0 && settings.replayShare < 1)) {
    return {
      message: `A replay share of ${settings.replayShare} is outside 0 to 1: every step needs target prompts.`,
      hint: 'Choose a share from 0 (no replay) to 0.75.',
      field: 'replayShare',
    };
  }
  if (settings.replayShare === 0) return null;
  const levels = panelLevels(settings.retention);
  if (levels.length === 0) {
    return {
      message: 'Replay draws its prompts from the retention panel, and the panel is empty.',
      hint: 'Choose panel categories, or set the replay share to 0.',
      field: 'replayShare',
    };
  }
  const replayLongest = longestReplayResponse(levels);
  if (settings.maxNewTokens >= replayLongest) return null;
  return {
    message: `Max new tokens ${settings.maxNewTokens} would cut correct replay answers: the panel's longest has ${replayLongest} tokens.`,
    hint: `Raise max new tokens to at least ${replayLongest}, or drop the longest levels from the panel.`,
    field: 'maxNewTokens',
  };
}

/** @throws RangeError when max new tokens would cut correct answers, or the task cannot run */
export async function arithmeticGrpoJob(
  workbench: Workbench,
  config: LlamaConfig,
  start: ModelWeights,
  given: GrpoJobSettings,
  hooks: GrpoHooks = {},
  resume?: { checkpoint: GrpoCheckpoint; reference: ModelWeights },
): Promise<GrpoJob> {
  const settings = withRetentionFields(given);
  const problem = grpoSettingsProblem(settings);
  if (problem) throw new RangeError(problem.message);
  const adapter = arithmeticAdapter(settings.task);
  const longest = adapter.spec.tokenBudget;
  const heldOut = adapter.heldOut(settings.seed + 1, settings.heldOut);
  const panel = retentionPanel(settings.retention);
  const excluded = new Set([...heldOut.excluded, ...panel.excluded]);
  const target = adapter.rlData(settings.seed, excluded);
  const replay = settings.replayShare > 0 ? replayData(panel.levels, settings.seed, excluded) : null;
  const task = {
    data: replay ? withReplay(target, replay, settings.replayShare) : target,
    heldOut: heldOut.cases,
    evalMaxNewTokens: longest + 8,
    retention: panel,
  };
  return workbench.grpoJob(config, start, settings, task, hooks, resume);
}
