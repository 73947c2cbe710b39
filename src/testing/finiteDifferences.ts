// Whole-model gradients against central finite differences in float64, for the reference
// backward tests: weights scaled up from a seeded init (so that the activations are not all in the
// linear range of every op), and every parameter tensor probed at seeded elements.
import { expect } from 'vitest';
import type { LlamaConfig } from '../model/config.ts';
import { parameterTable, randomWeights } from '../model/parameters.ts';
import { mulberry32 } from './random.ts';

/** A seeded init in float64, matrices ×25 and norm weights moved off 1. */
export function probeWeights(config: LlamaConfig, seed: number): Map<string, Float64Array> {
  const weights = new Map<string, Float64Array>();
  for (const [name, data] of randomWeights(config, seed)) {
    weights.set(
      name,
      Float64Array.from(data, (v) => (name.endsWith('norm.weight') ? v + 0.3 * Math.sin(v * 7 + 1) : v * 25)),
    );
  }
  return weights;
}

/** Checks `grads` at `probes` elements per tensor against (loss(w + h) − loss(w − h)) / 2h. */
export function expectFiniteDifferenceGradients(
  config: LlamaConfig,
  weights: Map<string, Float64Array>,
  grads: ReadonlyMap<string, ArrayLike<number>>,
  loss: () => number,
  { probes, seed, eps = 1e-6 }: { probes: number; seed: number; eps?: number },
): void {
  const next = mulberry32(seed);
  for (const { name } of parameterTable(config)) {
    const data = weights.get(name) as Float64Array;
    const analytic = grads.get(name) as ArrayLike<number>;
    for (let probe = 0; probe < probes; probe++) {
      const i = Math.floor(next() * data.length);
      const original = data[i];
      data[i] = original + eps;
      const plus = loss();
      data[i] = original - eps;
      const minus = loss();
      data[i] = original;
      const numeric = (plus - minus) / (2 * eps);
      expect(Math.abs(analytic[i] - numeric), `${name}[${i}]: ${analytic[i]} vs ${numeric}`).toBeLessThan(
        1e-7 + 1e-5 * Math.abs(numeric),
      );
    }
  }
}
