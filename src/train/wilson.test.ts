// The Wilson interval on values computed by hand (z = 1.96).
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './evaluation.ts';

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
