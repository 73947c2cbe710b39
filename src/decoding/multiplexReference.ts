// The CPU reference of shaders/multiplex.wgsl, Multiplex Thinking's branch-and-merge step
// (docs/methods/multiplex.md): K independent draws with replacement from the processed next-token
// distribution q — slot j uses the uniform rngUniform(seed, sequence, step, j), so slot 0 is the
// ordinary discrete draw — merged into one input mixture (indices[K], weights[K]):
//   reweighted (the official code's default): w_j = q(k_j) / Σ_j' q(k_j'), duplicates keep their
//     multiplicity, so the weights always sum to 1;
//   averaged: w_j = 1 / K.
// A discrete step (the answer, and the </think> step that ends thinking) is one-hot on slot 0:
// indices all k_0, weights [1, 0, …, 0]; only slots with weight > 0 are part of the trace.
// Example: q = (0.6, 0.3, 0.1) over ranks, draws (rank 0, rank 1, rank 0), reweighted:
//   weights (0.6, 0.3, 0.6) / 1.5 = (0.4, 0.2, 0.4).
import { rngUniform } from '../model/rng.ts';

export type MergeMode = 'reweighted' | 'averaged';

export const MERGE_MODES: readonly MergeMode[] = ['reweighted', 'averaged'];

export interface MultiplexSettings {
  /** K: draws merged per thinking step (1 is discrete decoding). */
  width: number;
  merge: MergeMode;
}

/** The largest K the kernel takes. */
export const MAX_MULTIPLEX_WIDTH = 8;

/** One step's input mixture and the log q of each slot's draw (0 on slots outside the trace). */
export interface MixtureStep {
  indices: number[];
  weights: number[];
  logProbs: number[];
}

/** Throws a RangeError naming what is wrong with the settings. */
export function checkMultiplex({ width, merge }: MultiplexSettings): void {
  if (!Number.isInteger(width) || width < 1 || width > MAX_MULTIPLEX_WIDTH) {
    throw new RangeError(`multiplex width K = ${width} must be a whole number in 1..${MAX_MULTIPLEX_WIDTH}`);
  }
  if (!MERGE_MODES.includes(merge))
    throw new RangeError(`merge mode '${merge}' is not one of ${MERGE_MODES}`);
}

/**
 * The rank a uniform u selects from q (in rank order): the first rank with mass whose cumulative
 * sum exceeds u; past the sum's rounding, the last rank with mass.
 */
export function drawRank(q: ArrayLike<number>, u: number): number {
  let cumulative = 0;
  let last = 0;
  for (let r = 0; r < q.length; r++) {
    if (q[r] <= 0) continue;
    cumulative += q[r];
    last = r;
    if (cumulative > u) return r;
  }
  return last;
}

/**
 * A multiplex step: K draws from q (ranked ids `ranked`, probabilities `q` in rank order) merged
 * as `merge` says. Greedy decoding (temperature 0) draws rank 0 in every slot with log q 0.
 */
export function multiplexStep(
  ranked: readonly number[],
  q: ArrayLike<number>,
  { width, merge }: MultiplexSettings,
  key: { seed: number; sequence: number; step: number },
  greedy: boolean,
): MixtureStep {
  const ranks = Array.from({ length: width }, (_, j) =>
    greedy ? 0 : drawRank(q, rngUniform(key.seed, key.sequence, key.step, j)),
  );
  const mass = ranks.map((r) => q[r]);
  const total = mass.reduce((a, b) => a + b, 0);
  return {
    indices: ranks.map((r) => ranked[r]),
    weights: mass.map((m) => (merge === 'averaged' ? 1 / width : m / total)),
    logProbs: mass.map((m) => (greedy ? 0 : Math.log(m))),
  };
}

/** A discrete step in the mixture form: one-hot on slot 0, which carries the draw's log q. */
export function discreteStep(token: number, logProb: number, width: number): MixtureStep {
  return {
    indices: new Array(width).fill(token),
    weights: Array.from({ length: width }, (_, j) => (j === 0 ? 1 : 0)),
    logProbs: Array.from({ length: width }, (_, j) => (j === 0 ? logProb : 0)),
  };
}
