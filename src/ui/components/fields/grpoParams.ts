// The GRPO core's settings as URL parameters, one allowed range each, for every page that trains
// with GRPO (the RL page and each method's RL): the group and batch, sampling, the objective, the
// optimiser and the held-out evaluation. A page adds its task's parameters beside these and turns
// the values into settings with grpoCoreOf.
import { DEFAULT_GRPO, type GrpoJobSettings } from '../../../engine/api.ts';
import { enumParam, floatParam, intParam } from '../../url.ts';
import { samplingParams } from './samplingParams.ts';

const D = DEFAULT_GRPO;

export const GRPO_PARAMS = {
  G: intParam(D.groupSize, 2, 64),
  prompts: intParam(D.promptsPerStep, 1, 64),
  ...samplingParams({ temperature: D.temperature, topP: D.topP, max: D.maxNewTokens }),
  steps: intParam(D.steps, 1, 100_000),
  lr: floatParam(D.lr, 1e-8, 1),
  warmup: intParam(D.warmupSteps, 0, 100_000),
  epsLow: floatParam(D.epsLow, 0, 1),
  epsHigh: floatParam(D.epsHigh, 0, 10),
  dualClip: floatParam(D.dualClip ?? 0, 0, 100),
  kl: floatParam(D.klCoef, 0, 100),
  klKind: enumParam<'k1' | 'k3'>(D.klKind, ['k1', 'k3']),
  updates: intParam(D.updatesPerBatch, 1, 16),
  aggregation: enumParam<'token-mean' | 'sequence-mean'>(D.aggregation, ['token-mean', 'sequence-mean']),
  advantage: enumParam<'mean-std' | 'mean'>(D.scaleByStd ? 'mean-std' : 'mean', ['mean-std', 'mean']),
  evalEvery: intParam(D.evalEvery, 0, 100_000),
  heldOut: intParam(D.heldOut, 1, 2000),
  seed: intParam(D.seed, 0, 2 ** 31 - 1),
};

type GrpoSpecs = typeof GRPO_PARAMS;
export type GrpoValues = { [K in keyof GrpoSpecs]: GrpoSpecs[K]['fallback'] };

/** The settings of GRPO_PARAMS' values (everything the page does not set keeps its default). */
export function grpoCoreOf(v: GrpoValues): Omit<GrpoJobSettings, 'task' | 'multiplex'> {
  const { task: _task, multiplex: _multiplex, ...core } = DEFAULT_GRPO;
  return {
    ...core,
    steps: v.steps,
    promptsPerStep: v.prompts,
    groupSize: v.G,
    maxNewTokens: v.max,
    temperature: v.temperature,
    topP: v.topP,
    lr: v.lr,
    warmupSteps: v.warmup,
    epsLow: v.epsLow,
    epsHigh: v.epsHigh,
    dualClip: v.dualClip > 0 ? v.dualClip : null,
    klCoef: v.kl,
    klKind: v.klKind,
    aggregation: v.aggregation,
    scaleByStd: v.advantage === 'mean-std',
    updatesPerBatch: v.updates,
    evalEvery: v.evalEvery,
    heldOut: v.heldOut,
    seed: v.seed,
  };
}

/** The values of GRPO_PARAMS that give back `settings` (a viewed run's, copied into the panel). */
export function grpoValuesOf(settings: Omit<GrpoJobSettings, 'task'>): GrpoValues {
  return {
    G: settings.groupSize,
    prompts: settings.promptsPerStep,
    temperature: settings.temperature,
    topP: settings.topP,
    max: settings.maxNewTokens,
    steps: settings.steps,
    lr: settings.lr,
    warmup: settings.warmupSteps,
    epsLow: settings.epsLow,
    epsHigh: settings.epsHigh,
    dualClip: settings.dualClip ?? 0,
    kl: settings.klCoef,
    klKind: settings.klKind,
    updates: settings.updatesPerBatch,
    aggregation: settings.aggregation,
    advantage: settings.scaleByStd ? 'mean-std' : 'mean',
    evalEvery: settings.evalEvery,
    heldOut: settings.heldOut,
    seed: settings.seed,
  };
}
