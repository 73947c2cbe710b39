// Rollouts laid out as training rows: every response token is the target of exactly one masked
// row, in rollout order, and gather / scatter move values between the two orders.
import { describe, expect, it } from 'vitest';
import { gatherTokens, policyBatch, scatterTokens } from './policyBatch.ts';

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
});
