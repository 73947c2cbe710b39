import { describe, expect, it } from 'vitest';
import type { BenchRow } from '../../../engine/api.ts';
import { checkClaim, describeGap, gapVerdict, readMultiplexBench } from './multiplexBenchRows.ts';

const gap = (arm: string, k: number, difference: number, low: number, high: number): BenchRow => ({
  part: 'gap',
  study: 'training-free',
  arm,
  k,
  difference,
  difference_low: low,
  difference_high: high,
});
const summary = (arm: string, thinkSteps: number): BenchRow => ({
  part: 'summary',
  study: 'training-free',
  arm,
  avg: 0.8,
  avg_low: 0.7,
  avg_high: 0.9,
  think_steps: thinkSteps,
  distinct_draws: 1,
  problems: 10,
  samples: 4,
});

describe('the multiplex benchmark rows', () => {
  it('calls a gap higher or lower only when its interval excludes 0', () => {
    expect(gapVerdict({ low: 0.01, high: 0.2 })).toBe('higher');
    expect(gapVerdict({ low: -0.2, high: -0.01 })).toBe('lower');
    expect(gapVerdict({ low: -0.004, high: 0.066 })).toBe('no clear difference');
  });

  it('describes a gap with signs, its interval and the verdict', () => {
    const [g] = readMultiplexBench([gap('multiplex K=3', 32, 0.031, -0.004, 0.066)]).gaps;
    expect(describeGap(g)).toBe(
      'multiplex K=3 − discrete at k=32: +0.031 [−0.004, +0.066] — no clear difference',
    );
  });

  it('leaves out rows missing a number and checks the claim on the widest K', () => {
    const bench = readMultiplexBench([
      gap('multiplex K=2', 1, 0.05, 0.01, 0.09),
      gap('multiplex K=3', 1, -0.02, -0.05, 0.01),
      gap('multiplex K=3', 32, 0.04, 0.01, 0.07),
      { ...gap('multiplex K=3', 64, 0, 0, 0), difference: null },
      summary('discrete', 80),
      summary('multiplex K=3', 84),
    ]);
    expect(bench.gaps).toHaveLength(3);
    const claim = checkClaim(bench, 'training-free');
    expect(claim?.arm).toBe('multiplex K=3');
    expect(claim?.parts.map((p) => [p.claim, p.held])).toEqual([
      ['at least as good as discrete at Pass@1', true],
      ['a gap that widens up to k=32', true],
      ['shorter thinking', false],
    ]);
  });

  it('reads greedy rows and says when the discrete arm leaves no room for a gap', () => {
    const pass = (arm: string, k: number, value: number): BenchRow => ({
      part: 'pass@k',
      study: 'training-free',
      arm,
      k,
      pass: value,
      pass_low: value,
      pass_high: value,
      problems: 10,
      samples: 32,
    });
    const bench = readMultiplexBench([
      { part: 'greedy', study: 'rl', arm: 'RL K=3', step: 0, correct: 87, n: 100 },
      pass('discrete', 32, 1),
      gap('multiplex K=3', 1, 0.03, 0.02, 0.04),
      gap('multiplex K=3', 32, 0, 0, 0),
    ]);
    expect(bench.greedy).toEqual([{ study: 'rl', arm: 'RL K=3', step: 0, correct: 87, n: 100 }]);
    const widening = checkClaim(bench, 'training-free')?.parts[1];
    expect(widening?.held).toBe(false);
    expect(widening?.measured).toMatch(/discrete is already at 100% there: no room for a gap/);
  });
});
