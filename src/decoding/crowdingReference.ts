// The CPU reference of shaders/crowding.wgsl: embedding-space crowding of a next-token
// distribution and CraEG's reweighting, as the lab reconstructs them (docs/methods/craeg.md: the
// paper's exact equations are not public; this is our operational definition, labelled as ours
// wherever it is shown).
//   Candidates S: the first ≤ 32 ranks of the processed distribution with q > 1e-12, with p
//   renormalised over S. ê_v = E_v / ‖E_v‖ (rows of the tied embedding), s_uv = cos(ê_u, ê_v).
//   Token crowding  c_v = Σ_{u∈S, u≠v} p_u · max(0, s_uv) / (1 − p_v)   (0 when p_v = 1)
//   Step crowding   C_t = Σ_{u≠v∈S} p_u p_v max(0, s_uv) / (1 − Σ_u p_u²)   (0 when Σ p_u² > 1 − 1e-6)
//   Both are clamped to [0, 1] against rounding, as the kernel does.
//   Heavy set       H = {v ∈ S : p_v ≥ ε·max p and c_v ≥ τ}; weight w_v = c_v (linear) or c_v²
//   Strength        Δ_t = κ · C_t · Σ_{v∈H} p_v;  λ_t = Δ_t / Σ_{v∈H} p_v w_v, clipped so that
//                   λ_t · w_v ≤ 1 − δ;  p′_v = p_v (1 − λ_t w_v), then renormalised over all ranks.
// With C_t = 0 (or H empty) p′ = p exactly.

/** Most candidates the crowding of one step looks at (the kernel's Gram matrix is 32 x 32). */
export const MAX_CROWDING_CANDIDATES = 32;

/** Ranks with less probability carry no mass here (f32 underflows near this; f64 does not). */
export const MIN_CANDIDATE_MASS = 1e-12;

export type CraegWeighting = 'linear' | 'nonlinear';

export interface CraegParams {
  /** Relative probability floor of the heavy set (ε). */
  epsilon: number;
  /** Token-crowding threshold of the heavy set (τ). */
  tau: number;
  /** Share of the heavy set's mass to remove, scaled by step crowding (κ). */
  kappa: number;
  /** Smallest factor a reweighted token keeps (δ). */
  delta: number;
  weighting: CraegWeighting;
}

export const DEFAULT_CRAEG: CraegParams = {
  epsilon: 0.1,
  tau: 0.3,
  kappa: 0.3,
  delta: 0.05,
  weighting: 'linear',
};

export interface StepCrowding {
  /** Candidates: how many leading ranks the crowding looked at. */
  candidates: number;
  /** c_v per candidate rank. */
  tokenCrowding: Float64Array;
  /** C_t. */
  stepCrowding: number;
  /** Whether each candidate rank is in the heavy set H. */
  heavy: Uint8Array;
  /** λ_t after clipping. */
  lambda: number;
  /** The distribution after reweighting, in rank order, summing to 1. */
  probs: Float64Array;
}

/** Rows of `embedding` [V, d] scaled to unit length (a zero row stays zero). */
export function unitRows(embedding: Float32Array, V: number, d: number): Float64Array {
  const unit = new Float64Array(V * d);
  for (let v = 0; v < V; v++) {
    let norm = 0;
    for (let k = 0; k < d; k++) norm += embedding[v * d + k] ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < d; k++) unit[v * d + k] = embedding[v * d + k] * scale;
  }
  return unit;
}

function cosine(unit: Float64Array, d: number, a: number, b: number): number {
  let dot = 0;
  for (let k = 0; k < d; k++) dot += unit[a * d + k] * unit[b * d + k];
  return dot;
}

/**
 * Crowding of one step and CraEG's reweighting of it. `ranked`: token ids in rank order; `probs`:
 * the processed distribution over those ranks (0 past the truncation); `unit`: unitRows of the
 * embedding. `reweight: false` measures only (probs come back unchanged).
 */
export function crowdStep(
  ranked: readonly number[],
  probs: ArrayLike<number>,
  unit: Float64Array,
  d: number,
  params: CraegParams,
  reweight = true,
): StepCrowding {
  let n = 0;
  while (n < Math.min(MAX_CROWDING_CANDIDATES, ranked.length) && probs[n] > MIN_CANDIDATE_MASS) n++;
  const mass = Array.from({ length: n }, (_, i) => probs[i]).reduce((a, b) => a + b, 0);
  const p = Float64Array.from({ length: n }, (_, i) => probs[i] / mass);
  const similarity = (i: number, j: number) => Math.max(0, cosine(unit, d, ranked[i], ranked[j]));

  const tokenCrowding = new Float64Array(n);
  let pairs = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    squares += p[i] * p[i];
    let near = 0;
    for (let j = 0; j < n; j++) if (j !== i) near += p[j] * similarity(i, j);
    pairs += p[i] * near;
    tokenCrowding[i] = 1 - p[i] > 0 ? Math.min(1, Math.max(0, near / (1 - p[i]))) : 0;
  }
  const stepCrowding = 1 - squares > 1e-6 ? Math.min(1, Math.max(0, pairs / (1 - squares))) : 0;

  const out = Float64Array.from({ length: ranked.length }, (_, r) => probs[r]);
  const heavy = new Uint8Array(n);
  const pMax = n > 0 ? p[0] : 0;
  let heavyMass = 0;
  let weighted = 0;
  let wMax = 0;
  const weight = (i: number) =>
    params.weighting === 'linear' ? tokenCrowding[i] : tokenCrowding[i] * tokenCrowding[i];
  for (let i = 0; i < n; i++) {
    if (p[i] >= params.epsilon * pMax && tokenCrowding[i] >= params.tau) {
      heavy[i] = 1;
      heavyMass += p[i];
      weighted += p[i] * weight(i);
      wMax = Math.max(wMax, weight(i));
    }
  }
  const target = params.kappa * stepCrowding * heavyMass;
  let lambda = weighted > 0 ? target / weighted : 0;
  if (wMax > 0) lambda = Math.min(lambda, (1 - params.delta) / wMax);
  if (!reweight || lambda <= 0)
    return { candidates: n, tokenCrowding, stepCrowding, heavy, lambda, probs: out };
  let total = 0;
  for (let r = 0; r < ranked.length; r++) {
    if (r < n && heavy[r]) out[r] *= 1 - lambda * weight(r);
    total += out[r];
  }
  for (let r = 0; r < ranked.length; r++) out[r] /= total;
  return { candidates: n, tokenCrowding, stepCrowding, heavy, lambda, probs: out };
}
