// The forward's buffers for one chunk shape (B sequences x T rows, K embeddings per input): the
// inputs, the residual stream, each layer's intermediates and the outputs. Without `keep` every
// layer shares one set of intermediates (inference); with `keep` each layer has its own and a
// copy of its residual inputs (per-layer attention maps, and what a backward reads). A `train`
// shape also keeps, and runs attention as matmuls (kernels/attentionMatmul.ts): its chunks start
// at position 0 and its probabilities are [B, H, T, T].
import type { GpuContext } from '../gpu/device.ts';
import type { ModelDims } from './config.ts';

export interface ActivationShape {
  B: number;
  T: number;
  K: number;
  keep: boolean;
  /** A training forward: implies keep; every sequence starts at position 0. */
  train?: boolean;
}

export interface LayerActivations {
  /** [R, C] residual stream entering the layer (kept only) */
  xIn: GPUBuffer | null;
  /** [R] and [R, C]: the attention norm */
  rstd1: GPUBuffer;
  xn1: GPUBuffer;
  /** [R, (H + 2 KV) D] */
  qkv: GPUBuffer;
  /** [R, H D] rotated queries */
  q: GPUBuffer;
  /** attention probabilities: [B, H, T, S], or [B, H, T, T] when training */
  probs: GPUBuffer;
  /** [R, H D] attention output before o_proj */
  attn: GPUBuffer;
  /** [R, C] residual stream after attention (kept only) */
  xMid: GPUBuffer | null;
  /** [R] and [R, C]: the MLP norm */
  rstd2: GPUBuffer;
  xn2: GPUBuffer;
  /** [R, 2F] */
  gu: GPUBuffer;
  /** [R, F] */
  h: GPUBuffer;
}

export interface Activations extends ActivationShape {
  R: number;
  /** u32 [R, K], f32 [R, K], u32 [B, 2] = (offset, count) */
  indices: GPUBuffer;
  weights: GPUBuffer;
  seqs: GPUBuffer;
  /** [R, C] the residual stream, after the last layer */
  x: GPUBuffer;
  layers: LayerActivations[];
  /** [R] and [R, C]: the final norm */
  rstdFinal: GPUBuffer;
  xnFinal: GPUBuffer;
  /** [R, V] */
  logits: GPUBuffer;
  logProbs: GPUBuffer;
  /** [B, H, T, D] scratch of attention as matmuls (train only): queries and outputs head-major */
  heads: { q: GPUBuffer; out: GPUBuffer } | null;
  /** Every buffer above, once. */
  buffers: GPUBuffer[];
}

export function allocateActivations(gpu: GpuContext, dims: ModelDims, shape: ActivationShape): Activations {
  const { C, L, H, KV, D, F, V, maxT: S } = dims;
  const { B, T, K } = shape;
  const train = shape.train ?? false;
  const keep = shape.keep || train;
  const R = B * T;
  const buffers: GPUBuffer[] = [];
  const make = (label: string, elements: number) => {
    const buffer = gpu.buffers.create(`activations.${label}`, 4 * elements);
    buffers.push(buffer);
    return buffer;
  };
  const layer = (tag: string): LayerActivations => ({
    xIn: keep ? make(`${tag}.xIn`, R * C) : null,
    rstd1: make(`${tag}.rstd1`, R),
    xn1: make(`${tag}.xn1`, R * C),
    qkv: make(`${tag}.qkv`, R * (H + 2 * KV) * D),
    q: make(`${tag}.q`, R * H * D),
    probs: make(`${tag}.probs`, B * H * T * (train ? T : S)),
    attn: make(`${tag}.attn`, R * H * D),
    xMid: keep ? make(`${tag}.xMid`, R * C) : null,
    rstd2: make(`${tag}.rstd2`, R),
    xn2: make(`${tag}.xn2`, R * C),
    gu: make(`${tag}.gu`, R * 2 * F),
    h: make(`${tag}.h`, R * F),
  });
  const shared = keep ? null : layer('shared');
  return {
    ...shape,
    keep,
    R,
    indices: make('indices', R * K),
    weights: make('weights', R * K),
    seqs: make('seqs', 2 * B),
    x: make('x', R * C),
    layers: Array.from({ length: L }, (_, l) => shared ?? layer(`layer${l}`)),
    rstdFinal: make('rstdFinal', R),
    xnFinal: make('xnFinal', R * C),
    logits: make('logits', R * V),
    logProbs: make('logProbs', R * V),
    heads: train ? { q: make('qHeads', R * H * D), out: make('outHeads', R * H * D) } : null,
    buffers,
  };
}
