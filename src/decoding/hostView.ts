// The GPU session's host side between syncs: it reads the state and draw record back (one round
// trip each, every `syncEvery` steps), hands each row's new draws to the book, which applies stop
// strings; cancellation and the GPU's own finishes (eos, maxNew, positions, non-finite logits)
// end rows; and whenever the host changes a row (an operation, a stop string, a cancel) it writes
// that row's state, decode chunk and thinking flag to the GPU, so the book stays the truth.
import type { GpuContext } from '../gpu/device.ts';
import { readU32 } from '../gpu/readback.ts';
import { tokenId } from '../model/tokenizer.ts';
import type { FinishReason } from './generation.ts';
import { STATUS } from './sampler.ts';
import type { RowBook, SessionRow } from './sessionRows.ts';
import type { StepOptions } from './sessionTypes.ts';

const GPU_FINISH: Record<number, FinishReason> = {
  [STATUS.eos]: 'eos',
  [STATUS.length]: 'length',
  [STATUS.context]: 'context',
  [STATUS.nonFinite]: 'nonFinite',
};

export interface HostBuffers {
  /** u32 [N, 4]: (rng sequence, status, generated, next position), sample.wgsl */
  state: GPUBuffer;
  /** u32 [N, maxNew, 3]: (token, bits of log q, bits of entropy) per draw */
  record: GPUBuffer;
  /** u32 [N, 2]: the decode chunk's (offset, count) */
  seqs: GPUBuffer;
  /** u32 [N]: multiplex thinking flags, when multiplex is on */
  thinking: GPUBuffer | null;
}

export class HostView {
  constructor(
    private readonly gpu: GpuContext,
    private readonly book: RowBook,
    private readonly buffers: HostBuffers,
  ) {}

  /** Writes what the book says of a row: its state, its decode chunk, its thinking flag. */
  writeRow(row: SessionRow): void {
    const queue = this.gpu.device.queue;
    const status = { running: STATUS.running, held: STATUS.held, finished: STATUS.stopped }[row.status];
    const r = row.id;
    queue.writeBuffer(
      this.buffers.state,
      16 * r,
      Uint32Array.of(row.sequence, status, row.draws, row.length),
    );
    const feeds = row.status === 'running' && row.pendingToken ? 1 : 0;
    queue.writeBuffer(this.buffers.seqs, 8 * r, Uint32Array.of(Math.min(row.cached, this.book.S - 1), feeds));
    if (this.buffers.thinking) {
      const thinking = row.tokens.includes(tokenId('</think>')) ? 0 : 1;
      queue.writeBuffer(this.buffers.thinking, 4 * r, Uint32Array.of(thinking));
    }
  }

  /** Reads back after a window of steps that `running` rows ran, and streams the update. */
  async sync(running: readonly SessionRow[], options: StepOptions): Promise<void> {
    const { maxRows: N, maxNew } = this.book;
    const state = await readU32(this.gpu, this.buffers.state, 4 * N);
    const record = await readU32(this.gpu, this.buffers.record, 3 * N * maxNew);
    const bits = new Float32Array(record.buffer);
    const cancelled = options.isCancelled?.() ?? false;
    for (const row of running) {
      const r = row.id;
      const drawn = state[4 * r + 2];
      const at = (d: number) => 3 * (r * maxNew + d);
      const draws = Array.from({ length: drawn - row.draws }, (_, i) => at(row.draws + i));
      this.book.received(
        row,
        draws.map((a) => record[a]),
        draws.map((a) => bits[a + 1]),
        draws.map((a) => bits[a + 2]),
      );
      const status = state[4 * r + 1];
      // The forward fed the last token before its logits were found non-finite.
      if (status === STATUS.nonFinite) row.cached = row.length;
      const cut = this.book.applyStop(row);
      if (cut !== null) {
        // Draws past the stop fed the token that completed it.
        if (drawn > row.draws) row.cached = row.length;
        this.writeRow(row);
      } else if (status !== STATUS.running) {
        this.book.finish(row, GPU_FINISH[status] ?? 'length');
      } else if (cancelled) {
        this.book.finish(row, 'cancelled');
        this.writeRow(row);
      }
    }
    options.onTokens?.(this.book.update());
  }
}
