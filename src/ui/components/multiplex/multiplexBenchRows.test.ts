// The multiplex benchmark's typed rows grouped by part, a gap's line and verdict, and the paper's
// claim checked on the widest K (the verdict's own cases are in src/stats/verdict.test.ts).
import { describe, expect, it } from 'vitest';
import type { MultiplexGapRow, MultiplexPassRow, MultiplexSummaryRow } from '../../../engine/api.ts';
import { checkClaim, describeGap, readMultiplexBench } from './multiplexBenchRows.ts';

const counts = { problems: 10, samples: 4 };
const gap = (arm: string, k: number, difference: number, low: number, high: number): MultiplexGapRow => ({
  part: 'gap',
  study: 'training-free',
  arm,
  k,
  difference,
  difference_low: low,
  difference_high: high,
  ...counts,
});
const summary = (arm: string, thinkSteps: number): MultiplexSummaryRow => ({
  part: 'summary',
  study: 'training-free',
  arm,
  avg: 0.8,
  avg_low: 0.7,
  avg_high: 0.9,
  think_steps: thinkSteps,
  distinct_draws: 1,
  ...counts,
});

describe('the multiplex benchmark rows', () => {
  it('calls a gap higher or lower only when its interval excludes 0', () => {
    expect(describeGap(gap('multiplex K=3', 1, 0.1, 0.01, 0.2)).direction).toBe('higher');
    expect(describeGap(gap('multiplex K=3', 1, -0.1, -0.2, -0.01)).direction).toBe('lower');
    expect(describeGap(gap('multiplex K=3', 1, 0.03, -0.004, 0.066)).direction).toBe(
      'no detectable difference',
    );
  });

  it('describes a gap with signs, its interval and the verdict', () => {
    expect(describeGap(gap('multiplex K=3', 32, 0.031, -0.004, 0.066)).text).toBe(
      'multiplex K=3 − discrete at k=32: +0.031 [−0.004, +0.066] — no detectable difference (interval includes 0)',
    );
    expect(describeGap(gap('multiplex K=2', 1, 0.05, 0.01, 0.09)).text).toMatch(/— multiplex higher$/);
  });

  it('groups the rows by part and checks the claim on the widest K', () => {
    const bench = readMultiplexBench([
      gap('multiplex K=2', 1, 0.05, 0.01, 0.09),
      gap('multiplex K=3', 1, -0.02, -0.05, 0.01),
      gap('multiplex K=3', 32, 0.04, 0.01, 0.07),
      summary('discrete', 80),
      summary('multiplex K=3', 84),
    ]);
    expect(bench.gaps).toHaveLength(3);
    expect(bench.summary.map((s) => s.arm)).toEqual(['discrete', 'multiplex K=3']);
    expect(bench.studies).toEqual(['training-free']);
    const claim = checkClaim(bench, 'training-free');
    expect(claim?.arm).toBe('multiplex K=3');
    expect(claim?.parts.map((p) => [p.claim, p.held])).toEqual([
      ['at least as good as discrete at Pass@1', true],
      ['a gap that widens up to k=32', true],
      ['shorter thinking', false],
    ]);
  });

  it('reads greedy rows and says when the discrete arm leaves no room for a gap', () => {
    const pass = (arm: string, k: number, value: number): MultiplexPassRow => ({
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
    const greedy = { part: 'greedy', study: 'rl', arm: 'RL K=3', step: 0, correct: 87, n: 100 } as const;
    const bench = readMultiplexBench([
      greedy,
      pass('discrete', 32, 1),
      gap('multiplex K=3', 1, 0.03, 0.02, 0.04),
      gap('multiplex K=3', 32, 0, 0, 0),
    ]);
    expect(bench.greedy).toEqual([greedy]);
    const widening = checkClaim(bench, 'training-free')?.parts[1];
    expect(widening?.held).toBe(false);
    expect(widening?.measured).toMatch(/discrete is already at 100% there: no room for a gap/);
  });
});
