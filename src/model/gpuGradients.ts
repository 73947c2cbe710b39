// Gradients on the GPU: a pool with the weights' layout (parameterPool.ts: fused q/k/v and
// gate/up), so the optimizer walks both in step; cleared before the first micro-batch of a step.
import type { GpuContext } from '../gpu/device.ts';
import type { LlamaConfig } from './config.ts';
import { ParameterPool } from './parameterPool.ts';

export class GpuGradients extends ParameterPool {
  constructor(gpu: GpuContext, config: LlamaConfig) {
    super(gpu, 'grads', config);
  }
}
