// The whole transformer on the CPU, composed from the ops of reference.ts on HF's unfused weights:
// the oracle for the GPU model (transformer.ts) and the engine of the CPU rung. It runs a chunk —
// for each of B sequences, T new rows at cache positions offset .. offset+count-1 — against a KV
// cache, so prefill (offset 0) and decode (T = 1) are the same code, as on the GPU.
import { dimsOf, type LlamaConfig } from './config.ts';
import { EMBEDDING, FINAL_NORM, layerNames, type ModelWeights } from './parameters.ts';
import {
  attentionForward,
  type ChunkLayout,
  embeddingForward,
  linearForward,
  logSoftmaxForward,
  rmsnormForward,
  ropeForward,
  ropeTable,
  swigluForward,
} from './reference.ts';

/** A chunk's inputs: per row, K (index, weight) pairs into the embedding table. */
export interface ChunkInput extends ChunkLayout {
  K: number;
  /** [B*T*K] */
  indices: Uint32Array;
  /** [B*T*K] */
  weights: Float32Array;
}

/** Builds a chunk of ordinary tokens (K = 1), padding each sequence to the longest with `pad`. */
export function tokenChunk(sequences: number[][], offsets: number[], pad: number): ChunkInput {
  const B = sequences.length;
  const T = Math.max(1, ...sequences.map((s) => s.length));
  const indices = new Uint32Array(B * T).fill(pad);
  sequences.forEach((tokens, b) => {
    indices.set(tokens, b * T);
  });
  return {
    B,
    T,
    offsets,
    counts: sequences.map((s) => s.length),
    K: 1,
    indices,
    weights: new Float32Array(B * T).fill(1),
  };
}

/** Row positions of a chunk; padding rows take the last position so that RoPE stays in range. */
export function rowPositions(layout: ChunkLayout, S: number): Uint32Array {
  const positions = new Uint32Array(layout.B * layout.T);
  for (let b = 0; b < layout.B; b++) {
    for (let t = 0; t < layout.T; t++) positions[b * layout.T + t] = Math.min(layout.offsets[b] + t, S - 1);
  }
  return positions;
}

/** Per layer, keys and values [B, KV, S, D] of B sequences, S = max_position_embeddings. */
export class ReferenceKvCache {
  readonly k: Float32Array[];
  readonly v: Float32Array[];

  constructor(
    config: LlamaConfig,
    readonly B: number,
  ) {
    const { L, KV, D, maxT } = dimsOf(config);
    this.k = Array.from({ length: L }, () => new Float32Array(B * KV * maxT * D));
    this.v = Array.from({ length: L }, () => new Float32Array(B * KV * maxT * D));
  }
}

export interface ReferenceOutput {
  /** [R, V] */
  logits: Float32Array;
  /** [R, V] */
  logProbs: Float32Array;
  /** Per layer, attention probabilities [B, H, T, S]. */
  attention: Float32Array[];
}

/** Checks that every sequence of the chunk fits in the cache. */
export function checkChunk(input: ChunkInput, S: number, cacheRows: number): void {
  if (input.B > cacheRows) throw new RangeError(`chunk has ${input.B} sequences, cache holds ${cacheRows}`);
  for (let b = 0; b < input.B; b++) {
    if (input.counts[b] > input.T || input.offsets[b] + input.counts[b] > S) {
      throw new RangeError(
        `sequence ${b}: rows ${input.offsets[b]}..${input.offsets[b] + input.counts[b] - 1} do not fit ` +
          `${input.T} chunk rows and ${S} positions`,
      );
    }
  }
}

export function referenceForward(
  config: LlamaConfig,
  weights: ModelWeights,
  input: ChunkInput,
  cache: ReferenceKvCache,
): ReferenceOutput {
  const { V, C, L, H, KV, D, F, maxT: S, ropeTheta, eps } = dimsOf(config);
  checkChunk(input, S, cache.B);
  const { B, T } = input;
  const R = B * T;
  const w = (name: string) => weights.get(name) as Float32Array;
  const rope = ropeTable(S, D, ropeTheta);
  const positions = rowPositions(input, S);

  const x = new Float32Array(R * C);
  const xn = new Float32Array(R * C);
  const rstd = new Float32Array(R);
  const q = new Float32Array(R * H * D);
  const k = new Float32Array(R * KV * D);
  const v = new Float32Array(R * KV * D);
  const attn = new Float32Array(R * H * D);
  const gu = new Float32Array(R * 2 * F);
  const h = new Float32Array(R * F);
  const attention: Float32Array[] = [];

  embeddingForward(x, input.indices, input.weights, w(EMBEDDING), R, input.K, C, V);
  for (let layer = 0; layer < L; layer++) {
    const n = layerNames(layer);
    rmsnormForward(xn, rstd, x, w(n.inputNorm), R, C, eps);
    linearForward(q, xn, w(n.q), R, H * D, C);
    linearForward(k, xn, w(n.k), R, KV * D, C);
    linearForward(v, xn, w(n.v), R, KV * D, C);
    ropeForward(q, positions, rope.cos, rope.sin, R, H, D);
    ropeForward(k, positions, rope.cos, rope.sin, R, KV, D);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < input.counts[b]; t++) {
        const p = input.offsets[b] + t;
        for (let kv = 0; kv < KV; kv++) {
          const from = ((b * T + t) * KV + kv) * D;
          const to = ((b * KV + kv) * S + p) * D;
          cache.k[layer].set(k.subarray(from, from + D), to);
          cache.v[layer].set(v.subarray(from, from + D), to);
        }
      }
    }
    const probs = new Float32Array(B * H * T * S);
    attentionForward(attn, probs, q, cache.k[layer], cache.v[layer], input, H, KV, D, S);
    attention.push(probs);
    linearForward(x, attn, w(n.o), R, C, H * D, true);
    rmsnormForward(xn, rstd, x, w(n.postNorm), R, C, eps);
    linearForward(gu, xn, fuseRows(w(n.gate), w(n.up)), R, 2 * F, C);
    swigluForward(h, gu, R, F);
    linearForward(x, h, w(n.down), R, C, F, true);
  }
  rmsnormForward(xn, rstd, x, w(FINAL_NORM), R, C, eps);
  const logits = new Float32Array(R * V);
  linearForward(logits, xn, w(EMBEDDING), R, V, C);
  const logProbs = new Float32Array(R * V);
  logSoftmaxForward(logProbs, logits, R, V);
  return { logits, logProbs, attention };
}

/** Stacks two row-major matrices with the same column count: [a; b]. */
export function fuseRows(...parts: Float32Array[]): Float32Array {
  const fused = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    fused.set(part, at);
    at += part.length;
  }
  return fused;
}
