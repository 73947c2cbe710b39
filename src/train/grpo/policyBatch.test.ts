// Rollouts laid out as training rows: every response token is the target of exactly one masked
// row, in rollout order, and gather / scatter move values between the two orders. Multiplex
// rollouts feed their stored mixtures back as inputs and make each slot with weight a target.
import { describe, expect, it } from 'vitest';
import { gatherTokens, perPosition, policyBatch, scatterTokens, tokenValues } from './policyBatch.ts';

const ROLLOUTS = [
  { prompt: [0, 5, 6], response: [7, 8, 1] },
  { prompt: [0, 9], response: [1] },
  { prompt: [0], response: [4, 4, 4, 4, 1] },
];

describe('policy batches', () => {
  it('put each response token at the row that predicts it, the rest masked out', () => {
    const batch = policyBatch(ROLLOUTS, 2, 2);
    expect(batch.micro).toHaveLength(2);
    expect(batch.micro.map((m) => [m.input.B, m.input.T])).toEqual([
      [2, 5],
      [2, 5],
    ]);
    const responses = ROLLOUTS.flatMap((r) => r.response);
    expect(Array.from(batch.sequence)).toEqual([0, 0, 0, 1, 2, 2, 2, 2, 2]);
    expect(Array.from(batch.starts)).toEqual([0, 3, 4, 9]);
    responses.forEach((token, t) => {
      const micro = batch.micro[batch.microOf[t]];
      expect(micro.targets[batch.rowOf[t]]).toBe(token);
      expect(micro.mask[batch.rowOf[t]]).toBe(1);
    });
    const masked = batch.micro.reduce((n, m) => n + Array.from(m.mask).reduce((a, b) => a + b, 0), 0);
    expect(masked).toBe(responses.length);
    // Row 0 of the first micro-batch: inputs are the rollout without its last token.
    expect(Array.from(batch.micro[0].input.indices.subarray(0, 5))).toEqual([0, 5, 6, 7, 8]);
    // The filler row of the last micro-batch: one padding token, nothing masked in.
    expect(batch.micro[1].input.counts).toEqual([5, 1]);
  });

  it('gather and scatter are inverse on the response tokens', () => {
    const batch = policyBatch(ROLLOUTS, 2, 2);
    const values = Array.from(batch.sequence, (_, t) => t + 0.5);
    const rows = batch.micro.map((_, i) => scatterTokens(batch, i, values));
    expect(Array.from(gatherTokens(batch, rows))).toEqual(values);
  });

  it('refuses an empty batch or an empty prompt', () => {
    expect(() => policyBatch([], 2, 2)).toThrow(/at least one rollout/);
    expect(() => policyBatch([{ prompt: [], response: [1] }], 2, 2)).toThrow(/empty prompt/);
  });

  it('keep a masked token as a policy token, untrained, with its row masked out', () => {
    const masked = [
      { ...ROLLOUTS[0], mask: [1, 0, 1] },
      ROLLOUTS[1],
      { ...ROLLOUTS[2], mask: [0, 0, 1, 1, 1] },
    ];
    const batch = policyBatch(masked, 2, 2);
    expect(Array.from(batch.sequence)).toEqual([0, 0, 0, 1, 2, 2, 2, 2, 2]);
    expect(Array.from(batch.trained)).toEqual([1, 0, 1, 1, 0, 0, 1, 1, 1]);
    Array.from(batch.trained).forEach((trained, t) => {
      expect(batch.micro[batch.microOf[t]].mask[batch.rowOf[t]]).toBe(trained);
    });
    expect(Array.from(policyBatch(ROLLOUTS, 2, 2).trained)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('refuse a mask of the wrong length or with values other than 0 and 1', () => {
    expect(() => policyBatch([{ ...ROLLOUTS[0], mask: [1, 1] }], 2, 2)).toThrow(
      /2 mask entries for 3 tokens/,
    );
    expect(() => policyBatch([{ ...ROLLOUTS[0], mask: [1, 0.5, 1] }], 2, 2)).toThrow(/entry 1 is 0.5/);
  });

  it('spread per-token values of each rollout over its policy tokens', () => {
    const batch = policyBatch(ROLLOUTS, 2, 2);
    const values = [[1, 2, 3], [4], [5, 6, 7, 8, 9]];
    expect(Array.from(tokenValues(batch, values))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(() => tokenValues(batch, values.slice(1))).toThrow(/2 value arrays for 3 rollouts/);
    expect(() => tokenValues(batch, [[1], [4], [5]])).toThrow(/rollout 0: 1 values for 3 tokens/);
  });
});

/** Two multiplex rollouts, K = 2: a thinking step (2 slots) then discrete steps (slot 0). */
const MULTIPLEX = [
  {
    prompt: [0, 5],
    response: [7, 8, 1],
    mixture: { width: 2, indices: [7, 9, 8, 8, 1, 1], weights: [0.75, 0.25, 1, 0, 1, 0] },
  },
  {
    prompt: [0, 6, 6],
    response: [3, 1],
    mixture: { width: 2, indices: [3, 3, 1, 1], weights: [0.5, 0.5, 1, 0] },
  },
];

describe('multiplex policy batches', () => {
  const batch = policyBatch(MULTIPLEX, 2, 2);
  const [micro] = batch.micro;
  const K = 2;

  it('feed each step its stored mixture as the input of the next position', () => {
    expect(micro.input.K).toBe(K);
    expect(micro.input.T).toBe(4);
    // Rollout 0: inputs <bos> 5 then step 0's mixture (7, 9) and step 1's (8, one-hot).
    expect(Array.from(micro.input.indices.subarray(0, 8))).toEqual([0, 2, 5, 2, 7, 9, 8, 8]);
    expect(Array.from(micro.input.weights.subarray(0, 8))).toEqual([1, 0, 1, 0, 0.75, 0.25, 1, 0]);
    // Rollout 1: <bos> 6 6 then step 0's mixture (3, 3).
    expect(Array.from(micro.input.indices.subarray(8, 16))).toEqual([0, 2, 6, 2, 6, 2, 3, 3]);
    expect(Array.from(micro.input.weights.subarray(14, 16))).toEqual([0.5, 0.5]);
  });

  it('make every slot with weight a policy token, the slots of one position adjacent', () => {
    expect(batch.width).toBe(K);
    expect(Array.from(batch.sequence)).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect(Array.from(batch.position)).toEqual([0, 0, 1, 2, 3, 3, 4]);
    expect(Array.from(batch.slotOf)).toEqual([0, 1, 0, 0, 0, 1, 0]);
    expect(batch.positions).toBe(5);
    expect(Array.from(batch.starts)).toEqual([0, 4, 7]);
    expect(Array.from(batch.positionStarts)).toEqual([0, 3, 5]);
    const targets = Array.from(batch.sequence, (_, t) => micro.targets[batch.rowOf[t] * K + batch.slotOf[t]]);
    expect(targets).toEqual([7, 9, 8, 1, 3, 3, 1]);
    expect(Array.from(micro.mask).reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('reduce slot values per position: sums for the trace, slot 0, or any', () => {
    const values = [1, 2, 3, 4, 5, 6, 7];
    expect(Array.from(perPosition(batch, values, 'sum'))).toEqual([3, 3, 4, 11, 7]);
    expect(Array.from(perPosition(batch, values, 'first'))).toEqual([1, 3, 4, 5, 7]);
    expect(Array.from(perPosition(batch, [0, 1, 0, 0, 0, 0, 1], 'max'))).toEqual([1, 0, 0, 0, 1]);
  });

  it('give every slot of a position its per-token value', () => {
    expect(
      Array.from(
        tokenValues(batch, [
          [1, 2, 3],
          [4, 5],
        ]),
      ),
    ).toEqual([1, 1, 2, 3, 4, 4, 5]);
  });

  it('gather and scatter are inverse over slots', () => {
    const values = Array.from(batch.sequence, (_, t) => t + 0.25);
    const rows = batch.micro.map((_, i) => scatterTokens(batch, i, values));
    expect(rows[0]).toHaveLength(2 * 4 * K);
    expect(Array.from(gatherTokens(batch, rows))).toEqual(values);
  });

  it('refuse mixtures that disagree with the tokens or with each other', () => {
    const [first, second] = MULTIPLEX;
    const wrongSlot = { ...first, mixture: { ...first.mixture, indices: [9, 7, 8, 8, 1, 1] } };
    expect(() => policyBatch([wrongSlot], 2, 2)).toThrow(/slot 0 of step 0 is 9, not its token 7/);
    expect(() => policyBatch([first, { prompt: [0], response: [1] }], 2, 2)).toThrow(/one width/);
    const short = { ...second, mixture: { width: 2, indices: [3, 3], weights: [1, 0] } };
    expect(() => policyBatch([short], 2, 2)).toThrow(/2 x 2 indices/);
  });
});
