// Multiplex Thinking's branch-and-merge on the CPU: the draw rule, the two merges, K = 1 as the
// discrete token, duplicates keeping their multiplicity, and the one-hot discrete step.
import { describe, expect, it } from 'vitest';
import { rngUniform } from '../model/rng.ts';
import { randomArray } from '../testing/random.ts';
import {
  checkMultiplex,
  discreteStep,
  drawRank,
  type MultiplexSettings,
  multiplexStep,
} from './multiplexReference.ts';
import { sampleRow } from './samplerReference.ts';

const KEY = { seed: 5, sequence: 2, step: 7 };

describe('drawRank', () => {
  it('takes the first rank whose cumulative mass exceeds u, skipping ranks without mass', () => {
    const q = [0.5, 0, 0.3, 0.2];
    expect(drawRank(q, 0)).toBe(0);
    expect(drawRank(q, 0.49)).toBe(0);
    expect(drawRank(q, 0.5)).toBe(2);
    expect(drawRank(q, 0.81)).toBe(3);
  });

  it('falls back to the last rank with mass past the rounding of the sum', () => {
    expect(drawRank([0.6, 0.3999999, 0], 0.9999999)).toBe(1);
  });
});

describe('multiplexStep', () => {
  it('merges the example of the header: draws (0, 1, 0) of (0.6, 0.3, 0.1) weigh (0.4, 0.2, 0.4)', () => {
    const ranked = [10, 11, 12];
    const q = [0.6, 0.3, 0.1];
    let key = KEY;
    for (let step = 0; ; step++) {
      key = { ...KEY, step };
      const ranks = [0, 1, 2].map((j) => drawRank(q, rngUniform(key.seed, key.sequence, step, j)));
      if (ranks.join() === '0,1,0') break;
    }
    const merged = multiplexStep(ranked, q, { width: 3, merge: 'reweighted' }, key, false);
    expect(merged.indices).toEqual([10, 11, 10]);
    merged.weights.forEach((w, j) => {
      expect(w).toBeCloseTo([0.4, 0.2, 0.4][j], 12);
    });
    expect(merged.logProbs).toEqual([Math.log(0.6), Math.log(0.3), Math.log(0.6)]);
  });

  it('with K = 1 is the discrete draw of the sampler, weight 1', () => {
    for (let trial = 0; trial < 20; trial++) {
      const logits = randomArray(31, trial, 3);
      const params = { temperature: 1.1, topK: 0, topP: 0.9 };
      const key = { ...KEY, step: trial };
      const sampled = sampleRow(logits, params, rngUniform(key.seed, key.sequence, key.step, 0));
      const merged = multiplexStep(
        sampled.ranked,
        sampled.processed,
        { width: 1, merge: 'reweighted' },
        key,
        false,
      );
      expect(merged.indices).toEqual([sampled.token]);
      expect(merged.weights).toEqual([1]);
      expect(merged.logProbs[0]).toBeCloseTo(sampled.logProb, 12);
    }
  });

  it.each<MultiplexSettings['merge']>(['reweighted', 'averaged'])(
    '%s weights sum to 1 and follow their rule on random distributions',
    (merge) => {
      for (let trial = 0; trial < 30; trial++) {
        const raw = Array.from(randomArray(17, 100 + trial, 1), (x) => Math.exp(3 * x));
        const total = raw.reduce((a, b) => a + b, 0);
        const q = raw.map((x) => x / total).sort((a, b) => b - a);
        const ranked = q.map((_, r) => 40 + r);
        const width = 1 + (trial % 8);
        const merged = multiplexStep(ranked, q, { width, merge }, { ...KEY, step: trial }, false);
        expect(merged.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        const mass = merged.indices.map((id) => q[id - 40]);
        merged.weights.forEach((w, j) => {
          const expected = merge === 'averaged' ? 1 / width : mass[j] / mass.reduce((a, b) => a + b, 0);
          expect(w).toBeCloseTo(expected, 12);
        });
      }
    },
  );

  it('keeps duplicates with their multiplicity: a peaked distribution draws one token K times', () => {
    const merged = multiplexStep([3, 4], [1, 0], { width: 4, merge: 'reweighted' }, KEY, false);
    expect(merged.indices).toEqual([3, 3, 3, 3]);
    expect(merged.weights).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('greedy draws rank 0 in every slot with log q 0', () => {
    const merged = multiplexStep([9, 8, 7], [1, 0, 0], { width: 3, merge: 'averaged' }, KEY, true);
    expect(merged.indices).toEqual([9, 9, 9]);
    expect(merged.logProbs).toEqual([0, 0, 0]);
  });
});

describe('discreteStep', () => {
  it('is one-hot on slot 0, which alone carries the log-probability', () => {
    expect(discreteStep(42, -0.5, 3)).toEqual({
      indices: [42, 42, 42],
      weights: [1, 0, 0],
      logProbs: [-0.5, 0, 0],
    });
  });
});

describe('checkMultiplex', () => {
  it.each([0, 9, 2.5, Number.NaN])('rejects K = %s', (width) => {
    expect(() => checkMultiplex({ width, merge: 'reweighted' })).toThrow(/multiplex width K/);
  });

  it('rejects an unknown merge mode', () => {
    expect(() => checkMultiplex({ width: 2, merge: 'max' as MultiplexSettings['merge'] })).toThrow(
      /merge mode 'max'/,
    );
  });
});
