// One set of the model's tensors in a pool (gpu/pool.ts), in the layout the forward wants: per
// layer q, k and v stacked into one [(H + 2 KV) D, C] matrix and gate/up into one [2F, C] matrix.
// Weights, gradients and both Adam moments are each such a set with the same layout; decayed
// tensors (matrices, the embedding) come first and norm scales last, so the optimizer updates a
// pool in one dispatch per run of equal decay. read() unfuses a set into HF names.
import type { BufferSlice } from '../gpu/buffers.ts';
import type { GpuContext } from '../gpu/device.ts';
import type { CommandBatch } from '../gpu/dispatch.ts';
import { BufferPool, devicePoolLayout } from '../gpu/pool.ts';
import { readF32 } from '../gpu/readback.ts';
import { dimsOf, type LlamaConfig } from './config.ts';
import { EMBEDDING, FINAL_NORM, layerNames } from './parameters.ts';

export interface GpuLayerWeights {
  /** [C] */
  inputNorm: BufferSlice;
  /** [(H + 2 KV) D, C]: q rows, then k rows, then v rows */
  qkv: BufferSlice;
  /** [C, H D] */
  o: BufferSlice;
  /** [C] */
  postNorm: BufferSlice;
  /** [2F, C]: gate rows, then up rows */
  gateUp: BufferSlice;
  /** [C, F] */
  down: BufferSlice;
}

type LayerField = keyof GpuLayerWeights;

/** A tensor of the pool: `layer` is null for the embedding and the final norm. */
interface PooledTensor {
  layer: number | null;
  field: LayerField | 'embedding' | 'finalNorm';
  elements: number;
  decay: boolean;
}

/** The pool order: decayed tensors first, then the norm scales. */
function pooledTensors(config: LlamaConfig): PooledTensor[] {
  const { V, C, H, KV, D, F, L } = dimsOf(config);
  const layers = Array.from({ length: L }, (_, l) => l);
  const layerTensor = (l: number, field: LayerField, elements: number, decay: boolean) => ({
    layer: l,
    field,
    elements,
    decay,
  });
  return [
    { layer: null, field: 'embedding', elements: V * C, decay: true },
    ...layers.flatMap((l) => [
      layerTensor(l, 'qkv', (H + 2 * KV) * D * C, true),
      layerTensor(l, 'o', C * H * D, true),
      layerTensor(l, 'gateUp', 2 * F * C, true),
      layerTensor(l, 'down', C * F, true),
    ]),
    { layer: null, field: 'finalNorm', elements: C, decay: false },
    ...layers.flatMap((l) => [layerTensor(l, 'inputNorm', C, false), layerTensor(l, 'postNorm', C, false)]),
  ];
}

/** A run of tensors in one segment that share their weight-decay setting. */
export interface PoolRange extends BufferSlice {
  decay: boolean;
}

export class ParameterPool {
  /** [V, C], also the output head (tied). */
  readonly embedding: BufferSlice;
  /** [C] */
  readonly finalNorm: BufferSlice;
  readonly layers: GpuLayerWeights[];
  /** The whole pool as runs of equal decay, for element-wise kernels (AdamW, norms). */
  readonly ranges: PoolRange[];
  private readonly pool: BufferPool;

  constructor(
    private readonly gpu: GpuContext,
    label: string,
    private readonly config: LlamaConfig,
  ) {
    const tensors = pooledTensors(config);
    this.pool = new BufferPool(
      gpu,
      label,
      devicePoolLayout(
        gpu,
        tensors.map((t) => 4 * t.elements),
      ),
    );
    const layers: Partial<GpuLayerWeights>[] = Array.from({ length: dimsOf(config).L }, () => ({}));
    const top: { embedding?: BufferSlice; finalNorm?: BufferSlice } = {};
    for (const [i, t] of tensors.entries()) {
      const slice = this.pool.slices[i];
      if (t.layer === null) top[t.field as 'embedding' | 'finalNorm'] = slice;
      else layers[t.layer][t.field as LayerField] = slice;
    }
    this.embedding = top.embedding as BufferSlice;
    this.finalNorm = top.finalNorm as BufferSlice;
    this.layers = layers as GpuLayerWeights[];
    this.ranges = [];
    for (const [i, t] of tensors.entries()) {
      const slice = this.pool.slices[i];
      const last = this.ranges.at(-1);
      if (last && last.buffer === slice.buffer && last.decay === t.decay) {
        this.ranges[this.ranges.length - 1] = { ...last, size: slice.offset + slice.size - last.offset };
      } else {
        this.ranges.push({ ...slice, decay: t.decay });
      }
    }
  }

  /** Writes HF-named tensors (q/k/v and gate/up fused here) into the pool. */
  write(weights: ReadonlyMap<string, Float32Array>): void {
    const put = (slice: BufferSlice, ...parts: Float32Array[]) => {
      let offset = slice.offset;
      for (const part of parts) {
        this.gpu.device.queue.writeBuffer(
          slice.buffer,
          offset,
          part.buffer,
          part.byteOffset,
          part.byteLength,
        );
        offset += part.byteLength;
      }
    };
    const w = (name: string) => weights.get(name) as Float32Array;
    put(this.embedding, w(EMBEDDING));
    put(this.finalNorm, w(FINAL_NORM));
    for (const [l, layer] of this.layers.entries()) {
      const n = layerNames(l);
      put(layer.inputNorm, w(n.inputNorm));
      put(layer.qkv, w(n.q), w(n.k), w(n.v));
      put(layer.o, w(n.o));
      put(layer.postNorm, w(n.postNorm));
      put(layer.gateUp, w(n.gate), w(n.up));
      put(layer.down, w(n.down));
    }
  }

  /** Reads the pool back (one read per segment), by HF name: fused q/k/v and gate/up split. */
  async read(): Promise<Map<string, Float32Array>> {
    const { C, H, KV, D, F } = dimsOf(this.config);
    const segments = new Map<GPUBuffer, Float32Array>();
    for (const buffer of this.pool.segments)
      segments.set(buffer, await readF32(this.gpu, buffer, buffer.size / 4));
    const view = (slice: BufferSlice, from: number, length: number) =>
      (segments.get(slice.buffer) as Float32Array).slice(
        slice.offset / 4 + from,
        slice.offset / 4 + from + length,
      );
    const out = new Map<string, Float32Array>();
    out.set(EMBEDDING, view(this.embedding, 0, dimsOf(this.config).V * C));
    out.set(FINAL_NORM, view(this.finalNorm, 0, C));
    for (const [l, layer] of this.layers.entries()) {
      const n = layerNames(l);
      out.set(n.inputNorm, view(layer.inputNorm, 0, C));
      out.set(n.q, view(layer.qkv, 0, H * D * C));
      out.set(n.k, view(layer.qkv, H * D * C, KV * D * C));
      out.set(n.v, view(layer.qkv, (H + KV) * D * C, KV * D * C));
      out.set(n.o, view(layer.o, 0, C * H * D));
      out.set(n.postNorm, view(layer.postNorm, 0, C));
      out.set(n.gate, view(layer.gateUp, 0, F * C));
      out.set(n.up, view(layer.gateUp, F * C, F * C));
      out.set(n.down, view(layer.down, 0, C * F));
    }
    return out;
  }

  /** Records zeroing the whole pool. */
  clear(batch: CommandBatch): void {
    for (const buffer of this.pool.segments) batch.clear(buffer);
  }

  get bytes(): number {
    return this.pool.bytes;
  }

  destroy(): void {
    this.pool.destroy();
  }
}
