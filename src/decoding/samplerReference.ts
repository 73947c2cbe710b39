// The CPU reference of shaders/sample.wgsl: from one row of logits to the distribution actually
// sampled from (temperature, then top-k, then top-p on the renormalised top-k distribution, as HF's
// warpers), a draw from it with the lab's counter-based RNG, and what generation reports about the
// step. Tokens are ranked by logit, ties broken by the lower id, so CPU and GPU agree exactly on
// which tokens survive truncation. The CPU rung samples with this code.
import { rngUniform } from '../model/rng.ts';

export interface SamplingParams {
  /** 0 means greedy: always the top-ranked token, with log-probability 0. */
  temperature: number;
  /** Keep the k highest-ranked tokens; 0 disables. */
  topK: number;
  /** Keep the smallest prefix of ranks whose mass reaches p; 1 disables. */
  topP: number;
}

export const GREEDY: SamplingParams = { temperature: 0, topK: 0, topP: 1 };

export interface SampledStep {
  token: number;
  /** log q(token) under the processed distribution q (0 when greedy). */
  logProb: number;
  /** Entropy of q in nats (0 when greedy). */
  entropy: number;
  /** Tokens by rank (highest logit first, ties to the lower id). */
  ranked: number[];
  /** q over the ranked tokens (0 past the truncation). */
  processed: number[];
  /** softmax(logits) at temperature 1 over the ranked tokens. */
  raw: number[];
  /** log softmax(logits) by token id. */
  rawLogSoftmax: Float64Array;
}

/** NaN logits rank last, as on the GPU (a model that emits them is reported, not sampled). */
function finite(x: number): number {
  return Number.isNaN(x) ? -3.4e38 : x;
}

/** Token ids in rank order: descending logit, ties to the lower id. */
export function rankTokens(logits: ArrayLike<number>): number[] {
  return Array.from({ length: logits.length }, (_, i) => i).sort(
    (a, b) => finite(logits[b]) - finite(logits[a]) || a - b,
  );
}

/** How many ranks survive top-k and top-p, for probabilities p (at the temperature) in rank order. */
export function keptRanks(probs: readonly number[], topK: number, topP: number): number {
  const k = topK > 0 ? Math.min(topK, probs.length) : probs.length;
  if (topP >= 1) return k;
  const mass = probs.slice(0, k).reduce((a, b) => a + b, 0);
  let before = 0;
  let kept = 0;
  while (kept < k && before / mass < topP) before += probs[kept++];
  return Math.max(1, kept);
}

/** The processed distribution of one row and a draw from it with uniform u in [0, 1). */
export function sampleRow(logits: ArrayLike<number>, params: SamplingParams, u: number): SampledStep {
  const ranked = rankTokens(logits);
  const V = ranked.length;
  const max = finite(logits[ranked[0]]);
  const rawExp = ranked.map((t) => Math.exp(finite(logits[t]) - max));
  const rawSum = rawExp.reduce((a, b) => a + b, 0);
  const rawLogSoftmax = new Float64Array(V);
  for (let t = 0; t < V; t++) rawLogSoftmax[t] = finite(logits[t]) - max - Math.log(rawSum);
  const raw = rawExp.map((e) => e / rawSum);
  if (params.temperature <= 0) {
    const processed = ranked.map((_, r) => (r === 0 ? 1 : 0));
    return { token: ranked[0], logProb: 0, entropy: 0, ranked, processed, raw, rawLogSoftmax };
  }
  const scaled = ranked.map((t) => (finite(logits[t]) - max) / params.temperature);
  const exps = scaled.map(Math.exp);
  const total = exps.reduce((a, b) => a + b, 0);
  const kept = keptRanks(
    exps.map((e) => e / total),
    params.topK,
    params.topP,
  );
  const keptSum = exps.slice(0, kept).reduce((a, b) => a + b, 0);
  const processed = exps.map((e, r) => (r < kept ? e / keptSum : 0));
  let chosen = kept - 1;
  let cumulative = 0;
  for (let r = 0; r < kept; r++) {
    cumulative += exps[r];
    if (cumulative > u * keptSum) {
      chosen = r;
      break;
    }
  }
  const logKeptSum = Math.log(keptSum);
  let entropy = 0;
  for (let r = 0; r < kept; r++) entropy -= processed[r] * (scaled[r] - logKeptSum);
  return {
    token: ranked[chosen],
    logProb: scaled[chosen] - logKeptSum,
    entropy,
    ranked,
    processed,
    raw,
    rawLogSoftmax,
  };
}

/** The uniform draw of sequence `sequence` at generation step `step` (slot 0). */
export function stepUniform(seed: number, sequence: number, step: number): number {
  return rngUniform(seed, sequence, step, 0);
}
