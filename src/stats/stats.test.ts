// pass@k against its combinatorial definition, Avg@k, and logistic regression against the closed form
// of one binary predictor (group log-odds) and a seeded simulation with known coefficients.
import { describe, expect, it } from 'vitest';
import { fitLogistic } from './logistic.ts';
import { avgAtK, passAtK } from './passAtK.ts';
import { mulberry32 } from './random.ts';

function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c;
}

describe('pass@k', () => {
  it('equals 1 − C(n−c, k) / C(n, k), with its edge cases', () => {
    for (const [n, c, k] of [
      [16, 3, 1],
      [16, 3, 8],
      [32, 10, 5],
      [10, 0, 4],
    ]) {
      expect(passAtK(n, c, k)).toBeCloseTo(1 - choose(n - c, k) / choose(n, k), 12);
    }
    expect(passAtK(16, 3, 1)).toBeCloseTo(3 / 16, 12);
    expect(passAtK(8, 6, 4)).toBe(1);
    expect(() => passAtK(8, 9, 1)).toThrow(RangeError);
    expect(() => passAtK(8, 1, 0)).toThrow(RangeError);
  });
});

describe('Avg@k', () => {
  it('is the share correct, and refuses counts that cannot be', () => {
    expect(avgAtK(16, 4)).toBe(0.25);
    expect(avgAtK(3, 0)).toBe(0);
    expect(() => avgAtK(0, 0)).toThrow(RangeError);
    expect(() => avgAtK(4, 5)).toThrow(RangeError);
  });
});

describe('logistic regression', () => {
  it('recovers the group log-odds of one binary predictor and their standard error', () => {
    // x = 0: 30 of 100 succeed; x = 1: 60 of 80.
    const features: number[][] = [];
    const outcomes: number[] = [];
    const add = (x: number, successes: number, total: number) => {
      for (let i = 0; i < total; i++) {
        features.push([x]);
        outcomes.push(i < successes ? 1 : 0);
      }
    };
    add(0, 30, 100);
    add(1, 60, 80);
    const fit = fitLogistic(features, outcomes);
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[0]).toBeCloseTo(logit(0.3), 8);
    expect(fit.coefficients[1]).toBeCloseTo(logit(0.75) - logit(0.3), 8);
    expect(fit.standardErrors[1]).toBeCloseTo(Math.sqrt(1 / (100 * 0.3 * 0.7) + 1 / (80 * 0.75 * 0.25)), 8);
    expect(fit.low[1]).toBeCloseTo(fit.coefficients[1] - 1.96 * fit.standardErrors[1], 12);
  });

  it('recovers known coefficients of a seeded simulation within their intervals', () => {
    const random = mulberry32(5);
    const truth = [0.5, -2, 1];
    const features: number[][] = [];
    const outcomes: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const x = [random(), random() * 2 - 1];
      const eta = truth[0] + truth[1] * x[0] + truth[2] * x[1];
      features.push(x);
      outcomes.push(random() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
    }
    const fit = fitLogistic(features, outcomes);
    truth.forEach((b, j) => {
      expect(fit.low[j]).toBeLessThan(b);
      expect(fit.high[j]).toBeGreaterThan(b);
    });
  });

  it('refuses a constant feature with a message', () => {
    expect(() => fitLogistic([[1], [1], [1]], [0, 1, 1])).toThrow(/singular/);
  });
});
