// The optimizer's CPU reference: AdamW exactly as PyTorch's torch.optim.AdamW computes it
// (decoupled weight decay, bias-corrected moments, eps added after the bias-corrected sqrt),
// global-norm gradient clipping, and the warm-up + cosine learning-rate schedule. The GPU
// optimizer (adamw.ts, shaders/adamw.wgsl) is tested against these.

export interface AdamWSettings {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Clip the global gradient norm to this (Infinity: no clipping). */
  clipNorm: number;
}

export const DEFAULT_ADAMW: AdamWSettings = {
  beta1: 0.9,
  beta2: 0.95,
  eps: 1e-8,
  weightDecay: 0.1,
  clipNorm: 1,
};

export interface Schedule {
  peakLr: number;
  warmupSteps: number;
  totalSteps: number;
  /** The last learning rate as a fraction of the peak. */
  minRatio: number;
}

/** Learning rate of 1-based `step`: linear warm-up to the peak, then cosine down to peak * minRatio. */
export function learningRate(step: number, s: Schedule): number {
  if (step <= s.warmupSteps) return (s.peakLr * step) / Math.max(1, s.warmupSteps);
  const progress = Math.min(1, (step - s.warmupSteps) / Math.max(1, s.totalSteps - s.warmupSteps));
  const min = s.peakLr * s.minRatio;
  return min + 0.5 * (s.peakLr - min) * (1 + Math.cos(Math.PI * progress));
}

/** The factor every gradient is multiplied by: min(1, clipNorm / (norm + 1e-6)). */
export function clipScale(globalNorm: number, clipNorm: number): number {
  return Math.min(1, clipNorm / (globalNorm + 1e-6));
}

export function globalNorm(grads: Iterable<ArrayLike<number>>): number {
  let sum = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) sum += g[i] * g[i];
  return Math.sqrt(sum);
}

/**
 * One AdamW update of one tensor in place (param, m, v), 1-based `step`, gradient scaled by
 * `gradScale` (clipping); `decay` false exempts the tensor (norm weights) from weight decay.
 */
export function adamwUpdate(
  param: Float32Array | Float64Array,
  grad: ArrayLike<number>,
  m: Float32Array | Float64Array,
  v: Float32Array | Float64Array,
  step: number,
  lr: number,
  settings: AdamWSettings,
  decay: boolean,
  gradScale = 1,
): void {
  const { beta1, beta2, eps } = settings;
  const bias1 = 1 - beta1 ** step;
  const bias2 = 1 - beta2 ** step;
  const decayFactor = 1 - lr * (decay ? settings.weightDecay : 0);
  for (let i = 0; i < param.length; i++) {
    const g = grad[i] * gradScale;
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    const denom = Math.sqrt(v[i]) / Math.sqrt(bias2) + eps;
    param[i] = param[i] * decayFactor - (lr / bias1) * (m[i] / denom);
  }
}

/** Weight decay applies to matrices (projections, the embedding), not to norm weights. */
export function decays(tensorName: string): boolean {
  return !tensorName.endsWith('norm.weight');
}
