// What a GPU session recorder (recorders.ts) is: an object that owns its buffer, its hook into
// the step (a sampler or multiplex binding, or a copy after the forward), its row
// copy and its readback into a GeneratedSequence field. Every buffer is [N, ...] with one
// contiguous region per row (RowRegions), so copying a row is one copy.
import type { GpuContext } from '../gpu/device.ts';
import type { CommandBatch } from '../gpu/dispatch.ts';
import { readF32, readU32 } from '../gpu/readback.ts';
import type { Activations } from '../model/activations.ts';
import type { RegionCopy } from './recordCopies.ts';
import type { SamplerBuffers } from './sampler.ts';
import type { SessionRow } from './sessionRows.ts';
import type { SessionSequence } from './sessionTypes.ts';

export interface RecorderShape {
  /** Rows */
  N: number;
  maxNew: number;
  V: number;
  L: number;
  H: number;
  S: number;
  /** Multiplex width */
  K: number;
  /** Attention positions kept per row */
  positions: number;
}

/** Positions offset .. offset+count-1 of `row` were fed as row `chunkRow` of a chunk. */
export interface FedRow {
  row: number;
  chunkRow: number;
  offset: number;
  count: number;
}

/** A read row: its sequence to fill and its row (whose drawnBefore is its first draw's slot). */
export interface ReadRow {
  sequence: SessionSequence;
  row: SessionRow;
}

export type SamplerOutputs = Partial<
  Pick<SamplerBuffers, 'candidates' | 'rawLogSoftmax' | 'stages' | 'crowding'>
>;

export interface Recorder {
  /** Its buffers bound into every sampling step. */
  readonly sampler?: SamplerOutputs;
  /** Its buffer bound as the multiplex trace. */
  readonly trace?: GPUBuffer;
  afterForward?(batch: CommandBatch, acts: Activations, fed: readonly FedRow[]): void;
  /** Bytes of one row's region (the largest copy copyRow makes). */
  readonly rowBytes: number;
  copyRow(copy: RegionCopy, from: number, to: number): void;
  /** Fills its field of each sequence (after the recorders before it in the list). */
  read(rows: readonly ReadRow[]): Promise<void>;
  destroy(): void;
}

/**
 * One buffer of N contiguous row regions of `perRow` 4-byte elements; `what` names it in the error
 * when it would not fit the GPU's limits or the lab's budget.
 */
export class RowRegions {
  readonly buffer: GPUBuffer;

  constructor(
    private readonly gpu: GpuContext,
    label: string,
    private readonly N: number,
    readonly perRow: number,
    what = `The session's ${label} record`,
  ) {
    gpu.buffers.reserve(what, 4 * N * perRow);
    this.buffer = gpu.buffers.create(`session.${label}`, 4 * N * perRow);
  }

  get rowBytes(): number {
    return 4 * this.perRow;
  }

  copyRow(copy: RegionCopy, from: number, to: number): void {
    copy(this.buffer, from * this.rowBytes, to * this.rowBytes, this.rowBytes);
  }

  readU32(): Promise<Uint32Array> {
    return readU32(this.gpu, this.buffer, this.N * this.perRow);
  }

  readF32(): Promise<Float32Array> {
    return readF32(this.gpu, this.buffer, this.N * this.perRow);
  }

  destroy(): void {
    this.gpu.buffers.destroy(this.buffer);
  }
}

/** A recorder whose whole state is one RowRegions buffer. */
export abstract class RegionRecorder implements Recorder {
  protected readonly regions: RowRegions;

  constructor(gpu: GpuContext, label: string, N: number, perRow: number, what?: string) {
    this.regions = new RowRegions(gpu, label, N, perRow, what);
  }

  get rowBytes(): number {
    return this.regions.rowBytes;
  }

  copyRow(copy: RegionCopy, from: number, to: number): void {
    this.regions.copyRow(copy, from, to);
  }

  abstract read(rows: readonly ReadRow[]): Promise<void>;

  destroy(): void {
    this.regions.destroy();
  }
}

/** The element offset of draw slot `index` of `row`, `width` elements per slot. */
export function slot(s: RecorderShape, row: number, index: number, width: number): number {
  return (row * s.maxNew + index) * width;
}
