// The CPU sampler's semantics on hand-computed cases: identities, truncation, ties, greedy, and
// draws whose frequencies follow the processed distribution.
import { describe, expect, it } from 'vitest';
import { keptRanks, rankTokens, sampleRow } from './samplerReference.ts';

const LOGITS = [1, 3, 2, 3, -1];

describe('the CPU sampler', () => {
  it('ranks by logit with ties to the lower id, NaN last', () => {
    expect(rankTokens(LOGITS)).toEqual([1, 3, 2, 0, 4]);
    expect(rankTokens([0, Number.NaN, 5])).toEqual([2, 0, 1]);
  });

  it('at temperature 1 without truncation samples from softmax(logits) itself', () => {
    const step = sampleRow(LOGITS, { temperature: 1, topK: 0, topP: 1 }, 0.5);
    expect(step.processed).toEqual(step.raw);
    expect(step.raw.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(step.logProb).toBeCloseTo(Math.log(step.raw[step.ranked.indexOf(step.token)]), 12);
  });

  it('keeps the top k ranks, and the smallest prefix whose mass reaches p', () => {
    expect(keptRanks([0.5, 0.3, 0.2], 2, 1)).toBe(2);
    expect(keptRanks([0.5, 0.3, 0.2], 0, 0.5)).toBe(1);
    expect(keptRanks([0.5, 0.3, 0.2], 0, 0.51)).toBe(2);
    expect(keptRanks([0.5, 0.3, 0.2], 0, 0.8)).toBe(2);
    expect(keptRanks([0.5, 0.3, 0.2], 0, 0.81)).toBe(3);
    // top-p on the renormalised top-2 distribution (0.625, 0.375)
    expect(keptRanks([0.5, 0.3, 0.2], 2, 0.62)).toBe(1);
    expect(keptRanks([0.5, 0.3, 0.2], 2, 0.63)).toBe(2);
    expect(keptRanks([0.5, 0.3, 0.2], 0, 0)).toBe(1);
  });

  it('renormalises what survives truncation and never samples past it', () => {
    for (let i = 0; i < 50; i++) {
      const step = sampleRow(LOGITS, { temperature: 0.7, topK: 2, topP: 1 }, i / 50);
      expect([1, 3]).toContain(step.token);
      expect(step.processed[0] + step.processed[1]).toBeCloseTo(1, 12);
      expect(step.processed.slice(2).every((q) => q === 0)).toBe(true);
    }
  });

  it('is greedy at temperature 0: the top rank with log-probability 0, whatever u', () => {
    for (const u of [0, 0.3, 0.999]) {
      expect(sampleRow(LOGITS, { temperature: 0, topK: 0, topP: 1 }, u)).toMatchObject({
        token: 1,
        logProb: 0,
        entropy: 0,
      });
    }
  });

  it('draws with frequencies that follow q (u on a fine grid)', () => {
    const params = { temperature: 1.3, topK: 4, topP: 0.95 };
    const counts = new Map<number, number>();
    const n = 10_000;
    for (let i = 0; i < n; i++) {
      const { token } = sampleRow(LOGITS, params, (i + 0.5) / n);
      counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    const { ranked, processed } = sampleRow(LOGITS, params, 0);
    ranked.forEach((token, r) => {
      expect((counts.get(token) ?? 0) / n).toBeCloseTo(processed[r], 3);
    });
  });

  it('reports the entropy of q: log 2 for two equal survivors', () => {
    const step = sampleRow([0, 5, 5, 0], { temperature: 1, topK: 2, topP: 1 }, 0.1);
    expect(step.entropy).toBeCloseTo(Math.log(2), 12);
    expect(step.token).toBe(1);
  });
});
