// An SFT job's settings (the Trainer page and `npm run pretrain`): the optimisation, the task mix
// and the held-out evaluation, and the check that names the first setting that cannot run before
// any GPU work starts.
import type { LlamaConfig } from '../../model/config.ts';
import type { SftSettings } from '../../train/sft.ts';
import type { SettingsProblem } from '../jobs.ts';
import { type EvalMode, longestExample, type TaskMix } from './baseMixture.ts';

export interface EvalSettings {
  /** Problems per category and mode at the periodic evaluations … */
  perCategory: number;
  /** … and at the last step. */
  finalPerCategory: number;
  modes: EvalMode[];
  maxNewTokens: number;
  /** Prompts per generation call. */
  batch: number;
}

export interface SftJobSettings {
  training: SftSettings;
  mix: TaskMix;
  eval: EvalSettings;
}

/** The first setting of `settings` that cannot run on a model of `config`, or null. */
export function sftSettingsProblem(settings: SftJobSettings, config: LlamaConfig): SettingsProblem | null {
  const { training: s, mix } = settings;
  const whole = (name: keyof SftSettings, min: number, max: number): SettingsProblem | null => {
    const value = s[name] as number;
    if (Number.isInteger(value) && value >= min && value <= max) return null;
    return {
      message: `${name} = ${value} is not a whole number in ${min}..${max}.`,
      hint: `Choose ${name} from ${min} to ${max}.`,
      field: name,
    };
  };
  const ranges: [keyof SftSettings, number, number][] = [
    ['steps', 1, 1_000_000],
    ['B', 1, 256],
    ['T', 8, config.max_position_embeddings],
    ['accumulation', 1, 64],
    ['warmupSteps', 0, 1_000_000],
    ['evalEvery', 0, 1_000_000],
  ];
  for (const [name, min, max] of ranges) {
    const problem = whole(name, min, max);
    if (problem) return problem;
  }
  if (!(s.peakLr > 0 && s.peakLr <= 1))
    return {
      message: `Learning rate ${s.peakLr} is not in (0, 1].`,
      hint: 'Typical: 1e-3 to 3e-3.',
      field: 'peakLr',
    };
  if (!(s.minLrRatio >= 0 && s.minLrRatio <= 1))
    return {
      message: `minLrRatio ${s.minLrRatio} is not in [0, 1].`,
      hint: 'Typical: 0.1.',
      field: 'minLrRatio',
    };
  const weightsOk = (weights: number[]) => weights.some((w) => w > 0) && weights.every((w) => w >= 0);
  if (!weightsOk([mix.add, mix.sub, mix.mul]))
    return {
      message: 'The task mix has no operation with a positive weight.',
      hint: 'Give add, sub or mul a weight above 0.',
      field: 'mix',
    };
  if (!weightsOk([mix.think, mix.noThink, mix.budget]))
    return {
      message: 'The task mix has no format with a positive weight.',
      hint: 'Give think, no-think or budget a weight above 0.',
      field: 'mix',
    };
  if (!Number.isInteger(mix.maxDigits) || mix.maxDigits < 1 || mix.maxDigits > 4)
    return {
      message: `Max digits ${mix.maxDigits} is not 1..4.`,
      hint: 'Choose 1 to 4 digits.',
      field: 'maxDigits',
    };
  const longest = longestExample(mix);
  if (longest > s.T + 1) {
    const context = config.max_position_embeddings;
    return {
      message: `Rows of ${s.T} positions cannot hold this mix's longest example (${longest} tokens).`,
      hint: `Raise the row length to at least ${longest - 1}${longest - 1 > context ? ` (this model's context is ${context}: choose a larger model)` : ''}, or lower max digits.`,
      field: 'T',
    };
  }
  return null;
}
