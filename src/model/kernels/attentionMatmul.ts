// Attention of a training chunk as batched matmuls (shaders/attention_matmul.wgsl says how): the
// forward and backward of the same causal attention as attention.ts / the attention backward, for
// chunks whose sequences all start at position 0. On SwiftShader the register-blocked matmuls run
// ~10x faster than the one-row-per-invocation kernels (bench `train`); told the attention is
// causal (causalPeriod T), they skip the blocks above the diagonal, ~47% of the work at T = 256. Batch z = b * KV + kv holds the G = H / KV query heads
// of a group as G*T stacked rows, so every operand is one contiguous block per z.
import wgsl from '../../../shaders/attention_matmul.wgsl?raw';
import type { BufferRef } from '../../gpu/buffers.ts';
import type { GpuContext } from '../../gpu/device.ts';
import {
  type CommandBatch,
  compileKernel,
  gridFor,
  type Kernel,
  requireElements,
} from '../../gpu/dispatch.ts';
import type { Matmul } from '../../gpu/kernels/matmul.ts';
import { uniformLayout } from '../../gpu/uniforms.ts';
import type { AttentionSizes } from './attention.ts';

const ROW_WG = 4;
const ELEMENT_WG = 64;
const uniforms = uniformLayout('AttentionMatmulSizes', {
  B: 'u32',
  H: 'u32',
  T: 'u32',
  scale: 'f32',
  A: 'u32',
  X: 'u32',
  Y: 'u32',
  D: 'u32',
});
type Fields = typeof uniforms.fields;

export interface AttentionMatmulForward {
  /** [B*T, H D] rotated queries */
  q: BufferRef;
  /** [>= B, KV, S, D] each; rows 0..T-1 of every sequence hold the chunk's keys and values */
  kCache: BufferRef;
  vCache: BufferRef;
  /** u32 [B, 2]: (offset = 0, count) */
  seqs: BufferRef;
  /** [B, H, T, T] out: the probabilities (what the backward reads) */
  probs: BufferRef;
  /** [B*T, H D] out */
  out: BufferRef;
  /** [B*T*H*D] scratch each */
  qHeads: BufferRef;
  outHeads: BufferRef;
}

export interface AttentionMatmulBackward {
  /** [B*T, H D] gradient of the output */
  dOut: BufferRef;
  q: BufferRef;
  kCache: BufferRef;
  vCache: BufferRef;
  seqs: BufferRef;
  /** [B, H, T, T] from the forward */
  probs: BufferRef;
  /** [B*T, H D] out */
  dq: BufferRef;
  /** [>= B, KV, S, D] out: rows 0..T-1 of every sequence */
  dkCache: BufferRef;
  dvCache: BufferRef;
  /** [B*H*T*T] and [B*T*H*D] scratch */
  dProbs: BufferRef;
  qHeads: BufferRef;
  dOutHeads: BufferRef;
  dqHeads: BufferRef;
}

export class AttentionMatmul {
  private constructor(
    private readonly matmul: Matmul,
    private readonly k: { softmax: Kernel<Fields>; softmaxBackward: Kernel<Fields>; swap: Kernel<Fields> },
  ) {}

  static async create(gpu: GpuContext, matmul: Matmul): Promise<AttentionMatmul> {
    const compile = (entryPoint: string, label: string, WG: number) =>
      compileKernel(gpu, { label, wgsl, entryPoint, uniforms, constants: { WG } });
    const [softmax, softmaxBackward, swap] = await Promise.all([
      compile('causal_softmax', 'attentionMatmul.softmax', ROW_WG),
      compile('causal_softmax_backward', 'attentionMatmul.softmaxBackward', ROW_WG),
      compile('swap_axes', 'attentionMatmul.swapAxes', ELEMENT_WG),
    ]);
    return new AttentionMatmul(matmul, { softmax, softmaxBackward, swap });
  }

  /** Records out = softmax(Q Kᵀ / √D, causal) V and keeps the probabilities. */
  async encodeForward(batch: CommandBatch, sizes: AttentionSizes, b: AttentionMatmulForward): Promise<void> {
    const { B, T, H, D } = sizes;
    this.check('attentionMatmul.forward', sizes, Object.entries(b));
    const blocks = this.blocks(sizes);
    this.swap(batch, B, T, H, D, b.q, b.qHeads);
    await this.matmul.encode(
      batch,
      { layout: 'nt', ...blocks.scores },
      { a: b.qHeads, b: b.kCache, c: b.probs },
    );
    this.rows(batch, this.k.softmax, sizes, [null, b.seqs, b.probs]);
    await this.matmul.encode(
      batch,
      { layout: 'nn', ...blocks.heads },
      { a: b.probs, b: b.vCache, c: b.outHeads },
    );
    this.swap(batch, B, H, T, D, b.outHeads, b.out);
  }

  /** Records dq and the key/value gradients (rows 0..T-1 of dkCache, dvCache) from dOut. */
  async encodeBackward(
    batch: CommandBatch,
    sizes: AttentionSizes,
    b: AttentionMatmulBackward,
  ): Promise<void> {
    const { B, T, H, D } = sizes;
    this.check('attentionMatmul.backward', sizes, Object.entries(b));
    const blocks = this.blocks(sizes);
    this.swap(batch, B, T, H, D, b.q, b.qHeads);
    this.swap(batch, B, T, H, D, b.dOut, b.dOutHeads);
    await this.matmul.encode(
      batch,
      { layout: 'nt', ...blocks.scores },
      { a: b.dOutHeads, b: b.vCache, c: b.dProbs },
    );
    this.rows(batch, this.k.softmaxBackward, sizes, [b.probs, b.seqs, b.dProbs]);
    await this.matmul.encode(
      batch,
      { layout: 'nn', ...blocks.heads },
      { a: b.dProbs, b: b.kCache, c: b.dqHeads },
    );
    this.swap(batch, B, H, T, D, b.dqHeads, b.dq);
    await this.matmul.encode(
      batch,
      { layout: 'tn', ...blocks.cache },
      { a: b.dProbs, b: b.qHeads, c: b.dkCache },
    );
    await this.matmul.encode(
      batch,
      { layout: 'tn', ...blocks.cache },
      { a: b.probs, b: b.dOutHeads, c: b.dvCache },
    );
  }

  /** The three matmul shapes over batch z = b * KV + kv. */
  private blocks({ B, T, H, KV, D, S }: AttentionSizes) {
    const rows = (H / KV) * T;
    const batch = B * KV;
    return {
      /** [G T, D] · [T, D]ᵀ -> [G T, T] (scores, dP) */
      scores: {
        batch,
        M: rows,
        N: T,
        K: D,
        strideA: rows * D,
        strideB: S * D,
        strideC: rows * T,
        causalPeriod: T,
      },
      /** [G T, T] · [T, D] -> [G T, D] (outputs, dQ) */
      heads: {
        batch,
        M: rows,
        N: D,
        K: T,
        strideA: rows * T,
        strideB: S * D,
        strideC: rows * D,
        causalPeriod: T,
      },
      /** [G T, T]ᵀ · [G T, D] -> [T, D] into the cache layout (dK, dV) */
      cache: {
        batch,
        M: T,
        N: D,
        K: rows,
        strideA: rows * T,
        strideB: rows * D,
        strideC: S * D,
        causalPeriod: T,
      },
    };
  }

  private rows(
    batch: CommandBatch,
    kernel: Kernel<Fields>,
    { B, T, H, D }: AttentionSizes,
    buffers: (BufferRef | null)[],
  ): void {
    batch.dispatch(
      kernel,
      { B, H, T, scale: 1 / Math.sqrt(D), A: 0, X: 0, Y: 0, D },
      buffers,
      gridFor(B * H * T, ROW_WG),
    );
  }

  /** out[a, y, x, d] = x[a, x, y, d]. */
  private swap(
    batch: CommandBatch,
    A: number,
    X: number,
    Y: number,
    D: number,
    x: BufferRef,
    out: BufferRef,
  ): void {
    batch.dispatch(
      this.k.swap,
      { B: 0, H: 0, T: 0, scale: 0, A, X, Y, D },
      [null, null, null, x, out],
      gridFor(A * X * Y * Math.ceil(D / 4), ELEMENT_WG),
    );
  }

  private check(label: string, { B, T, H, KV, D, S }: AttentionSizes, buffers: [string, BufferRef][]): void {
    if (H % KV !== 0 || T > S) throw new RangeError(`${label}: needs H % KV = 0 and T <= S`);
    const heads = B * T * H * D;
    const sizes: Record<string, number> = {
      q: heads,
      out: heads,
      dOut: heads,
      dq: heads,
      qHeads: heads,
      outHeads: heads,
      dOutHeads: heads,
      dqHeads: heads,
      probs: B * H * T * T,
      dProbs: B * H * T * T,
      seqs: 2 * B,
      kCache: B * KV * S * D,
      vCache: B * KV * S * D,
      dkCache: B * KV * S * D,
      dvCache: B * KV * S * D,
    };
    for (const [name, ref] of buffers) requireElements(label, name, ref, sizes[name]);
  }
}
