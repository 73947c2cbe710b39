// The published `retention` sweep (methods/grpo/retentionSweep.ts) as the RL page's trade-off view
// reads it: per arm where it ends (target gain against retention change since step 0, in points,
// with 95% intervals), its path through the evaluations in between, and the best arm: the largest
// lower bound of target gain among the arms whose panel verdict is 'kept'; and the chart's axes and
// CSV.
import { rowsOf } from '../../../engine/api.ts';
import { SWEEP_ARMS, type SweepRow } from '../../../engine/retentionApi.ts';

export type SweepArmRow = Extract<SweepRow, { part: 'arm' }>;

/** One arm at one evaluation, both changes since step 0 in points. */
export interface PathPoint {
  arm: string;
  step: number;
  /** Target accuracy at `step` minus at step 0. */
  gain: number;
  /** Pooled panel accuracy at `step` minus at step 0, with its 95% interval. */
  retention: number;
  retentionLow: number;
  retentionHigh: number;
  verdict: string;
}

export interface Tradeoff {
  /** One row per arm, in the sweep's shard order (arms it does not know after, in file order). */
  arms: SweepArmRow[];
  /** Per arm, its evaluations in step order from step 0 (at 0, 0) to the last. */
  paths: Map<string, PathPoint[]>;
  /** Every evaluation step after 0 and before the last, over all arms. */
  between: number[];
  /** The sweep's arms with no row in the file. */
  absent: string[];
}

const points = (fraction: number) => Number((100 * fraction).toFixed(2));

function pathOf(arm: string, rows: readonly SweepRow[]): PathPoint[] {
  const target = rowsOf(rows, 'target')
    .filter((r) => r.arm === arm)
    .sort((a, b) => a.step - b.step);
  const start = target[0];
  if (!start) return [];
  const panel = rowsOf(rows, 'retention').filter((r) => r.arm === arm);
  return target.flatMap((t) => {
    const p = panel.find((r) => r.step === t.step);
    if (!p) return [];
    return [
      {
        arm,
        step: t.step,
        gain: points(t.correct / t.n - start.correct / start.n),
        retention: points(p.change),
        retentionLow: points(p.change_low),
        retentionHigh: points(p.change_high),
        verdict: p.verdict,
      },
    ];
  });
}

export function readTradeoff(rows: readonly SweepRow[]): Tradeoff {
  const order = (name: string) => {
    const i = SWEEP_ARMS.findIndex((a) => a.name === name);
    return i < 0 ? SWEEP_ARMS.length : i;
  };
  // A stable sort: arms the sweep does not name keep the file's order after the known ones.
  const arms = [...rowsOf(rows, 'arm')].sort((a, b) => order(a.arm) - order(b.arm));
  const paths = new Map(arms.map((a) => [a.arm, pathOf(a.arm, rows)]));
  const between = new Set<number>();
  for (const path of paths.values()) {
    for (const p of path.slice(1, -1)) between.add(p.step);
  }
  return {
    arms,
    paths,
    between: [...between].sort((a, b) => a - b),
    absent: SWEEP_ARMS.map((a) => a.name).filter((name) => !arms.some((a) => a.arm === name)),
  };
}

/**
 * The arm to recommend: among those whose verdict is 'kept', the largest lower bound of target
 * gain; a tie goes to the larger lower bound of retention change, then to the earlier arm. Null
 * when no arm kept the panel.
 */
export function bestArm<A extends Pick<SweepArmRow, 'verdict' | 'target_gain_low' | 'retention_change_low'>>(
  arms: readonly A[],
): A | null {
  let best: A | null = null;
  for (const arm of arms) {
    if (arm.verdict !== 'kept') continue;
    const better =
      best === null ||
      arm.target_gain_low > best.target_gain_low ||
      (arm.target_gain_low === best.target_gain_low && arm.retention_change_low > best.retention_change_low);
    if (better) best = arm;
  }
  return best;
}

/** An axis range holding every value, widened out to multiples of `step`, never empty. */
export function niceDomain(values: readonly number[], step = 5): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [-step, step];
  const low = Math.floor(Math.min(...finite) / step) * step;
  const high = Math.ceil(Math.max(...finite) / step) * step;
  return low === high ? [low - step, high + step] : [low, high];
}

/** Ticks at multiples of `step` across `domain`, the step doubled until at most `most` remain. */
export function axisTicks([low, high]: [number, number], step = 5, most = 11): number[] {
  let every = step;
  while ((high - low) / every + 1 > most) every *= 2;
  const first = Math.ceil(low / every) * every;
  return Array.from({ length: Math.floor((high - first) / every) + 1 }, (_, i) => first + i * every);
}

/** Per arm its evaluations in between (target intervals not published there), then its end. */
export function tradeoffCsv(t: Tradeoff): { header: string[]; rows: (string | number)[][] } {
  const header = ['arm', 'guard', 'step', 'target_gain', 'target_gain_low', 'target_gain_high'];
  header.push('retention_change', 'retention_change_low', 'retention_change_high', 'verdict');
  const rows = t.arms.flatMap((a): (string | number)[][] => [
    ...(t.paths.get(a.arm) ?? [])
      .filter((p) => p.step < a.step)
      .map((p) => [
        a.arm,
        a.guard,
        p.step,
        p.gain,
        '',
        '',
        p.retention,
        p.retentionLow,
        p.retentionHigh,
        p.verdict,
      ]),
    [
      a.arm,
      a.guard,
      a.step,
      a.target_gain,
      a.target_gain_low,
      a.target_gain_high,
      a.retention_change,
      a.retention_change_low,
      a.retention_change_high,
      a.verdict,
    ],
  ]);
  return { header, rows };
}
