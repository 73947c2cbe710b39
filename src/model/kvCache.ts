// The KV cache on the GPU: per layer, keys and values of `rows` sequences at every position,
// [rows, KV, S, D] with S = max_position_embeddings, written by rope.wgsl and read by
// attention.wgsl. A chunk's sequence b lives in row b. Keys are stored rotated. Its whole size is
// checked against the GPU's limits and the lab's budget before any buffer is made.
import type { GpuContext } from '../gpu/device.ts';
import { dimsOf, type LlamaConfig } from './config.ts';

export class KvCache {
  readonly k: GPUBuffer[];
  readonly v: GPUBuffer[];
  /** Elements of one sequence's slice of one layer: KV * S * D. */
  readonly rowElements: number;

  constructor(
    private readonly gpu: GpuContext,
    config: LlamaConfig,
    readonly rows: number,
  ) {
    const { L, KV, D, maxT } = dimsOf(config);
    this.rowElements = KV * maxT * D;
    const bytes = 4 * rows * this.rowElements;
    gpu.buffers.reserve(
      `The KV cache of ${rows} ${rows === 1 ? 'row' : 'rows'} × ${maxT.toLocaleString('en')} positions (the model's max_position_embeddings) × ${L} layers`,
      2 * L * bytes,
      bytes,
    );
    this.k = Array.from({ length: L }, (_, l) => gpu.buffers.create(`kvCache.k${l}`, bytes));
    this.v = Array.from({ length: L }, (_, l) => gpu.buffers.create(`kvCache.v${l}`, bytes));
  }

  get bytes(): number {
    return [...this.k, ...this.v].reduce((sum, b) => sum + b.size, 0);
  }

  destroy(): void {
    for (const buffer of [...this.k, ...this.v]) this.gpu.buffers.destroy(buffer);
  }
}
