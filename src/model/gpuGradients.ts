// Gradients on the GPU in the same layout as the weights (gpuWeights.ts: fused q/k/v and gate/up),
// so the optimizer walks both in step. readTensors unfuses such a set into HF names (checks, export).
import type { GpuContext } from '../gpu/device.ts';
import type { CommandBatch } from '../gpu/dispatch.ts';
import { readF32 } from '../gpu/readback.ts';
import { dimsOf, type LlamaConfig } from './config.ts';
import type { GpuLayerWeights, GpuWeights } from './gpuWeights.ts';
import { EMBEDDING, FINAL_NORM, layerNames } from './parameters.ts';

export class GpuGradients {
  readonly embedding: GPUBuffer;
  readonly finalNorm: GPUBuffer;
  readonly layers: GpuLayerWeights[];

  constructor(
    private readonly gpu: GpuContext,
    private readonly config: LlamaConfig,
    weights: GpuWeights,
  ) {
    const like = (label: string, buffer: GPUBuffer) => gpu.buffers.create(`grads.${label}`, buffer.size);
    this.embedding = like('embedding', weights.embedding);
    this.finalNorm = like('finalNorm', weights.finalNorm);
    this.layers = weights.layers.map((layer, l) => ({
      inputNorm: like(`layer${l}.inputNorm`, layer.inputNorm),
      qkv: like(`layer${l}.qkv`, layer.qkv),
      o: like(`layer${l}.o`, layer.o),
      postNorm: like(`layer${l}.postNorm`, layer.postNorm),
      gateUp: like(`layer${l}.gateUp`, layer.gateUp),
      down: like(`layer${l}.down`, layer.down),
    }));
  }

  all(): GPUBuffer[] {
    return [this.embedding, this.finalNorm, ...this.layers.flatMap((layer) => Object.values(layer))];
  }

  /** Records zeroing every gradient (before the first micro-batch of a step). */
  clear(batch: CommandBatch): void {
    for (const buffer of this.all()) batch.clear(buffer);
  }

  /** Reads every gradient back, by HF tensor name (q/k/v and gate/up split again). */
  read(): Promise<Map<string, Float32Array>> {
    return readTensors(this.gpu, this.config, this);
  }

  destroy(): void {
    for (const buffer of this.all()) this.gpu.buffers.destroy(buffer);
  }
}

/** The tensors of a weights-shaped set of buffers, by HF name: fused q/k/v and gate/up split. */
export async function readTensors(
  gpu: GpuContext,
  config: LlamaConfig,
  set: { embedding: GPUBuffer; finalNorm: GPUBuffer; layers: GpuLayerWeights[] },
): Promise<Map<string, Float32Array>> {
  const { V, C, H, KV, D, F } = dimsOf(config);
  const out = new Map<string, Float32Array>();
  out.set(EMBEDDING, await readF32(gpu, set.embedding, V * C));
  out.set(FINAL_NORM, await readF32(gpu, set.finalNorm, C));
  for (const [l, layer] of set.layers.entries()) {
    const n = layerNames(l);
    const qkv = await readF32(gpu, layer.qkv, (H + 2 * KV) * D * C);
    const gateUp = await readF32(gpu, layer.gateUp, 2 * F * C);
    out.set(n.inputNorm, await readF32(gpu, layer.inputNorm, C));
    out.set(n.q, qkv.slice(0, H * D * C));
    out.set(n.k, qkv.slice(H * D * C, (H + KV) * D * C));
    out.set(n.v, qkv.slice((H + KV) * D * C));
    out.set(n.o, await readF32(gpu, layer.o, C * H * D));
    out.set(n.postNorm, await readF32(gpu, layer.postNorm, C));
    out.set(n.gate, gateUp.slice(0, F * C));
    out.set(n.up, gateUp.slice(F * C));
    out.set(n.down, await readF32(gpu, layer.down, C * F));
  }
  return out;
}
