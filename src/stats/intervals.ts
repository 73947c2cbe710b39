// Uncertainty for the figures the lab shows: the Wilson interval of a proportion, a seeded
// percentile bootstrap of a mean over problems (problems resampled with replacement, the unit
// the intervals of the method benchmarks are over), and the paired bootstrap of two arms'
// per-problem difference.
import { mulberry32 } from './random.ts';

/** The 95% Wilson score interval of k successes in n. */
export function wilsonInterval(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.96;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export interface BootstrapEstimate {
  mean: number;
  low: number;
  high: number;
}

/**
 * The mean of `values` (one per problem) with a 95% percentile bootstrap interval from `resamples`
 * resamples drawn with `seed`.
 */
export function bootstrapMean(values: readonly number[], seed: number, resamples = 2000): BootstrapEstimate {
  const n = values.length;
  if (n === 0) throw new RangeError('the bootstrap needs at least one value');
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const random = mulberry32(seed);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)];
    means[b] = sum / n;
  }
  means.sort();
  const at = (q: number) => means[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))];
  return { mean, low: at(0.025), high: at(0.975) };
}

/**
 * `arm` minus `base`, paired by problem (value i of each is problem i): the bootstrap of the
 * per-problem differences. @throws RangeError when the arms cover different numbers of problems
 */
export function pairedDifference(
  arm: readonly number[],
  base: readonly number[],
  seed: number,
  resamples = 2000,
): BootstrapEstimate {
  if (arm.length !== base.length)
    throw new RangeError(
      `the arms must cover the same problems (${arm.length} against ${base.length} values)`,
    );
  return bootstrapMean(
    arm.map((value, i) => value - base[i]),
    seed,
    resamples,
  );
}
