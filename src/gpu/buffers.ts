// Labelled GPU buffers and their bookkeeping. Every buffer is named `module.thing` so validation
// errors say whose it is; sizes are rounded up to 16 bytes so any buffer can be bound as
// array<vec4<f32>>; the registry counts live buffers and bytes (tests assert no growth) and
// refuses, before allocating, a buffer over the adapter's limits or one that would take the live
// bytes over the lab's budget (memoryBudget.ts); `reserve` checks a whole request (a KV cache, a
// record) up front so its error names the request. Kernels bind a BufferRef: a whole buffer, or a
// slice of a pooled one (pool.ts).
import { GpuMemoryLimitError, GpuOutOfMemoryError, KernelArgumentError } from './errors.ts';
import { MEMORY_HINT } from './memoryBudget.ts';

/** A byte range of a buffer bound as one kernel argument (offset storage-aligned, size a multiple of 16). */
export interface BufferSlice {
  readonly buffer: GPUBuffer;
  readonly offset: number;
  readonly size: number;
}

/** What a kernel binds: a whole buffer or a slice of one. */
export type BufferRef = GPUBuffer | BufferSlice;

export function isSlice(ref: BufferRef): ref is BufferSlice {
  return 'buffer' in ref && 'offset' in ref;
}

/** The label of the buffer behind `ref`, with the slice's range when it is one. */
export function labelOf(ref: BufferRef): string {
  return isSlice(ref) ? `${ref.buffer.label}@${ref.offset}` : ref.label;
}

const LABEL = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_[\]-]+)+$/;
/** Usage of every storage buffer: bound by kernels, uploaded to and read back. */
export function storageUsage(): GPUBufferUsageFlags {
  return GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
}

export function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

export class BufferRegistry {
  private readonly live = new Map<GPUBuffer, number>();

  /** `budget`: the most bytes all live buffers may hold together. */
  constructor(
    private readonly device: GPUDevice,
    readonly budget = Number.POSITIVE_INFINITY,
  ) {}

  /**
   * Checks that `bytes` more fit the budget, and that no one buffer of them (`largest`) exceeds
   * the adapter's limits, before any is allocated. @throws GpuMemoryLimitError naming `what`
   */
  reserve(what: string, bytes: number, largest = bytes, storage = true): void {
    const limits = this.device.limits;
    if (largest > limits.maxBufferSize) {
      throw new GpuMemoryLimitError(
        what,
        largest,
        limits.maxBufferSize,
        "this GPU's largest buffer (maxBufferSize)",
        MEMORY_HINT,
      );
    }
    if (storage && largest > limits.maxStorageBufferBindingSize) {
      throw new GpuMemoryLimitError(
        what,
        largest,
        limits.maxStorageBufferBindingSize,
        "this GPU's largest storage binding (maxStorageBufferBindingSize)",
        MEMORY_HINT,
      );
    }
    const live = this.liveBytes;
    if (live + bytes > this.budget) {
      throw new GpuMemoryLimitError(
        what,
        bytes,
        this.budget,
        "the lab's GPU memory budget",
        MEMORY_HINT,
        live,
      );
    }
  }

  /** A buffer of at least `byteLength` bytes (rounded up to 16). Label: `module.thing`. */
  create(label: string, byteLength: number, usage: GPUBufferUsageFlags = storageUsage()): GPUBuffer {
    if (!LABEL.test(label)) {
      throw new KernelArgumentError('buffers.create', `label "${label}" must look like module.thing`);
    }
    if (!Number.isFinite(byteLength) || byteLength < 0) {
      throw new KernelArgumentError('buffers.create', `${label}: byte length ${byteLength} is not valid`);
    }
    const size = Math.max(16, roundUp(byteLength, 16));
    this.reserve(`the buffer ${label}`, size, size, (usage & GPUBufferUsage.STORAGE) !== 0);
    const buffer = this.device.createBuffer({ label, size, usage });
    this.live.set(buffer, size);
    return buffer;
  }

  /** Like create, but reports running out of GPU memory as a GpuOutOfMemoryError. */
  async allocate(
    label: string,
    byteLength: number,
    usage: GPUBufferUsageFlags = storageUsage(),
  ): Promise<GPUBuffer> {
    this.device.pushErrorScope('out-of-memory');
    const buffer = this.create(label, byteLength, usage);
    const error = await this.device.popErrorScope();
    if (error) {
      this.destroy(buffer);
      throw new GpuOutOfMemoryError(label, byteLength);
    }
    return buffer;
  }

  /** A storage buffer filled with `data`. */
  upload(label: string, data: Float32Array | Uint32Array | Int32Array): GPUBuffer {
    const buffer = this.create(label, data.byteLength);
    this.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    return buffer;
  }

  destroy(buffer: GPUBuffer): void {
    if (this.live.delete(buffer)) buffer.destroy();
  }

  get liveCount(): number {
    return this.live.size;
  }

  /** The labels of the live buffers (a label repeats when several buffers share it). */
  liveLabels(): string[] {
    return [...this.live.keys()].map((buffer) => buffer.label);
  }

  get liveBytes(): number {
    let total = 0;
    for (const size of this.live.values()) total += size;
    return total;
  }
}
