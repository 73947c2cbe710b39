// The GPU session's draw recorders: per draw, the top candidates with their stage snapshots, the
// raw log-softmax, the crowding of the step and the multiplex trace, each indexed by the row's
// draw index like sample.wgsl's own record. The CPU session records the same in recordsReference.ts.
import type { GpuContext } from '../gpu/device.ts';
import type { Candidate } from './generation.ts';
import { multiplexTrace, sequenceCrowding } from './generation.ts';
import { TRACE_FIELDS } from './multiplex.ts';
import {
  type ReadRow,
  type RecorderShape,
  RegionRecorder,
  type SamplerOutputs,
  slot,
} from './recorderBase.ts';
import { CROWDING_RECORD } from './sampler.ts';

/** The top C candidates of every draw: (token, raw p, q). */
export class CandidatesRecorder extends RegionRecorder {
  readonly sampler: SamplerOutputs;

  constructor(
    gpu: GpuContext,
    private readonly s: RecorderShape,
    private readonly C: number,
  ) {
    super(gpu, 'candidates', s.N, s.maxNew * C * 3);
    this.sampler = { candidates: this.regions.buffer };
  }

  async read(rows: readonly ReadRow[]): Promise<void> {
    const data = await this.regions.readU32();
    const f32 = new Float32Array(data.buffer);
    for (const { sequence, row } of rows) {
      sequence.candidates = sequence.tokens.map((_, t) =>
        Array.from({ length: this.C }, (_, c): Candidate => {
          const at = slot(this.s, row.id, row.drawnBefore + t, this.C * 3) + 3 * c;
          return { token: data[at], raw: f32[at + 1], processed: f32[at + 2] };
        }),
      );
    }
  }
}

/** The candidates' probability after temperature and after truncation (reads after candidates). */
export class StagesRecorder extends RegionRecorder {
  readonly sampler: SamplerOutputs;

  constructor(
    gpu: GpuContext,
    private readonly s: RecorderShape,
    private readonly C: number,
  ) {
    super(gpu, 'stages', s.N, s.maxNew * 4 * C);
    this.sampler = { stages: this.regions.buffer };
  }

  async read(rows: readonly ReadRow[]): Promise<void> {
    const data = await this.regions.readF32();
    for (const { sequence, row } of rows) {
      sequence.candidates?.forEach((candidates, t) => {
        const at = slot(this.s, row.id, row.drawnBefore + t, 4 * this.C);
        candidates.forEach((candidate, c) => {
          candidate.temperature = data[at + this.C + c];
          candidate.truncated = data[at + 2 * this.C + c];
        });
      });
    }
  }
}

/** The raw log-softmax over the vocabulary at every draw. */
export class LogSoftmaxRecorder extends RegionRecorder {
  readonly sampler: SamplerOutputs;

  constructor(
    gpu: GpuContext,
    private readonly s: RecorderShape,
  ) {
    super(gpu, 'rawLogSoftmax', s.N, s.maxNew * s.V);
    this.sampler = { rawLogSoftmax: this.regions.buffer };
  }

  async read(rows: readonly ReadRow[]): Promise<void> {
    const data = await this.regions.readF32();
    for (const { sequence, row } of rows) {
      sequence.rawLogSoftmax = sequence.tokens.map((_, t) => {
        const at = slot(this.s, row.id, row.drawnBefore + t, this.s.V);
        return data.slice(at, at + this.s.V);
      });
    }
  }
}

/** Crowding of every draw: C_t, λ_t and the candidates' token crowding. */
export class CrowdingRecorder extends RegionRecorder {
  readonly sampler: SamplerOutputs;

  constructor(
    gpu: GpuContext,
    private readonly s: RecorderShape,
  ) {
    super(gpu, 'crowding', s.N, s.maxNew * CROWDING_RECORD);
    this.sampler = { crowding: this.regions.buffer };
  }

  async read(rows: readonly ReadRow[]): Promise<void> {
    const data = await this.regions.readF32();
    for (const { sequence, row } of rows) {
      sequence.crowding = sequence.tokens.map((_, t) => {
        const at = slot(this.s, row.id, row.drawnBefore + t, CROWDING_RECORD);
        return { step: data[at], lambda: data[at + 1], tokens: data.slice(at + 3, at + 3 + data[at + 2]) };
      });
      sequence.sequenceCrowding = sequenceCrowding(sequence.tokens, sequence.crowding);
    }
  }
}

/** Multiplex Thinking's mixture and per-slot log q at every draw. */
export class TraceRecorder extends RegionRecorder {
  readonly trace: GPUBuffer;

  constructor(
    gpu: GpuContext,
    private readonly s: RecorderShape,
  ) {
    super(gpu, 'multiplexTrace', s.N, s.maxNew * s.K * TRACE_FIELDS);
    this.trace = this.regions.buffer;
  }

  async read(rows: readonly ReadRow[]): Promise<void> {
    const data = await this.regions.readU32();
    const f32 = new Float32Array(data.buffer);
    const { K } = this.s;
    for (const { sequence, row } of rows) {
      sequence.multiplex = multiplexTrace(K, sequence.tokens.length, (t, j) => {
        const at = slot(this.s, row.id, row.drawnBefore + t, K * TRACE_FIELDS) + TRACE_FIELDS * j;
        return { token: data[at], weight: f32[at + 1], logProb: f32[at + 2] };
      });
    }
  }
}
