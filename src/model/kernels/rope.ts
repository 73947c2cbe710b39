// Host side of shaders/rope.wgsl: rotates the query and key heads of the fused qkv projection at
// each row's position and writes keys and values into the KV cache.
import wgsl from '../../../shaders/rope.wgsl?raw';
import type { BufferRef } from '../../gpu/buffers.ts';
import type { GpuContext } from '../../gpu/device.ts';
import {
  type CommandBatch,
  compileKernel,
  gridFor,
  type Kernel,
  requireElements,
} from '../../gpu/dispatch.ts';
import { uniformLayout } from '../../gpu/uniforms.ts';

const WG = 64;
const uniforms = uniformLayout('RopeSizes', { B: 'u32', T: 'u32', H: 'u32', KV: 'u32', D: 'u32', S: 'u32' });

export interface RopeSizes {
  B: number;
  T: number;
  H: number;
  KV: number;
  /** Even. */
  D: number;
  S: number;
}

export interface RopeBuffers {
  /** [B*T, (H + 2 KV) D] */
  qkv: BufferRef;
  /** u32 [B, 2]: (offset, count) per sequence */
  seqs: BufferRef;
  /** [S, D/2] each (ropeTable in src/model/reference.ts) */
  cos: BufferRef;
  sin: BufferRef;
  /** [B*T, H D] */
  q: BufferRef;
  /** [>= B, KV, S, D] each */
  kCache: BufferRef;
  vCache: BufferRef;
}

export class Rope {
  private constructor(private readonly kernel: Kernel<typeof uniforms.fields>) {}

  static async create(gpu: GpuContext): Promise<Rope> {
    return new Rope(
      await compileKernel(gpu, {
        label: 'rope.qkv',
        wgsl,
        entryPoint: 'rope_qkv',
        uniforms,
        constants: { WG },
      }),
    );
  }

  encode(batch: CommandBatch, sizes: RopeSizes, b: RopeBuffers): void {
    const { B, T, H, KV, D, S } = sizes;
    const rows = B * T;
    const need = (name: keyof RopeBuffers, elements: number) =>
      requireElements('rope.qkv', name, b[name], elements);
    need('qkv', rows * (H + 2 * KV) * D);
    need('seqs', 2 * B);
    need('cos', (S * D) / 2);
    need('sin', (S * D) / 2);
    need('q', rows * H * D);
    need('kCache', B * KV * S * D);
    need('vCache', B * KV * S * D);
    batch.dispatch(
      this.kernel,
      sizes,
      [b.qkv, b.seqs, b.cos, b.sin, b.q, b.kCache, b.vCache],
      gridFor((rows * (H + 2 * KV) * D) / 2, WG),
    );
  }
}
