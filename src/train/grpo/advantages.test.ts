// The advantage strategies: the default puts a sample's group-relative value on every token of
// every one of its rows; settings name the default and a strategy object passes through; the
// shapes a strategy returns are checked against the samples.
import { describe, expect, it } from 'vitest';
import { advantageStrategy, checkAdvantages, groupAdvantage, groupAdvantages } from './advantages.ts';
import type { RolloutSample } from './rollouts.ts';

const sample = (group: number, s: number, lengths: number[]): RolloutSample => ({
  group,
  sample: s,
  rows: lengths.map((n) => ({ prompt: [0], response: Array.from({ length: n }, () => 5), finish: 'eos' })),
  response: [5],
  finish: 'eos',
});

const SAMPLES = [sample(0, 0, [2]), sample(0, 1, [3, 1]), sample(1, 0, [1]), sample(1, 1, [2])];
const REWARDS = Float64Array.of(1, 0, 0.5, 0.5);

describe('the group-relative advantage strategy', () => {
  it('puts each sample’s A_i on every token of every row it has', () => {
    const assigned = groupAdvantage({ scaleByStd: true }).assign({
      samples: SAMPLES,
      rewards: REWARDS,
      groupSize: 2,
    });
    const expected = groupAdvantages(REWARDS, 2, { scaleByStd: true });
    expect(assigned.map((a) => a.value)).toEqual(Array.from(expected));
    expect(assigned[1].rows.map((r) => Array.from(r))).toEqual([
      [expected[1], expected[1], expected[1]],
      [expected[1]],
    ]);
    expect(Array.from(assigned[3].rows[0])).toEqual([0, 0]);
    expect(() => checkAdvantages(assigned, SAMPLES)).not.toThrow();
  });

  it('is what settings name; a strategy object is used as it is', () => {
    expect(advantageStrategy({ scaleByStd: false }).name).toBe('group mean');
    const own = { name: 'own', assign: () => [] };
    expect(advantageStrategy(own)).toBe(own);
  });
});

describe('advantage checks', () => {
  it('refuse a count of samples, rows or tokens that does not match', () => {
    const good = groupAdvantage({ scaleByStd: true }).assign({
      samples: SAMPLES,
      rewards: REWARDS,
      groupSize: 2,
    });
    expect(() => checkAdvantages(good.slice(1), SAMPLES)).toThrow(/3 advantages for 4 samples/);
    const fewRows = good.map((a, i) => (i === 1 ? { ...a, rows: a.rows.slice(0, 1) } : a));
    expect(() => checkAdvantages(fewRows, SAMPLES)).toThrow(/sample 1: advantages for 1 rows, it has 2/);
    const short = good.map((a, i) => (i === 0 ? { ...a, rows: [new Float64Array(1)] } : a));
    expect(() => checkAdvantages(short, SAMPLES)).toThrow(/sample 0, row 0: 1 advantages for 2 tokens/);
  });
});
