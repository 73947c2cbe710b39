// The one allowed range of each sampling parameter, on every page that samples (Attention,
// Microscope, Multiplex, RL and every method after them): a page picks the parameters it offers
// and their defaults, never their range. Temperature 0 is greedy; a trainer that needs sampling
// (GRPO) says so when a run would start, rather than offering another range.
import { floatParam, intParam, type ParamSpec } from '../../url.ts';

export const SAMPLING_RANGES = {
  temperature: { min: 0, max: 5, whole: false, label: 'temperature (0 = greedy)', step: 0.1 },
  topK: { min: 0, max: 1024, whole: true, label: 'top-k (0 = off)', step: 1 },
  topP: { min: 0.01, max: 1, whole: false, label: 'top-p', step: 0.05 },
  minP: { min: 0, max: 1, whole: false, label: 'min-p (0 = off)', step: 0.01 },
  seed: { min: 0, max: 2 ** 31 - 1, whole: true, label: 'seed', step: 1 },
  /** The most a page lets the model write; the model's context can allow fewer. */
  max: { min: 1, max: 256, whole: true, label: 'max new tokens', step: 1 },
} as const;

export type SamplingName = keyof typeof SAMPLING_RANGES;

/** The URL parameters of the named sampling settings, with the page's defaults. */
export function samplingParams<N extends SamplingName>(
  defaults: Record<N, number>,
): Record<N, ParamSpec<number>> {
  const specs = {} as Record<N, ParamSpec<number>>;
  for (const name of Object.keys(defaults) as N[]) {
    const { min, max, whole } = SAMPLING_RANGES[name];
    specs[name] = (whole ? intParam : floatParam)(defaults[name], min, max);
  }
  return specs;
}
