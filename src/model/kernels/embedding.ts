// Host side of shaders/embedding.wgsl: the input gather that turns each position's
// (indices[K], weights[K]) mixture into one row of the residual stream.
import wgsl from '../../../shaders/embedding.wgsl?raw';
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
const uniforms = uniformLayout('EmbeddingSizes', { R: 'u32', C: 'u32', K: 'u32', V: 'u32' });

export interface EmbeddingSizes {
  R: number;
  C: number;
  K: number;
  V: number;
}

export interface EmbeddingBuffers {
  /** u32 [R, K] */
  indices: BufferRef;
  /** f32 [R, K] */
  weights: BufferRef;
  /** f32 [V, C] */
  table: BufferRef;
  /** f32 [R, C] */
  out: BufferRef;
}

export class Embedding {
  private constructor(private readonly kernel: Kernel<typeof uniforms.fields>) {}

  static async create(gpu: GpuContext): Promise<Embedding> {
    return new Embedding(
      await compileKernel(gpu, {
        label: 'embedding.forward',
        wgsl,
        entryPoint: 'embedding_forward',
        uniforms,
        constants: { WG },
      }),
    );
  }

  encode(batch: CommandBatch, sizes: EmbeddingSizes, b: EmbeddingBuffers): void {
    const { R, C, K, V } = sizes;
    requireElements('embedding.forward', 'indices', b.indices, R * K);
    requireElements('embedding.forward', 'weights', b.weights, R * K);
    requireElements('embedding.forward', 'table', b.table, V * C);
    requireElements('embedding.forward', 'out', b.out, R * C);
    batch.dispatch(this.kernel, sizes, [b.indices, b.weights, b.table, b.out], gridFor(R * C, WG));
  }
}
