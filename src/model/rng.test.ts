import { describe, expect, it } from 'vitest';
import { pcg4d, rngUniform } from './rng.ts';

describe('the counter-based RNG', () => {
  it('is a pure function of its key', () => {
    expect(pcg4d([1, 2, 3, 4])).toEqual(pcg4d([1, 2, 3, 4]));
    expect(rngUniform(7, 0, 5, 1)).toBe(rngUniform(7, 0, 5, 1));
  });

  it('changes every word when any part of the key changes', () => {
    const base = pcg4d([1, 2, 3, 4]);
    for (const key of [
      [2, 2, 3, 4],
      [1, 3, 3, 4],
      [1, 2, 4, 4],
      [1, 2, 3, 5],
    ] as const) {
      const other = pcg4d(key);
      for (let i = 0; i < 4; i++) expect(other[i]).not.toBe(base[i]);
    }
  });

  it('gives draws in [0, 1) that look uniform (mean, variance, bucket counts)', () => {
    const n = 20000;
    const buckets = new Array(10).fill(0);
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const u = rngUniform(42, 3, i >> 4, i & 15);
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      squares += u * u;
      buckets[Math.floor(u * 10)]++;
    }
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(squares / n - mean * mean - 1 / 12)).toBeLessThan(0.005);
    // Chi-square with 9 degrees of freedom: 27.9 is the 0.001 quantile.
    const chi = buckets.reduce((acc, count) => acc + (count - n / 10) ** 2 / (n / 10), 0);
    expect(chi).toBeLessThan(27.9);
  });

  it('matches known values, so a change to the generator cannot pass unnoticed', () => {
    expect(pcg4d([0, 0, 0, 0])).toMatchInlineSnapshot(`
      [
        251852841,
        760645481,
        850445371,
        3542436074,
      ]
    `);
    expect(rngUniform(1, 2, 3, 4)).toMatchInlineSnapshot(`0.21146851778030396`);
  });
});
