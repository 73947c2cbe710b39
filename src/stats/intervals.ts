// Uncertainty for the figures the lab shows: the Wilson interval of a proportion, a seeded
// percentile bootstrap of a mean over problems (problems resampled with replacement, the unit
// the intervals of the method benchmarks are over), the paired bootstrap of two arms'
// per-problem difference, and Newcombe's interval of a difference of two proportions (counts only).
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

/**
 * p1 - p2 for k1 of n1 against k2 of n2, with Newcombe's 95% hybrid score interval (method 10 of
 * Newcombe 1998, built from the two Wilson intervals). It treats the samples as independent; for
 * the same problems scored twice (positively correlated) it is conservative.
 */
export function proportionDifference(k1: number, n1: number, k2: number, n2: number): BootstrapEstimate {
  const p1 = n1 > 0 ? k1 / n1 : 0;
  const p2 = n2 > 0 ? k2 / n2 : 0;
  const [low1, high1] = wilsonInterval(k1, n1);
  const [low2, high2] = wilsonInterval(k2, n2);
  const mean = p1 - p2;
  return {
    mean,
    low: mean - Math.hypot(p1 - low1, high2 - p2),
    high: mean + Math.hypot(high1 - p1, p2 - low2),
  };
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
