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

/** A source that hands out `examples` in turn. */
function list(examples: TokenExample[]): () => TokenExample {
  let i = 0;
  return () => examples[i++ % examples.length];
}

describe('packBatch with per-token masks', () => {
  it('keeps each token mask on the target it gates across two examples, never the next <bos>', () => {
    // Token masks [0 1 0 1][0 0 0 1 1]: A trains its prompt token 10 and leaves out 50; B leaves
    // out 51. Position p's target is token p + 1 with that token's mask; position 3's is B's <bos>.
    const a: TokenExample = { prompt: [0, 10], completion: [50, 1], mask: [0, 1, 0, 1] };
    const b: TokenExample = { prompt: [0, 11], completion: [51, 52, 1], mask: [0, 0, 0, 1, 1] };
    const { batch, stats } = packBatch(list([a, b]), 1, 8, PAD);
    expect(Array.from(batch.input.indices)).toEqual([0, 10, 50, 1, 0, 11, 51, 52]);
    expect(Array.from(batch.targets)).toEqual([10, 50, 1, 0, 11, 51, 52, 1]);
    expect(Array.from(batch.mask)).toEqual([1, 0, 1, 0, 0, 0, 1, 1]);
    expect(stats).toEqual({ examples: 2, usedPositions: 8, supervised: 4 });
  });

  it('gives the batch of no mask for the explicit default mask (0 on the prompt, 1 on the completion)', () => {
    const lengths: [number, number][] = [
      [3, 2],
      [2, 4],
    ];
    const plain = source(lengths);
    const withMask = source(lengths);
    const explicit = () => {
      const e = withMask();
      return { ...e, mask: [...e.prompt.map(() => 0), ...e.completion.map(() => 1)] };
    };
    expect(packBatch(explicit, 2, 9, PAD)).toEqual(packBatch(plain, 2, 9, PAD));
  });

  it('carries a misfit to the next row with its own mask', () => {
    // T + 1 = 9. Row 0: e1 (5 tokens), e2 (6) misfits, e3 (4) fills the row. Row 1: e2, then e4s
    // (4 tokens) misfit until the row closes: six tokens, padding after.
    const e1: TokenExample = { prompt: [0, 10, 11], completion: [50, 1] };
    const e2: TokenExample = { prompt: [0, 20], completion: [60, 61, 62, 1], mask: [0, 1, 0, 0, 1, 1] };
    const e3: TokenExample = { prompt: [0, 30], completion: [70, 1] };
    const e4: TokenExample = { prompt: [0, 31], completion: [71, 1] };
    let calls = 0;
    const next = () => [e1, e2, e3][calls++] ?? e4;
    const { batch, stats } = packBatch(next, 2, 8, PAD);
    expect(Array.from(batch.input.indices)).toEqual([
      0,
      10,
      11,
      50,
      1,
      0,
      30,
      70,
      0,
      20,
      60,
      61,
      62,
      1,
      PAD,
      PAD,
    ]);
    expect(Array.from(batch.targets)).toEqual([
      10,
      11,
      50,
      1,
      0,
      30,
      70,
      1,
      20,
      60,
      61,
      62,
      1,
      PAD,
      PAD,
      PAD,
    ]);
    expect(Array.from(batch.mask)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0]);
    expect(batch.input.counts).toEqual([8, 6]);
    expect(stats).toEqual({ examples: 3, usedPositions: 14, supervised: 7 });
  });

  it('trains on the prompt when the mask says so', () => {
    const e: TokenExample = { prompt: [0, 10, 11], completion: [50, 1], mask: [0, 1, 1, 1, 1] };
    const { batch, stats } = packBatch(list([e]), 1, 4, PAD);
    expect(Array.from(batch.targets)).toEqual([10, 11, 50, 1]);
    expect(Array.from(batch.mask)).toEqual([1, 1, 1, 1]);
    expect(stats.supervised).toBe(4);
  });

  it.each([
    ['too short', [0, 1, 1], /mask of 3 entries for 2 prompt \+ 2 completion tokens/],
    ['too long', [0, 1, 1, 1, 1], /mask of 5 entries/],
    ['a weight', [0, 1, 0.5, 1], /mask\[2\] is 0.5: each entry is 0 \(context\) or 1 \(target\)/],
    ['negative', [0, -1, 1, 1], /mask\[1\] is -1/],
    ['not a number', [0, 1, Number.NaN, 1], /mask\[2\] is NaN/],
    ['<bos> a target', [1, 1, 1, 1], /mask\[0\] must be 0/],
  ])('refuses a mask that is %s', (_, mask, message) => {
    const e: TokenExample = { prompt: [0, 10], completion: [50, 1], mask };
    expect(() => packBatch(list([e]), 1, 8, PAD)).toThrow(RangeError);
    expect(() => packBatch(list([e]), 1, 8, PAD)).toThrow(message);
  });

  it('refuses an example with no prompt and no mask, or no tokens', () => {
    const noPrompt = { prompt: [], completion: [50, 1] };
    expect(() => packBatch(list([noPrompt]), 1, 8, PAD)).toThrow(/the prompt must hold at least <bos>/);
    const empty = { prompt: [], completion: [], mask: [] };
    expect(() => packBatch(list([empty]), 1, 8, PAD)).toThrow(/needs at least one token/);
  });
});
