// The GPU session's recorders (session.ts): each optional GeneratedSequence field is one small
// object (recorderBase.ts) plugged into the session — the draw recorders of drawRecorders.ts and
// the attention recorder below, which copies each fed position's attention row out of the
// forward's probabilities. The CPU session's recorders are recordsReference.ts.
import type { GpuContext } from '../gpu/device.ts';
import type { CommandBatch } from '../gpu/dispatch.ts';
import type { Activations } from '../model/activations.ts';
import {
  CandidatesRecorder,
  CrowdingRecorder,
  LogSoftmaxRecorder,
  StagesRecorder,
  TraceRecorder,
} from './drawRecorders.ts';
import {
  type FedRow,
  type ReadRow,
  type Recorder,
  type RecorderShape,
  RegionRecorder,
} from './recorderBase.ts';
import { trimAttention } from './recordsReference.ts';
import type { SessionOptions } from './sessionTypes.ts';

/** Attention probabilities of every fed position, per layer and head: [N, L, H, positions, S]. */
class AttentionRecorder extends RegionRecorder {
  constructor(
    gpu: GpuContext,
    private readonly s: RecorderShape,
  ) {
    super(
      gpu,
      'attention',
      s.N,
      s.L * s.H * s.positions * s.S,
      `The attention record of ${s.N} ${s.N === 1 ? 'row' : 'rows'} × ${s.L} layers × ${s.H} heads × ${s.positions.toLocaleString('en')} positions × ${s.S.toLocaleString('en')} context`,
    );
  }

  afterForward(batch: CommandBatch, acts: Activations, fed: readonly FedRow[]): void {
    const { L, H, S, positions } = this.s;
    for (const { row, chunkRow, offset, count } of fed) {
      const kept = Math.min(count, positions - offset);
      if (kept <= 0) continue;
      for (let l = 0; l < L; l++) {
        for (let h = 0; h < H; h++) {
          const from = 4 * (chunkRow * H + h) * acts.T * S;
          const to = 4 * ((((row * L + l) * H + h) * positions + offset) * S);
          batch.copy(acts.layers[l].probs, from, this.regions.buffer, to, 4 * kept * S);
        }
      }
    }
  }

  async read(rows: readonly ReadRow[]): Promise<void> {
    const data = await this.regions.readF32();
    const { L, H, S, positions } = this.s;
    const perRow = this.regions.perRow;
    for (const { sequence, row } of rows) {
      const region = data.subarray(row.id * perRow, (row.id + 1) * perRow);
      sequence.attention = trimAttention(region, row.processed, { L, H, S, positions });
    }
  }
}

/** The recorders a session's options ask for, in reading order. */
export function createRecorders(gpu: GpuContext, shape: RecorderShape, options: SessionOptions): Recorder[] {
  const record = options.record ?? {};
  const C = Math.min(record.candidates ?? 0, shape.V);
  const recorders: Recorder[] = [];
  if (C > 0) recorders.push(new CandidatesRecorder(gpu, shape, C));
  if (C > 0 && record.stages) recorders.push(new StagesRecorder(gpu, shape, C));
  if (record.logSoftmax) recorders.push(new LogSoftmaxRecorder(gpu, shape));
  if (record.crowding) recorders.push(new CrowdingRecorder(gpu, shape));
  if (options.multiplex) recorders.push(new TraceRecorder(gpu, shape));
  if (record.attention) recorders.push(new AttentionRecorder(gpu, shape));
  return recorders;
}
