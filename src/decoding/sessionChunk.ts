// A chunk forward of some of a GPU session's rows (prefill, append): each row's new positions run
// as one sequence of a chunk. A chunk's sequence b reads and writes cache row b, so the chunk runs
// in the session's cache when its rows are rows 0..B-1 in order (the first prefill), and otherwise
// in a staging cache of B rows that the rows are copied into and back out of. A row's pending
// token (drawn, not fed yet) enters the chunk as the decode input the draw left (a multiplex
// mixture included). The logits after each row's last position go to the session's pending logits.
import type { GpuContext } from '../gpu/device.ts';
import { CommandBatch } from '../gpu/dispatch.ts';
import type { Activations } from '../model/activations.ts';
import { KvCache } from '../model/kvCache.ts';
import type { GpuTransformer } from '../model/transformer.ts';
import { copyCacheRow } from './recordCopies.ts';
import type { Recorder } from './recorderBase.ts';

export interface ChunkRow {
  row: number;
  /** The first cache position the chunk writes for this row. */
  offset: number;
  /** Feed the row's pending decode input first (its last drawn token). */
  pending: boolean;
  tokens: readonly number[];
}

export interface ChunkTarget {
  cache: KvCache;
  /** The session's decode inputs [N, K] (indices, weights): where pending inputs come from. */
  decode: Activations;
  /** f32 [N, V]: the logits each row draws from next. */
  pendingLogits: GPUBuffer;
  recorders: readonly Recorder[];
  keep: boolean;
}

export async function runChunk(
  gpu: GpuContext,
  model: GpuTransformer,
  target: ChunkTarget,
  rows: readonly ChunkRow[],
  K: number,
): Promise<void> {
  const { config } = model;
  const V = config.vocab_size;
  const B = rows.length;
  const counts = rows.map((e) => e.tokens.length + (e.pending ? 1 : 0));
  const T = Math.max(...counts);
  const acts = model.activations({ B, T, K, keep: target.keep });
  const indices = new Uint32Array(B * T * K).fill(config.pad_token_id);
  const weights = Float32Array.from({ length: B * T * K }, (_, i) => (i % K === 0 ? 1 : 0));
  rows.forEach((e, b) => {
    e.tokens.forEach((token, t) => {
      indices[(b * T + t + (e.pending ? 1 : 0)) * K] = token;
    });
  });
  const queue = gpu.device.queue;
  queue.writeBuffer(acts.indices, 0, indices);
  queue.writeBuffer(acts.weights, 0, weights);
  queue.writeBuffer(acts.seqs, 0, Uint32Array.from(rows.flatMap((e, b) => [e.offset, counts[b]])));

  const direct = rows.every((e, b) => e.row === b);
  const cache = direct ? target.cache : new KvCache(gpu, config, B);
  const batch = new CommandBatch(gpu, 'session.chunk');
  rows.forEach((e, b) => {
    if (!direct && e.offset > 0) copyCacheRow(batch, target.cache, e.row, cache, b);
    if (e.pending) {
      batch.copy(target.decode.indices, 4 * e.row * K, acts.indices, 4 * b * T * K, 4 * K);
      batch.copy(target.decode.weights, 4 * e.row * K, acts.weights, 4 * b * T * K, 4 * K);
    }
  });
  await model.encodeForward(batch, acts, cache);
  rows.forEach((e, b) => {
    if (!direct) copyCacheRow(batch, cache, b, target.cache, e.row);
    batch.copy(acts.logits, 4 * (b * T + counts[b] - 1) * V, target.pendingLogits, 4 * e.row * V, 4 * V);
  });
  const fed = rows.map((e, b) => ({ row: e.row, chunkRow: b, offset: e.offset, count: counts[b] }));
  for (const recorder of target.recorders) recorder.afterForward?.(batch, acts, fed);
  batch.submit();
  if (!direct) cache.destroy();
}
