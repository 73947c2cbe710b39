// The model's parameters on the GPU: one pool (parameterPool.ts) in the layout the forward wants,
// fused q/k/v and gate/up, each tensor a slice that kernels bind. HF's separate tensors
// (parameters.ts) stay the checkpoint format.
import type { GpuContext } from '../gpu/device.ts';
import type { LlamaConfig } from './config.ts';
import { ParameterPool } from './parameterPool.ts';
import { type ModelWeights, parameterTable } from './parameters.ts';

export type { GpuLayerWeights } from './parameterPool.ts';

export class GpuWeights extends ParameterPool {
  constructor(gpu: GpuContext, config: LlamaConfig, weights: ModelWeights) {
    for (const { name, shape } of parameterTable(config)) {
      const expected = shape.reduce((a, b) => a * b, 1);
      if (weights.get(name)?.length !== expected) {
        throw new RangeError(`weights: ${name} must hold ${expected} values for this config`);
      }
    }
    super(gpu, 'weights', config);
    this.write(weights);
  }
}
