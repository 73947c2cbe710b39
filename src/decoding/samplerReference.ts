// The CPU reference of shaders/sample.wgsl (and crowding.wgsl when CraEG is on): from one row of
// logits to the distribution actually sampled from — the logits-processor chain of
// logitsProcessors.ts: temperature, top-k, top-p on the renormalised top-k distribution (as HF's
// warpers), min-p, CraEG — a draw from it with the lab's counter-based RNG, and what generation
// reports about the step. Tokens are ranked by logit, ties broken by the lower id, so CPU and GPU
// agree exactly on which tokens survive truncation. The CPU rung samples with this code.
import { rngUniform } from '../model/rng.ts';
import { type CraegParams, crowdStep, type StepCrowding } from './crowdingReference.ts';
import { applyChain, type LogitsProcessor, minP, temperature, topK, topP } from './logitsProcessors.ts';
import { drawRank } from './multiplexReference.ts';

export interface SamplingParams {
  /** 0 means greedy: always the top-ranked token, with log-probability 0. */
  temperature: number;
  /** Keep the k highest-ranked tokens; 0 disables. */
  topK: number;
  /** Keep the smallest prefix of ranks whose mass reaches p; 1 disables. */
  topP: number;
  /** Keep ranks with probability >= minP times the top one's; 0 (or absent) disables. */
  minP?: number;
  /** CraEG's crowding reweighting (our reconstruction); null or absent disables. */
  craeg?: CraegParams | null;
}

export const GREEDY: SamplingParams = { temperature: 0, topK: 0, topP: 1 };

/** The tied embedding as unit rows (unitRows), for CraEG and the crowding metrics. */
export interface EmbeddingGeometry {
  unit: Float64Array;
  d: number;
}

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
  /** The distribution over the ranked tokens after temperature and after truncation. */
  stages: { temperature: number[]; truncation: number[] };
  /** Crowding of the truncated distribution, when a geometry was given. */
  crowding: StepCrowding | null;
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

/**
 * The processed distribution of one row and a draw from it with uniform u in [0, 1). With a
 * geometry the step's crowding is measured (and CraEG, when on, reweights with it).
 */
export function sampleRow(
  logits: ArrayLike<number>,
  params: SamplingParams,
  u: number,
  geometry?: EmbeddingGeometry,
): SampledStep {
  if (params.craeg && !geometry) throw new RangeError('CraEG needs the embedding geometry');
  const ranked = rankTokens(logits);
  const V = ranked.length;
  const max = finite(logits[ranked[0]]);
  const rawExp = ranked.map((t) => Math.exp(finite(logits[t]) - max));
  const rawSum = rawExp.reduce((a, b) => a + b, 0);
  const rawLogSoftmax = new Float64Array(V);
  for (let t = 0; t < V; t++) rawLogSoftmax[t] = finite(logits[t]) - max - Math.log(rawSum);
  const raw = rawExp.map((e) => e / rawSum);
  const greedy = params.temperature <= 0;
  const chain: LogitsProcessor[] = greedy
    ? []
    : [temperature(params.temperature), topK(params.topK), topP(params.topP), minP(params.minP ?? 0)];
  const oneHot = Float64Array.from(ranked, (_, r) => (r === 0 ? 1 : 0));
  const stages = applyChain({ ranked, probs: greedy ? oneHot : Float64Array.from(raw) }, chain);
  const truncated = stages.at(-1)?.probs ?? oneHot;
  const crowding = geometry
    ? crowdStep(ranked, truncated, geometry.unit, geometry.d, params.craeg ?? DISABLED, Boolean(params.craeg))
    : null;
  const q = crowding ? crowding.probs : truncated;
  const processed = Array.from(q);
  const snapshot = { temperature: Array.from(stages[0]?.probs ?? oneHot), truncation: Array.from(truncated) };
  const common = { ranked, processed, raw, rawLogSoftmax, stages: snapshot, crowding };
  if (greedy) return { token: ranked[0], logProb: 0, entropy: 0, ...common };
  let entropy = 0;
  for (let r = 0; r < V; r++) if (q[r] > 0) entropy -= q[r] * Math.log(q[r]);
  const chosen = drawRank(q, u);
  return { token: ranked[chosen], logProb: Math.log(q[chosen]), entropy, ...common };
}

/** Parameters that make crowdStep only measure. */
const DISABLED: CraegParams = { epsilon: 0, tau: 0, kappa: 0, delta: 0, weighting: 'linear' };

/** The uniform draw of sequence `sequence` at generation step `step` (slot 0). */
export function stepUniform(seed: number, sequence: number, step: number): number {
  return rngUniform(seed, sequence, step, 0);
}
