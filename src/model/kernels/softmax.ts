// Host side of shaders/softmax.wgsl: softmax or log-softmax over each row of logits.

import wgsl from '../../../shaders/softmax.wgsl?raw';
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
const uniforms = uniformLayout('SoftmaxSizes', { R: 'u32', V: 'u32' });

export type SoftmaxKind = 'softmax' | 'logSoftmax';

export class Softmax {
  private constructor(private readonly kernels: Record<SoftmaxKind, Kernel<typeof uniforms.fields>>) {}

  static async create(gpu: GpuContext): Promise<Softmax> {
    const compile = (entryPoint: string, label: string) =>
      compileKernel(gpu, { label, wgsl, entryPoint, uniforms, constants: { WG } });
    const [softmax, logSoftmax] = await Promise.all([
      compile('softmax_rows', 'softmax.rows'),
      compile('log_softmax_rows', 'softmax.logRows'),
    ]);
    return new Softmax({ softmax, logSoftmax });
  }

  /** out = (log-)softmax of each row of x; x, out: [R, V], distinct buffers. */
  encode(
    batch: CommandBatch,
    kind: SoftmaxKind,
    sizes: { R: number; V: number },
    b: { x: BufferRef; out: BufferRef },
  ): void {
    const { R, V } = sizes;
    requireElements(`softmax.${kind}`, 'x', b.x, R * V);
    requireElements(`softmax.${kind}`, 'out', b.out, R * V);
    batch.dispatch(this.kernels[kind], sizes, [b.x, b.out], gridFor(R, WG));
  }
}
