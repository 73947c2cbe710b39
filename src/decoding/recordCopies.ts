// Row copies for the generation session. A row of the session's KV cache (or of any per-row
// buffer) copied into another row goes through a scratch buffer, since WebGPU refuses a copy
// whose source buffer is its destination; rows move into and out of the small staging cache a
// chunk forward runs in (a chunk's sequence b writes cache row b) with direct copies.
import type { CommandBatch } from '../gpu/dispatch.ts';
import type { KvCache } from '../model/kvCache.ts';

/** Copies `bytes` from one byte offset of a buffer to another of the same buffer. */
export type RegionCopy = (buffer: GPUBuffer, fromByte: number, toByte: number, bytes: number) => void;

/** A RegionCopy through `scratch` (at least as large as any region copied); copies run in order. */
export function regionCopier(batch: CommandBatch, scratch: GPUBuffer): RegionCopy {
  return (buffer, fromByte, toByte, bytes) => {
    batch.copy(buffer, fromByte, scratch, 0, bytes);
    batch.copy(scratch, 0, buffer, toByte, bytes);
  };
}

/** Copies row `from` of a cache into row `to` of the same cache, in every layer. */
export function copyRowWithin(copy: RegionCopy, cache: KvCache, from: number, to: number): void {
  const bytes = 4 * cache.rowElements;
  for (const layer of [...cache.k, ...cache.v]) copy(layer, from * bytes, to * bytes, bytes);
}

/** Copies row `fromRow` of one cache into row `toRow` of another, in every layer. */
export function copyCacheRow(
  batch: CommandBatch,
  from: KvCache,
  fromRow: number,
  to: KvCache,
  toRow: number,
): void {
  const bytes = 4 * from.rowElements;
  for (const [source, target] of [
    [from.k, to.k],
    [from.v, to.v],
  ]) {
    source.forEach((layer, l) => {
      batch.copy(layer, fromRow * bytes, target[l], toRow * bytes, bytes);
    });
  }
}
