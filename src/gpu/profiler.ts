// GPU time per dispatch from timestamp queries, when the adapter has 'timestamp-query'. A batch
// run with a profiler puts each dispatch in its own compute pass (~4 µs more each on SwiftShader)
// and resolves the timestamps; `read` returns milliseconds per label.
import type { GpuContext } from './device.ts';
import { readBytes } from './readback.ts';

export interface ProfileEntry {
  /** The kernel's label, e.g. matmul.nt.aligned. */
  label: string;
  /** The WGSL file and entry point that ran. */
  file: string;
  entryPoint: string;
  work?: DispatchWork;
  /** Start, from the first recorded pass's start, and duration. */
  startMs: number;
  ms: number;
}

/** The problem one dispatch solved, for rates: e.g. `nt 2048x344x128`, 2 * M * N * K flops. */
export interface DispatchWork {
  shape: string;
  flops: number;
}

/** What a pass records about its kernel. */
export interface ProfiledKernel {
  label: string;
  file: string;
  entryPoint: string;
  /** Set by kernels whose cost depends on a shape (matmuls), when timed per dispatch. */
  work?: DispatchWork;
}

export class Profiler {
  private readonly querySet: GPUQuerySet;
  private readonly resolveBuffer: GPUBuffer;
  private readonly labels: ProfiledKernel[] = [];

  static isSupported(gpu: GpuContext): boolean {
    return gpu.device.features.has('timestamp-query');
  }

  constructor(
    private readonly gpu: GpuContext,
    private readonly capacity = 512,
  ) {
    this.querySet = gpu.device.createQuerySet({
      label: 'profiler.querySet',
      type: 'timestamp',
      count: capacity * 2,
    });
    this.resolveBuffer = gpu.buffers.create(
      'profiler.resolve',
      capacity * 16,
      GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    );
  }

  slot(kernel: ProfiledKernel): GPUComputePassTimestampWrites {
    if (this.labels.length >= this.capacity)
      throw new RangeError(`profiler holds at most ${this.capacity} passes`);
    const index = this.labels.length;
    this.labels.push(kernel);
    return {
      querySet: this.querySet,
      beginningOfPassWriteIndex: 2 * index,
      endOfPassWriteIndex: 2 * index + 1,
    };
  }

  resolve(encoder: GPUCommandEncoder): void {
    if (this.labels.length > 0)
      encoder.resolveQuerySet(this.querySet, 0, this.labels.length * 2, this.resolveBuffer, 0);
  }

  /** Milliseconds of GPU time per recorded pass, in order; clears the recorded passes. */
  async read(): Promise<ProfileEntry[]> {
    const count = this.labels.length;
    if (count === 0) return [];
    const stamps = new BigInt64Array(await readBytes(this.gpu, this.resolveBuffer, count * 16));
    const entries = this.labels.map((kernel, i) => ({
      ...kernel,
      startMs: Number(stamps[2 * i] - stamps[0]) / 1e6,
      ms: Number(stamps[2 * i + 1] - stamps[2 * i]) / 1e6,
    }));
    this.labels.length = 0;
    return entries;
  }

  destroy(): void {
    this.querySet.destroy();
    this.gpu.buffers.destroy(this.resolveBuffer);
  }
}
