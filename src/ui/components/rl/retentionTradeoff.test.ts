// The retention sweep's rows as the trade-off view reads them: arms in shard order, each arm's path
// from step 0 in points, the best arm (kept only, largest target-gain lower bound, ties) and the
// axis ranges. Every expected number is worked out by hand in the comment beside it.
import { describe, expect, it } from 'vitest';
import type { SweepRow } from '../../../engine/retentionApi.ts';
import {
  axisTicks,
  bestArm,
  niceDomain,
  readTradeoff,
  type SweepArmRow,
  tradeoffCsv,
} from './retentionTradeoff.ts';

const arm = (name: string, verdict: string, gainLow: number, retentionLow = -2): SweepArmRow => ({
  part: 'arm',
  arm: name,
  guard: 'none',
  step: 80,
  kl_kind: 'none',
  kl_coef: 0,
  replay_share: 0,
  lr: 1e-4,
  target_gain: gainLow + 10,
  target_gain_low: gainLow,
  target_gain_high: gainLow + 20,
  retention_change: retentionLow + 3,
  retention_change_low: retentionLow,
  retention_change_high: retentionLow + 6,
  verdict,
  kl: 0.01,
  minutes: 35,
});

const target = (name: string, step: number, correct: number, n = 40): SweepRow => ({
  part: 'target',
  arm: name,
  step,
  correct,
  n,
  accuracy: correct / n,
  ci_low: 0,
  ci_high: 1,
});

const panel = (name: string, step: number, change: number, low: number, high: number): SweepRow => ({
  part: 'retention',
  arm: name,
  step,
  correct: 0,
  n: 60,
  accuracy: 0,
  ci_low: 0,
  ci_high: 1,
  change,
  change_low: low,
  change_high: high,
  verdict: low > -0.05 ? 'kept' : 'undecided',
});

describe('the best arm of the retention sweep', () => {
  it('takes the largest target-gain lower bound among the kept arms only', () => {
    const arms = [arm('no guard', 'lost', 12), arm('replay 25%', 'kept', 3), arm('KL k3 β 0.1', 'kept', 5)];
    // 'no guard' has the largest bound (12) but lost the panel; of the kept, 5 > 3.
    expect(bestArm(arms)?.arm).toBe('KL k3 β 0.1');
  });

  it('never picks an undecided arm, even with the largest gain', () => {
    expect(bestArm([arm('a', 'undecided', 30), arm('b', 'kept', -4)])?.arm).toBe('b');
  });

  it('breaks a tie by the retention lower bound, then by the earlier arm', () => {
    // Both gain bounds 4: −1 beats −3.
    expect(bestArm([arm('a', 'kept', 4, -3), arm('b', 'kept', 4, -1)])?.arm).toBe('b');
    // Equal on both: the first stays.
    expect(bestArm([arm('a', 'kept', 4, -2), arm('b', 'kept', 4, -2)])?.arm).toBe('a');
  });

  it('is null when no arm kept the panel, or there are none', () => {
    expect(bestArm([arm('a', 'lost', 10), arm('b', 'undecided', 8), arm('c', 'no panel', 9)])).toBeNull();
    expect(bestArm([])).toBeNull();
  });
});

describe('reading the sweep', () => {
  const rows: SweepRow[] = [
    arm('mystery arm', 'kept', 1),
    arm('replay 25%', 'kept', 2),
    arm('no guard', 'lost', 6),
    target('no guard', 0, 10),
    target('no guard', 40, 16),
    target('no guard', 20, 13),
    target('no guard', 80, 22),
    panel('no guard', 0, 0, -0.1, 0.1),
    panel('no guard', 20, -0.0167, -0.12, 0.09),
    panel('no guard', 40, -0.05, -0.15, 0.05),
    panel('no guard', 80, -0.1333, -0.25, -0.06),
  ];
  const t = readTradeoff(rows);

  it('orders arms as the sweep does, unknown arms last', () => {
    expect(t.arms.map((a) => a.arm)).toEqual(['no guard', 'replay 25%', 'mystery arm']);
    // The sweep has seven arms; two of them are here.
    expect(t.absent).toEqual(['KL k3 β 0.1', 'replay +2 prompts', 'KL k3 β 0.5', 'KL k1 β 0.1', 'lr 5e-5']);
  });

  it('traces an arm from step 0 in points', () => {
    const path = t.paths.get('no guard') ?? [];
    expect(path.map((p) => p.step)).toEqual([0, 20, 40, 80]);
    // Target 10/40 = 25% at step 0; 13/40 = 32.5%, 16/40 = 40%, 22/40 = 55%.
    expect(path.map((p) => p.gain)).toEqual([0, 7.5, 15, 30]);
    // The panel's change is a fraction: −0.0167 → −1.67 points, interval −12 … 9.
    expect(path[1]).toMatchObject({ retention: -1.67, retentionLow: -12, retentionHigh: 9 });
    expect(path[3].retention).toBe(-13.33);
    // Steps strictly between the first and the last evaluation.
    expect(t.between).toEqual([20, 40]);
  });

  it('writes each arm’s evaluations before its end row, target-gain intervals at the end only', () => {
    const { header, rows: csv } = tradeoffCsv(t);
    expect(header).toHaveLength(10);
    // 'no guard': steps 0, 20, 40 from its path, then its arm row (step 80); two arms with no path.
    expect(csv.map((r) => `${r[0]}@${r[2]}`)).toEqual([
      'no guard@0',
      'no guard@20',
      'no guard@40',
      'no guard@80',
      'replay 25%@80',
      'mystery arm@80',
    ]);
    expect(csv[1]).toEqual(['no guard', 'none', 20, 7.5, '', '', -1.67, -12, 9, 'undecided']);
    // The arm row of 'no guard': gain 6 + 10 = 16 [6, 26], retention −2 + 3 = 1 [−2, 4].
    expect(csv[3]).toEqual(['no guard', 'none', 80, 16, 6, 26, 1, -2, 4, 'lost']);
  });

  it('has an empty path for an arm without evaluations', () => {
    expect(t.paths.get('replay 25%')).toEqual([]);
  });

  it('drops a step whose panel row is missing', () => {
    const partial = readTradeoff([
      arm('x', 'kept', 1),
      target('x', 0, 4),
      target('x', 20, 8),
      panel('x', 0, 0, 0, 0),
    ]);
    expect(partial.paths.get('x')?.map((p) => p.step)).toEqual([0]);
    expect(partial.between).toEqual([]);
  });
});

describe('the chart axes', () => {
  it('widens to multiples of the step', () => {
    // −13.3 → −15; 22.4 → 25.
    expect(niceDomain([-13.3, 0, 22.4])).toEqual([-15, 25]);
    expect(niceDomain([-5, 0])).toEqual([-5, 0]);
  });

  it('never collapses, and ignores values that are not finite', () => {
    expect(niceDomain([0, 0])).toEqual([-5, 5]);
    expect(niceDomain([Number.NaN])).toEqual([-5, 5]);
    expect(niceDomain([3, Number.POSITIVE_INFINITY], 2)).toEqual([2, 4]);
  });

  it('puts ticks on multiples of the step, doubling it when there would be too many', () => {
    expect(axisTicks([-15, 25])).toEqual([-15, -10, -5, 0, 5, 10, 15, 20, 25]);
    // −20 … 45 in fives is 14 ticks; in tens, from −20: 7.
    expect(axisTicks([-20, 45])).toEqual([-20, -10, 0, 10, 20, 30, 40]);
  });
});
