// Host side of shaders/rmsnorm.wgsl: RMSNorm over the rows of the residual stream, keeping the
// reciprocal RMS of each row for the backward.

import wgsl from '../../../shaders/rmsnorm.wgsl?raw';
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

const WG = 4;
const uniforms = uniformLayout('RmsNormSizes', { R: 'u32', C: 'u32', eps: 'f32' });

export interface RmsNormSizes {
  R: number;
  C: number;
  eps: number;
}

export interface RmsNormBuffers {
  /** [R, C] */
  x: BufferRef;
  /** [C] */
  w: BufferRef;
  /** [R, C], not x */
  y: BufferRef;
  /** [R] */
  rstd: BufferRef;
}

export class RmsNorm {
  private constructor(private readonly kernel: Kernel<typeof uniforms.fields>) {}

  static async create(gpu: GpuContext): Promise<RmsNorm> {
    return new RmsNorm(
      await compileKernel(gpu, {
        label: 'rmsnorm.forward',
        wgsl,
        entryPoint: 'rmsnorm_forward',
        uniforms,
        constants: { WG },
      }),
    );
  }

  encode(batch: CommandBatch, sizes: RmsNormSizes, b: RmsNormBuffers): void {
    const { R, C } = sizes;
    requireElements('rmsnorm.forward', 'x', b.x, R * C);
    requireElements('rmsnorm.forward', 'w', b.w, C);
    requireElements('rmsnorm.forward', 'y', b.y, R * C);
    requireElements('rmsnorm.forward', 'rstd', b.rstd, R);
    batch.dispatch(this.kernel, sizes, [b.x, b.w, b.y, b.rstd], gridFor(R, WG));
  }
}
