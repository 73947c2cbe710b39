// The Wilson interval on values computed by hand (z = 1.96), the seeded bootstrap, and the paired
// difference of two arms.
import { describe, expect, it } from 'vitest';
import { bootstrapMean, pairedDifference, proportionDifference, wilsonInterval } from './intervals.ts';

describe('the 95% Wilson interval', () => {
  it('matches hand-computed bounds and stays inside [0, 1]', () => {
    const [lo, hi] = wilsonInterval(50, 100);
    expect(lo).toBeCloseTo(0.4038, 4);
    expect(hi).toBeCloseTo(0.5962, 4);
    const [zeroLo, zeroHi] = wilsonInterval(0, 200);
    expect(zeroLo).toBeCloseTo(0, 10);
    expect(zeroHi).toBeCloseTo(0.01884, 4);
    expect(wilsonInterval(200, 200)[1]).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});

describe("Newcombe's interval of a difference of proportions", () => {
  it("matches Newcombe's (1998) worked examples and is symmetric at equal counts", () => {
    const a = proportionDifference(56, 70, 48, 80);
    expect(a.mean).toBeCloseTo(0.2, 10);
    expect(a.low).toBeCloseTo(0.0524, 4);
    expect(a.high).toBeCloseTo(0.3339, 4);
    const b = proportionDifference(9, 10, 3, 10);
    expect(b.low).toBeCloseTo(0.1705, 4);
    expect(b.high).toBeCloseTo(0.809, 4);
    const zero = proportionDifference(0, 100, 0, 100);
    expect(zero.mean).toBe(0);
    expect(zero.low).toBeCloseTo(-0.037, 3);
    expect(zero.high).toBeCloseTo(0.037, 3);
    const drop = proportionDifference(2, 100, 86, 100);
    expect(drop.high).toBeLessThan(0);
  });
});

describe('the bootstrap interval of a mean', () => {
  it('is seeded, brackets the mean, narrows with n, and is exact for constant values', () => {
    const values = Array.from({ length: 400 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const a = bootstrapMean(values, 3);
    expect(a).toEqual(bootstrapMean(values, 3));
    expect(a.mean).toBe(0.25);
    expect(a.low).toBeLessThan(0.25);
    expect(a.high).toBeGreaterThan(0.25);
    // The normal approximation: ± 1.96 * sqrt(0.25 * 0.75 / 400) = ± 0.042.
    expect(a.high - a.low).toBeGreaterThan(0.07);
    expect(a.high - a.low).toBeLessThan(0.1);
    const small = bootstrapMean(values.slice(0, 40), 3);
    expect(small.high - small.low).toBeGreaterThan(a.high - a.low);
    expect(bootstrapMean([2, 2, 2], 1)).toEqual({ mean: 2, low: 2, high: 2 });
    expect(() => bootstrapMean([], 1)).toThrow(RangeError);
  });
});

describe('the paired difference of two arms', () => {
  it('bootstraps the per-problem differences, so a constant shift has no spread', () => {
    const base = [2, 9, 4, 7];
    expect(
      pairedDifference(
        base.map((b) => b + 3),
        base,
        5,
      ),
    ).toEqual({ mean: 3, low: 3, high: 3 });
    const arm = [3, 8, 9, 7];
    expect(pairedDifference(arm, base, 5)).toEqual(bootstrapMean([1, -1, 5, 0], 5));
    expect(() => pairedDifference(arm, base.slice(1), 5)).toThrow(/same problems \(4 against 3 values\)/);
  });
});
