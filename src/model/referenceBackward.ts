// The CPU reference of every backward, paired with the forward ops of reference.ts (llm.c's
// train_gpt2.c style): plain loops, float64 sums, gradients accumulate (+=) into the d* outputs
// so that shared tensors (the tied embedding, GQA key/value heads) sum their contributions. Each
// is checked against finite differences in referenceBackward.test.ts; the GPU backward kernels are
// tested against these. Shape letters as in reference.ts.
import type { ChunkLayout, Floats } from './reference.ts';

/**
 * Scatters each position's gradient into its K embedding rows, weighted: dTable[idx[r,k], c] +=
 * weights[r,k] * dOut[r, c] (indices at or past V are skipped, as in the forward).
 * dTable: [V, C]; dOut: [R, C]; indices, weights: [R, K]
 */
export function embeddingBackward(
  dTable: Floats,
  dOut: Floats,
  indices: Uint32Array,
  weights: Floats,
  R: number,
  K: number,
  C: number,
  V: number,
): void {
  for (let r = 0; r < R; r++) {
    for (let k = 0; k < K; k++) {
      const index = indices[r * K + k];
      if (index >= V) continue;
      const w = weights[r * K + k];
      for (let c = 0; c < C; c++) dTable[index * C + c] += w * dOut[r * C + c];
    }
  }
}

/**
 * y = x * rstd * w: dx[r, i] += rstd (w_i dy_i) - rstd³ x_i / C * sum_j w_j dy_j x_j and
 * dw[i] += sum_r dy[r, i] x[r, i] rstd[r]. dx, dy, x: [R, C]; dw, w: [C]; rstd: [R]
 */
export function rmsnormBackward(
  dx: Floats,
  dw: Floats,
  dy: Floats,
  x: Floats,
  w: Floats,
  rstd: Floats,
  R: number,
  C: number,
): void {
  for (let r = 0; r < R; r++) {
    const s = rstd[r];
    let dot = 0;
    for (let c = 0; c < C; c++) dot += w[c] * dy[r * C + c] * x[r * C + c];
    for (let c = 0; c < C; c++) {
      const at = r * C + c;
      dx[at] += s * w[c] * dy[at] - ((s * s * s) / C) * x[at] * dot;
      dw[c] += dy[at] * x[at] * s;
    }
  }
}

/**
 * The inverse rotation applied to the gradient, in place (RoPE is orthogonal):
 * (d[i], d[i + D/2]) <- (d[i] cos + d[i + D/2] sin, d[i + D/2] cos - d[i] sin).
 * d: [R, heads * D]; positions: [R]; cos, sin: [S, D/2]
 */
export function ropeBackward(
  d: Floats,
  positions: ArrayLike<number>,
  cos: Floats,
  sin: Floats,
  R: number,
  heads: number,
  D: number,
): void {
  const half = D / 2;
  for (let r = 0; r < R; r++) {
    const p = positions[r];
    for (let h = 0; h < heads; h++) {
      const base = (r * heads + h) * D;
      for (let i = 0; i < half; i++) {
        const c = cos[p * half + i];
        const s = sin[p * half + i];
        const a = d[base + i];
        const b = d[base + i + half];
        d[base + i] = a * c + b * s;
        d[base + i + half] = b * c - a * s;
      }
    }
  }
}

/**
 * The backward of attentionForward. With dP_s = dOut · v_s and dScore_s = P_s (dP_s − sum P dP):
 * dq += scale sum_s dScore_s k_s; dk_s += scale dScore_s q; dv_s += P_s dOut. dk and dv are in the
 * cache layout, so query heads sharing a KV head sum into it.
 * dq, q, dOut: [R, H*D]; dk, dv, kCache, vCache: [B, KV, S, D]; probs: [B, H, T, S]
 */
export function attentionBackward(
  dq: Floats,
  dk: Floats,
  dv: Floats,
  dOut: Floats,
  q: Floats,
  kCache: Floats,
  vCache: Floats,
  probs: Floats,
  layout: ChunkLayout,
  H: number,
  KV: number,
  D: number,
  S: number,
): void {
  const { B, T, offsets, counts } = layout;
  const scale = 1 / Math.sqrt(D);
  const dScore = new Float64Array(S);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const kvBase = (b * KV + Math.floor(h / (H / KV))) * S * D;
      for (let t = 0; t < counts[b] && t < T; t++) {
        const row = b * T + t;
        const qBase = (row * H + h) * D;
        const pBase = ((b * H + h) * T + t) * S;
        const p = offsets[b] + t;
        let weighted = 0;
        for (let s = 0; s <= p; s++) {
          let dp = 0;
          for (let d = 0; d < D; d++) dp += dOut[qBase + d] * vCache[kvBase + s * D + d];
          dScore[s] = dp;
          weighted += probs[pBase + s] * dp;
        }
        for (let s = 0; s <= p; s++) {
          const prob = probs[pBase + s];
          const ds = prob * (dScore[s] - weighted) * scale;
          for (let d = 0; d < D; d++) {
            dq[qBase + d] += ds * kCache[kvBase + s * D + d];
            dk[kvBase + s * D + d] += ds * q[qBase + d];
            dv[kvBase + s * D + d] += prob * dOut[qBase + d];
          }
        }
      }
    }
  }
}

/**
 * h = silu(g) u: dg += dh u silu'(g), du += dh silu(g), with silu'(g) = σ(g)(1 + g(1 − σ(g))).
 * dgu, gu: [R, 2F] (gate columns, then up columns); dh: [R, F]
 */
export function swigluBackward(dgu: Floats, dh: Floats, gu: Floats, R: number, F: number): void {
  for (let r = 0; r < R; r++) {
    for (let f = 0; f < F; f++) {
      const g = gu[r * 2 * F + f];
      const u = gu[r * 2 * F + F + f];
      const sigma = 1 / (1 + Math.exp(-g));
      const d = dh[r * F + f];
      dgu[r * 2 * F + f] += d * u * sigma * (1 + g * (1 - sigma));
      dgu[r * 2 * F + F + f] += d * g * sigma;
    }
  }
}

/**
 * out = x · wᵀ: dx += dOut · w and dw += dOutᵀ · x.
 * dx, x: [M, K]; dw, w: [N, K]; dOut: [M, N]
 */
export function linearBackward(
  dx: Floats,
  dw: Floats,
  dOut: Floats,
  x: Floats,
  w: Floats,
  M: number,
  N: number,
  K: number,
): void {
  for (let m = 0; m < M; m++) {
    for (let k = 0; k < K; k++) {
      let sum = 0;
      for (let n = 0; n < N; n++) sum += dOut[m * N + n] * w[n * K + k];
      dx[m * K + k] += sum;
    }
  }
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      let sum = 0;
      for (let m = 0; m < M; m++) sum += dOut[m * N + n] * x[m * K + k];
      dw[n * K + k] += sum;
    }
  }
}

/** log sum_v exp(logits[r, v]), computed stably. */
function rowLogSumExp(logits: Floats, r: number, V: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < V; v++) max = Math.max(max, logits[r * V + v]);
  let sum = 0;
  for (let v = 0; v < V; v++) sum += Math.exp(logits[r * V + v] - max);
  return max + Math.log(sum);
}

/** Rows that count in a loss: weight per row (0 or 1 for a mask), and their total. */
function maskTotal(mask: ArrayLike<number>, R: number): number {
  let total = 0;
  for (let r = 0; r < R; r++) total += mask[r];
  return total;
}

/**
 * Mean cross-entropy over masked targets, from logits, with TK targets per row (a multiplex
 * step's K draws are all targets of one position): loss = sum_rj mask_rj (−log softmax(x_r)[t_rj])
 * / sum mask; dLogits (set, not accumulated) = sum_j mask_rj (softmax(x_r) − onehot(t_rj)) / sum
 * mask. dLogits, logits: [R, V]; targets, mask: [R, TK]. `total` replaces sum mask when given (1:
 * the mask holds weights of a plain sum). Returns the loss (0 when nothing is masked in).
 */
export function crossEntropyForwardBackward(
  dLogits: Floats,
  logits: Floats,
  targets: ArrayLike<number>,
  mask: ArrayLike<number>,
  R: number,
  V: number,
  total = maskTotal(mask, R * targetsPerRowOf(targets, R)),
  TK = targetsPerRowOf(targets, R),
): number {
  let loss = 0;
  for (let r = 0; r < R; r++) {
    const logSum = rowLogSumExp(logits, r, V);
    for (let v = 0; v < V; v++) dLogits[r * V + v] = 0;
    for (let j = 0; j < TK; j++) {
      const weight = total > 0 ? mask[r * TK + j] / total : 0;
      const target = targets[r * TK + j];
      loss += weight * (logSum - logits[r * V + target]);
      for (let v = 0; v < V; v++) {
        const p = Math.exp(logits[r * V + v] - logSum);
        dLogits[r * V + v] += weight * (p - (v === target ? 1 : 0));
      }
    }
  }
  return loss;
}

/** Targets per row of a [R, TK] target array. */
export function targetsPerRowOf(targets: ArrayLike<number>, R: number): number {
  const TK = targets.length / R;
  if (!Number.isInteger(TK) || TK < 1) throw new RangeError(`${targets.length} targets for ${R} rows`);
  return TK;
}

/**
 * Mean KL(p || q) over masked rows, q = softmax(logits), p a target distribution per row (for
 * distillation): loss = sum_r mask_r sum_v p (log p − log q) / sum mask; dLogits (set) =
 * mask_r (q − p) / sum mask. dLogits, logits, targetProbs: [R, V]; mask: [R].
 */
export function softTargetKlForwardBackward(
  dLogits: Floats,
  logits: Floats,
  targetProbs: Floats,
  mask: ArrayLike<number>,
  R: number,
  V: number,
  total = maskTotal(mask, R),
): number {
  let loss = 0;
  for (let r = 0; r < R; r++) {
    const logSum = rowLogSumExp(logits, r, V);
    const weight = total > 0 ? mask[r] / total : 0;
    for (let v = 0; v < V; v++) {
      const p = targetProbs[r * V + v];
      const logQ = logits[r * V + v] - logSum;
      if (p > 0) loss += weight * p * (Math.log(p) - logQ);
      dLogits[r * V + v] = weight * (Math.exp(logQ) - p);
    }
  }
  return loss;
}

/**
 * Backward of causalSoftmaxRows: given dP (the gradient of probs), the gradient of the scores,
 * dS[r, j] += scale * probs[r, j] * (dP[r, j] - sum_i probs[r, i] dP[r, i]) on the row's keys.
 */
export function causalSoftmaxRowsBackward(
  dScores: Floats,
  dProbs: Floats,
  probs: Floats,
  counts: ArrayLike<number>,
  B: number,
  H: number,
  T: number,
  scale: number,
): void {
  for (let row = 0; row < B * H * T; row++) {
    const t = row % T;
    const b = Math.floor(row / (H * T));
    const keys = t < counts[b] ? t + 1 : 0;
    const base = row * T;
    let dot = 0;
    for (let j = 0; j < keys; j++) dot += probs[base + j] * dProbs[base + j];
    for (let j = 0; j < keys; j++) dScores[base + j] += scale * probs[base + j] * (dProbs[base + j] - dot);
  }
}
