import { describe, expect, it } from 'vitest';
import { MAX_MISFITS, packBatch, type TokenExample } from './packing.ts';

const PAD = 2;

/** Examples with prompt [0, p...] and completion [c..., 1] of the given lengths, in turn. */
function source(lengths: [number, number][]): () => TokenExample {
  let i = 0;
  return () => {
    const [p, c] = lengths[i++ % lengths.length];
    return {
      prompt: [0, ...Array.from({ length: p - 1 }, (_, j) => 10 + j)],
      completion: [...Array.from({ length: c - 1 }, (_, j) => 50 + j), 1],
    };
  };
}

describe('packBatch', () => {
  it('lays examples end to end with shifted targets and a mask on completion targets only', () => {
    const { batch, stats } = packBatch(source([[2, 2]]), 1, 7, PAD);
    // Two examples of 4 tokens: [0 10 50 1][0 10 50 1] -> 8 tokens = T + 1.
    expect(Array.from(batch.input.indices)).toEqual([0, 10, 50, 1, 0, 10, 50]);
    expect(Array.from(batch.targets)).toEqual([10, 50, 1, 0, 10, 50, 1]);
    expect(Array.from(batch.mask)).toEqual([0, 1, 1, 0, 0, 1, 1]);
    expect(batch.input.counts).toEqual([7]);
    expect(stats).toEqual({ examples: 2, usedPositions: 7, supervised: 4 });
  });

  it('pads a row it cannot fill and keeps a misfit for the next row', () => {
    // T + 1 = 9: a 5-token example, then a 6-token one misfits and opens row 2.
    const { batch } = packBatch(
      source([
        [3, 2],
        [3, 3],
        [3, 3],
      ]),
      2,
      8,
      PAD,
    );
    const row = (b: number) => Array.from(batch.input.indices.slice(b * 8, b * 8 + 8));
    expect(row(0).slice(0, 5)).toEqual([0, 10, 11, 50, 1]);
    expect(row(0).slice(5)).toEqual([PAD, PAD, PAD]);
    expect(batch.input.counts[0]).toBe(5);
    expect(Array.from(batch.mask).slice(0, 8)).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    expect(row(1).slice(0, 6)).toEqual([0, 10, 11, 50, 51, 1]);
  });

  it('gives up on a row after MAX_MISFITS fresh examples that do not fit', () => {
    let calls = 0;
    const long = source([[4, 5]]);
    const next = () => {
      calls++;
      return long();
    };
    packBatch(next, 1, 12, PAD);
    expect(calls).toBe(1 + MAX_MISFITS);
  });

  it('is deterministic for a deterministic source, and refuses an example longer than a row', () => {
    const a = packBatch(
      source([
        [3, 4],
        [2, 9],
        [5, 2],
      ]),
      3,
      16,
      PAD,
    ).batch;
    const b = packBatch(
      source([
        [3, 4],
        [2, 9],
        [5, 2],
      ]),
      3,
      16,
      PAD,
    ).batch;
    expect(a).toEqual(b);
    expect(() => packBatch(source([[5, 10]]), 1, 8, PAD)).toThrow(RangeError);
  });
});
