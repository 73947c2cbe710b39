// The model's parameters on the GPU, in the layout the forward wants: per layer the q, k and v
// projections stacked into one [(H + 2 KV) D, C] matrix and gate/up into one [2F, C] matrix, so
// that each is one matmul. HF's separate tensors (parameters.ts) stay the checkpoint format.
import type { GpuContext } from '../gpu/device.ts';
import { dimsOf, type LlamaConfig } from './config.ts';
import { readTensors } from './gpuGradients.ts';
import { EMBEDDING, FINAL_NORM, layerNames, type ModelWeights, parameterTable } from './parameters.ts';
import { fuseRows } from './referenceModel.ts';

export interface GpuLayerWeights {
  /** [C] */
  inputNorm: GPUBuffer;
  /** [(H + 2 KV) D, C]: q rows, then k rows, then v rows */
  qkv: GPUBuffer;
  /** [C, H D] */
  o: GPUBuffer;
  /** [C] */
  postNorm: GPUBuffer;
  /** [2F, C]: gate rows, then up rows */
  gateUp: GPUBuffer;
  /** [C, F] */
  down: GPUBuffer;
}

export class GpuWeights {
  /** [V, C], also the output head (tied). */
  readonly embedding: GPUBuffer;
  /** [C] */
  readonly finalNorm: GPUBuffer;
  readonly layers: GpuLayerWeights[];

  constructor(
    private readonly gpu: GpuContext,
    config: LlamaConfig,
    weights: ModelWeights,
  ) {
    for (const { name, shape } of parameterTable(config)) {
      const expected = shape.reduce((a, b) => a * b, 1);
      if (weights.get(name)?.length !== expected) {
        throw new RangeError(`weights: ${name} must hold ${expected} values for this config`);
      }
    }
    const w = (name: string) => weights.get(name) as Float32Array;
    const up = (label: string, data: Float32Array) => gpu.buffers.upload(`weights.${label}`, data);
    this.embedding = up('embedding', w(EMBEDDING));
    this.finalNorm = up('finalNorm', w(FINAL_NORM));
    this.layers = Array.from({ length: dimsOf(config).L }, (_, l) => {
      const n = layerNames(l);
      return {
        inputNorm: up(`layer${l}.inputNorm`, w(n.inputNorm)),
        qkv: up(`layer${l}.qkv`, fuseRows(w(n.q), w(n.k), w(n.v))),
        o: up(`layer${l}.o`, w(n.o)),
        postNorm: up(`layer${l}.postNorm`, w(n.postNorm)),
        gateUp: up(`layer${l}.gateUp`, fuseRows(w(n.gate), w(n.up))),
        down: up(`layer${l}.down`, w(n.down)),
      };
    });
  }

  /** The current weights by HF name (after training, for checks and export). */
  read(config: LlamaConfig): Promise<ModelWeights> {
    return readTensors(this.gpu, config, this);
  }

  get bytes(): number {
    return this.all().reduce((sum, b) => sum + b.size, 0);
  }

  destroy(): void {
    for (const buffer of this.all()) this.gpu.buffers.destroy(buffer);
  }

  private all(): GPUBuffer[] {
    return [this.embedding, this.finalNorm, ...this.layers.flatMap((layer) => Object.values(layer))];
  }
}
