// Host side of shaders/attention.wgsl: causal attention of a chunk's query rows against the KV
// cache (grouped KV heads), writing the attention probabilities and the per-head outputs.
import wgsl from '../../../shaders/attention.wgsl?raw';
import type { BufferRef } from '../../gpu/buffers.ts';
import type { GpuContext } from '../../gpu/device.ts';
import {
  type CommandBatch,
  compileKernel,
  gridFor,
  type Kernel,
  requireElements,
} from '../../gpu/dispatch.ts';
import { KernelArgumentError } from '../../gpu/errors.ts';
import { uniformLayout } from '../../gpu/uniforms.ts';

const WG = 4;
/** The largest head dim the kernel's private accumulator holds (MAX_D in attention.wgsl). */
export const MAX_HEAD_DIM = 256;
const uniforms = uniformLayout('AttentionSizes', {
  B: 'u32',
  T: 'u32',
  H: 'u32',
  KV: 'u32',
  D: 'u32',
  S: 'u32',
  scale: 'f32',
});

export interface AttentionSizes {
  B: number;
  T: number;
  H: number;
  KV: number;
  D: number;
  S: number;
}

export interface AttentionBuffers {
  /** [B*T, H D], rotated */
  q: BufferRef;
  /** [>= B, KV, S, D] each */
  kCache: BufferRef;
  vCache: BufferRef;
  /** u32 [B, 2]: (offset, count) per sequence */
  seqs: BufferRef;
  /** [B, H, T, S] */
  probs: BufferRef;
  /** [B*T, H D] */
  out: BufferRef;
}

export class Attention {
  private constructor(private readonly kernel: Kernel<typeof uniforms.fields>) {}

  static async create(gpu: GpuContext): Promise<Attention> {
    return new Attention(
      await compileKernel(gpu, {
        label: 'attention.forward',
        wgsl,
        entryPoint: 'attention_forward',
        uniforms,
        constants: { WG },
      }),
    );
  }

  encode(batch: CommandBatch, sizes: AttentionSizes, b: AttentionBuffers): void {
    const { B, T, H, KV, D, S } = sizes;
    if (H % KV !== 0) throw new KernelArgumentError('attention.forward', `KV = ${KV} must divide H = ${H}`);
    if (D > MAX_HEAD_DIM)
      throw new KernelArgumentError('attention.forward', `head dim ${D} exceeds ${MAX_HEAD_DIM}`);
    const need = (name: keyof AttentionBuffers, elements: number) =>
      requireElements('attention.forward', name, b[name], elements);
    need('q', B * T * H * D);
    need('kCache', B * KV * S * D);
    need('vCache', B * KV * S * D);
    need('seqs', 2 * B);
    need('probs', B * H * T * S);
    need('out', B * T * H * D);
    batch.dispatch(
      this.kernel,
      { ...sizes, scale: 1 / Math.sqrt(D) },
      [b.q, b.kCache, b.vCache, b.seqs, b.probs, b.out],
      gridFor(B * H * T, WG),
    );
  }
}
