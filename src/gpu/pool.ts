// Pools: many tensors in a few large buffers. A layout places each tensor, in the order given, at
// the next storage-aligned offset of the current segment and opens a new segment when the next one
// would not fit (a segment stays within one binding's limit, so a kernel can bind a whole segment).
// Pools made from one layout line up tensor for tensor, which lets an optimizer walk parameters,
// gradients and moments together.
import { type BufferSlice, roundUp } from './buffers.ts';
import type { GpuContext } from './device.ts';
import { KernelArgumentError } from './errors.ts';

export interface PoolPlace {
  segment: number;
  /** Byte offset in the segment. */
  offset: number;
  /** Bytes bound for the tensor: its length rounded up to 16 (array<vec4<f32>> bindings). */
  size: number;
}

export interface PoolLayout {
  /** Bytes of each segment. */
  segments: number[];
  /** Where each tensor lies, in the order given. */
  places: PoolPlace[];
}

/** Places tensors of `bytes` each; `alignment` and `maxSegment` come from the device limits. */
export function poolLayout(bytes: readonly number[], alignment: number, maxSegment: number): PoolLayout {
  const segments: number[] = [];
  const places: PoolPlace[] = [];
  let end = 0;
  for (const [i, length] of bytes.entries()) {
    const size = Math.max(16, roundUp(length, 16));
    if (size > maxSegment) {
      throw new KernelArgumentError(
        'pool.layout',
        `tensor ${i} (${length} bytes) exceeds one binding (${maxSegment})`,
      );
    }
    let offset = roundUp(end, alignment);
    if (segments.length === 0 || offset + size > maxSegment) {
      segments.push(0);
      offset = 0;
    }
    places.push({ segment: segments.length - 1, offset, size });
    end = offset + size;
    segments[segments.length - 1] = roundUp(end, alignment);
  }
  return { segments, places };
}

/** The layout for `bytes` under this device's limits. */
export function devicePoolLayout(gpu: GpuContext, bytes: readonly number[]): PoolLayout {
  const { minStorageBufferOffsetAlignment, maxStorageBufferBindingSize, maxBufferSize } = gpu.device.limits;
  const maxSegment = Math.floor(Math.min(maxStorageBufferBindingSize, maxBufferSize) / 256) * 256;
  return poolLayout(bytes, minStorageBufferOffsetAlignment, maxSegment);
}

/** The buffers of one layout, zero-filled, with a slice per tensor. */
export class BufferPool {
  readonly segments: GPUBuffer[];
  readonly slices: BufferSlice[];

  constructor(
    private readonly gpu: GpuContext,
    label: string,
    readonly layout: PoolLayout,
  ) {
    this.segments = layout.segments.map((bytes, i) => gpu.buffers.create(`${label}.segment${i}`, bytes));
    this.slices = layout.places.map(({ segment, offset, size }) => ({
      buffer: this.segments[segment],
      offset,
      size,
    }));
  }

  get bytes(): number {
    return this.segments.reduce((sum, b) => sum + b.size, 0);
  }

  destroy(): void {
    for (const buffer of this.segments) this.gpu.buffers.destroy(buffer);
  }
}
