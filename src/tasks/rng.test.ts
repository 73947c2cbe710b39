import { describe, expect, test } from 'vitest';
import { Rng } from './rng.ts';

describe('Rng', () => {
  test('the same seed gives the same stream, another seed another stream', () => {
    const a = new Rng(123);
    const b = new Rng(123);
    const c = new Rng(124);
    const sa = Array.from({ length: 20 }, () => a.uint32());
    expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.uint32())).not.toEqual(sa);
  });

  test('its stream is pinned, so generated data stays the same across versions', () => {
    const rng = new Rng(42);
    expect(Array.from({ length: 4 }, () => rng.int(0, 999))).toEqual(PINNED_42);
  });

  test('int covers both ends and nothing outside', () => {
    const rng = new Rng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(rng.int(-2, 3));
    expect([...seen].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(() => rng.int(3, 2)).toThrow(RangeError);
    expect(() => rng.int(0.5, 2)).toThrow(RangeError);
  });

  test('float stays in [0, 1) and averages near one half', () => {
    const rng = new Rng(9);
    const xs = Array.from({ length: 5000 }, () => rng.float());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });

  test('shuffle returns a permutation and leaves its input alone', () => {
    const input = [1, 2, 3, 4, 5, 6];
    const out = new Rng(3).shuffle(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...out].sort()).toEqual(input);
  });

  test('weighted follows the weights and never picks a zero weight', () => {
    const rng = new Rng(11);
    const counts = [0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[rng.weighted([1, 0, 3])]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / counts[0]).toBeGreaterThan(2.5);
    expect(counts[2] / counts[0]).toBeLessThan(3.5);
    expect(() => rng.weighted([0, 0])).toThrow(RangeError);
  });

  test('pick from an empty list and a non-finite seed are errors', () => {
    expect(() => new Rng(1).pick([])).toThrow(RangeError);
    expect(() => new Rng(Number.NaN)).toThrow(RangeError);
  });

  test('split streams are reproducible and differ from the parent', () => {
    const parent = new Rng(77);
    const child = parent.split();
    const again = new Rng(77).split();
    expect(child.uint32()).toBe(again.uint32());
    expect(child.uint32()).not.toBe(parent.uint32());
  });
});

const PINNED_42 = [486, 505, 71, 390];
