// Host side of shaders/swiglu.wgsl: silu(gate) * up on the fused gate/up projection.
import wgsl from '../../../shaders/swiglu.wgsl?raw';
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
const uniforms = uniformLayout('SwigluSizes', { R: 'u32', F: 'u32' });

export interface SwigluBuffers {
  /** [R, 2F]: gate columns, then up columns */
  gu: BufferRef;
  /** [R, F] */
  out: BufferRef;
}

export class Swiglu {
  private constructor(private readonly kernel: Kernel<typeof uniforms.fields>) {}

  static async create(gpu: GpuContext): Promise<Swiglu> {
    return new Swiglu(
      await compileKernel(gpu, {
        label: 'swiglu.forward',
        wgsl,
        entryPoint: 'swiglu_forward',
        uniforms,
        constants: { WG },
      }),
    );
  }

  encode(batch: CommandBatch, sizes: { R: number; F: number }, b: SwigluBuffers): void {
    const { R, F } = sizes;
    requireElements('swiglu.forward', 'gu', b.gu, R * 2 * F);
    requireElements('swiglu.forward', 'out', b.out, R * F);
    batch.dispatch(this.kernel, sizes, [b.gu, b.out], gridFor(R * Math.ceil(F / 4), WG));
  }
}
