// The CPU reference of the transformer, written to be obviously right rather than fast (as llm.c's
// train_gpt2.c): plain loops, float64 accumulation, output first, then inputs, then sizes; each
// argument's shape in the comment above. Every GPU kernel is tested against the op of the same
// name here, the GPU model against referenceForward (reference.model.ts), and both against the
// PyTorch golden fixtures. Shape letters: B sequences, T rows per sequence in a chunk, R = B*T,
// S cache positions, C hidden, H heads, KV key/value heads, D head dim, F MLP width, V vocab,
// K embeddings mixed per input position.

/** Float32 in the lab, float64 in the finite-difference tests. */
export type Floats = Float32Array | Float64Array;

/**
 * out[r, c] = sum_k weights[r, k] * table[indices[r, k], c]: each input is a mixture of K token
 * embeddings (K = 1, weight 1 for an ordinary token). Indices outside the table contribute 0.
 * out: [R, C]; indices, weights: [R, K]; table: [V, C]
 */
export function embeddingForward(
  out: Floats,
  indices: Uint32Array,
  weights: Floats,
  table: Floats,
  R: number,
  K: number,
  C: number,
  V: number,
): void {
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const index = indices[r * K + k];
        if (index < V) sum += weights[r * K + k] * table[index * C + c];
      }
      out[r * C + c] = sum;
    }
  }
}

/**
 * out[r, c] = x[r, c] * rstd[r] * w[c], rstd[r] = 1 / sqrt(mean_c x[r, c]² + eps) (kept for the
 * backward). out: [R, C]; rstd: [R]; x: [R, C]; w: [C]
 */
export function rmsnormForward(
  out: Floats,
  rstd: Floats,
  x: Floats,
  w: Floats,
  R: number,
  C: number,
  eps: number,
): void {
  for (let r = 0; r < R; r++) {
    let sumSquares = 0;
    for (let c = 0; c < C; c++) sumSquares += x[r * C + c] ** 2;
    const s = 1 / Math.sqrt(sumSquares / C + eps);
    rstd[r] = s;
    for (let c = 0; c < C; c++) out[r * C + c] = x[r * C + c] * s * w[c];
  }
}

/**
 * The rotary table HF's LlamaRotaryEmbedding uses: angle(p, i) = p * theta^(-2i/D) for positions
 * p < S and pairs i < D/2, computed in float64. cos, sin: [S, D/2]
 */
export function ropeTable(S: number, D: number, theta: number): { cos: Float32Array; sin: Float32Array } {
  const half = D / 2;
  const cos = new Float32Array(S * half);
  const sin = new Float32Array(S * half);
  for (let p = 0; p < S; p++) {
    for (let i = 0; i < half; i++) {
      const angle = p * theta ** ((-2 * i) / D);
      cos[p * half + i] = Math.cos(angle);
      sin[p * half + i] = Math.sin(angle);
    }
  }
  return { cos, sin };
}

/**
 * Rotary embedding in HF's rotate-half convention, in place, on every head of each row:
 * (x[i], x[i + D/2]) <- (x[i] cos - x[i + D/2] sin, x[i + D/2] cos + x[i] sin) at the row's position.
 * x: [R, heads * D]; positions: [R]; cos, sin: [S, D/2] (ropeTable)
 */
export function ropeForward(
  x: Floats,
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
        const a = x[base + i];
        const b = x[base + i + half];
        x[base + i] = a * c - b * s;
        x[base + i + half] = b * c + a * s;
      }
    }
  }
}

/** Where each sequence of a chunk stands: its rows sit at cache positions offset .. offset+count-1. */
export interface ChunkLayout {
  B: number;
  /** Rows per sequence; rows t >= counts[b] are padding. */
  T: number;
  offsets: ArrayLike<number>;
  counts: ArrayLike<number>;
}

/**
 * Causal attention of each chunk row against its sequence's cache. Row (b, t) sits at position
 * p = offsets[b] + t and attends to cache positions 0..p; query head h reads key/value head
 * h / (H / KV) (grouped KV). probs[b, h, t, s] = softmax_s(q·k_s / sqrt(D)), 0 for s > p;
 * padding rows (t >= counts[b]) get out = 0 and probs = 0.
 * out: [R, H*D]; probs: [B, H, T, S]; q: [R, H*D] (rotated); kCache, vCache: [B, KV, S, D]
 */
export function attentionForward(
  out: Floats,
  probs: Floats,
  q: Floats,
  kCache: Floats,
  vCache: Floats,
  layout: ChunkLayout,
  H: number,
  KV: number,
  D: number,
  S: number,
): void {
  const { B, T, offsets, counts } = layout;
  const scale = 1 / Math.sqrt(D);
  const scores = new Float64Array(S);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const kvBase = (b * KV + Math.floor(h / (H / KV))) * S * D;
      for (let t = 0; t < T; t++) {
        const row = b * T + t;
        const probBase = ((b * H + h) * T + t) * S;
        probs.fill(0, probBase, probBase + S);
        out.fill(0, (row * H + h) * D, (row * H + h + 1) * D);
        if (t >= counts[b]) continue;
        const p = offsets[b] + t;
        let max = Number.NEGATIVE_INFINITY;
        for (let s = 0; s <= p; s++) {
          let dot = 0;
          for (let d = 0; d < D; d++) dot += q[(row * H + h) * D + d] * kCache[kvBase + s * D + d];
          scores[s] = dot * scale;
          max = Math.max(max, scores[s]);
        }
        let sum = 0;
        for (let s = 0; s <= p; s++) {
          scores[s] = Math.exp(scores[s] - max);
          sum += scores[s];
        }
        for (let s = 0; s <= p; s++) probs[probBase + s] = scores[s] / sum;
        for (let d = 0; d < D; d++) {
          let acc = 0;
          for (let s = 0; s <= p; s++) acc += (scores[s] / sum) * vCache[kvBase + s * D + d];
          out[(row * H + h) * D + d] = acc;
        }
      }
    }
  }
}

/**
 * SwiGLU on the fused gate/up projection: out[r, f] = silu(gu[r, f]) * gu[r, F + f],
 * silu(x) = x / (1 + e^-x). out: [R, F]; gu: [R, 2F] (gate columns, then up columns)
 */
export function swigluForward(out: Floats, gu: Floats, R: number, F: number): void {
  for (let r = 0; r < R; r++) {
    for (let f = 0; f < F; f++) {
      const gate = gu[r * 2 * F + f];
      out[r * F + f] = (gate / (1 + Math.exp(-gate))) * gu[r * 2 * F + F + f];
    }
  }
}

/** out[r, v] = log softmax_v(x[r, ·]). out, x: [R, V] */
export function logSoftmaxForward(out: Floats, x: Floats, R: number, V: number): void {
  for (let r = 0; r < R; r++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let v = 0; v < V; v++) max = Math.max(max, x[r * V + v]);
    let sum = 0;
    for (let v = 0; v < V; v++) sum += Math.exp(x[r * V + v] - max);
    const logSum = max + Math.log(sum);
    for (let v = 0; v < V; v++) out[r * V + v] = x[r * V + v] - logSum;
  }
}

/**
 * Per row, the log-probability of each of its TK targets and the entropy of softmax(logits[r]),
 * in nats. logits: [R, V]; targets: [R, TK] (TK = targets.length / R); logProb: [R, TK].
 */
export function logProbRows(
  logits: Floats,
  targets: ArrayLike<number>,
  R: number,
  V: number,
): { logProb: Float64Array; entropy: Float64Array } {
  const TK = targets.length / R;
  if (!Number.isInteger(TK) || TK < 1) throw new RangeError(`${targets.length} targets for ${R} rows`);
  const logQ = new Float64Array(R * V);
  logSoftmaxForward(logQ, logits, R, V);
  const logProb = new Float64Array(R * TK);
  const entropy = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    for (let j = 0; j < TK; j++) logProb[r * TK + j] = logQ[r * V + targets[r * TK + j]];
    for (let v = 0; v < V; v++) entropy[r] -= Math.exp(logQ[r * V + v]) * logQ[r * V + v];
  }
  return { logProb, entropy };
}

/** out[r, v] = softmax_v(x[r, ·]). out, x: [R, V] */
export function softmaxForward(out: Floats, x: Floats, R: number, V: number): void {
  logSoftmaxForward(out, x, R, V);
  for (let i = 0; i < R * V; i++) out[i] = Math.exp(out[i]);
}

/**
 * out[m, n] = sum_k x[m, k] * w[n, k] (+ out[m, n] when accumulating): a Linear layer in HF's
 * [out, in] weight layout; accumulating is how a block adds into the residual stream.
 * out: [M, N]; x: [M, K]; w: [N, K]
 */
export function linearForward(
  out: Floats,
  x: Floats,
  w: Floats,
  M: number,
  N: number,
  K: number,
  accumulate = false,
): void {
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let sum = accumulate ? out[m * N + n] : 0;
      for (let k = 0; k < K; k++) sum += x[m * K + k] * w[n * K + k];
      out[m * N + n] = sum;
    }
  }
}

/**
 * The softmax of attention-as-matmuls (shaders/attention_matmul.wgsl): each row (b, h, t) of
 * scores [B, H, T, T] becomes softmax_j(scale * score) over j <= t when t < counts[b], else 0.
 */
export function causalSoftmaxRows(
  probs: Floats,
  scores: Floats,
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
    let max = -Infinity;
    for (let j = 0; j < keys; j++) max = Math.max(max, scale * scores[base + j]);
    let total = 0;
    for (let j = 0; j < keys; j++) total += Math.exp(scale * scores[base + j] - max);
    for (let j = 0; j < T; j++)
      probs[base + j] = j < keys ? Math.exp(scale * scores[base + j] - max) / total : 0;
  }
}

/** out[a, y, x, d] = x[a, x, y, d]: between [B, T, H, D] and [B, H, T, D]. */
export function swapAxes(out: Floats, x: Floats, A: number, X: number, Y: number, D: number): void {
  for (let a = 0; a < A; a++)
    for (let i = 0; i < X; i++)
      for (let j = 0; j < Y; j++)
        for (let d = 0; d < D; d++) out[((a * Y + j) * X + i) * D + d] = x[((a * X + i) * Y + j) * D + d];
}
