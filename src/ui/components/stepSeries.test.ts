// What a step-series chart draws of a long run: at most the limit, evenly spaced, first and last kept.
import { describe, expect, it } from 'vitest';
import { MAX_POINTS, thinSteps } from './stepSeries.ts';

const steps = (n: number) => Array.from({ length: n }, (_, i) => ({ step: i + 1 }));

describe('thinning a step series', () => {
  it('keeps a series at or under the limit whole', () => {
    expect(thinSteps([])).toEqual([]);
    expect(thinSteps(steps(3))).toEqual(steps(3));
    expect(thinSteps(steps(MAX_POINTS))).toEqual(steps(MAX_POINTS));
  });

  it('draws at most the limit and keeps the first and the latest step', () => {
    for (const n of [MAX_POINTS + 1, 799, 800, 801, 1000, 12_345]) {
      const shown = thinSteps(steps(n));
      expect(shown.length, `n = ${n}`).toBeLessThanOrEqual(MAX_POINTS);
      expect(shown.length, `n = ${n}`).toBeGreaterThan(MAX_POINTS / 2);
      expect(shown[0].step).toBe(1);
      expect(shown.at(-1)?.step).toBe(n);
    }
  });

  it('keeps every k-th step, so the drawn points stay put while a live run grows', () => {
    expect(thinSteps(steps(1000), 10).map((r) => r.step)).toEqual([
      1, 113, 225, 337, 449, 561, 673, 785, 897, 1000,
    ]);
    expect(thinSteps(steps(1001), 10).map((r) => r.step)).toEqual([
      1, 113, 225, 337, 449, 561, 673, 785, 897, 1001,
    ]);
  });
});
