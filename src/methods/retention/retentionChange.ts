// How an RL run's retention panel moved since the start: per category and pooled over the panel,
// the accuracy now minus at the start with Newcombe's 95% interval (stats/intervals.ts; the same
// problems both times, so it is conservative). A category whose interval lies below 0 is flagged
// as lost. The pooled verdict is a non-inferiority check: the run kept what the model knew when
// the whole interval lies above -RETENTION_MARGIN.
import { type BootstrapEstimate, proportionDifference } from '../../stats/intervals.ts';
import type { EvalCategory } from '../../train/evaluation.ts';

/** The largest pooled drop (a fraction) a run may show and still count as keeping the panel. */
export const RETENTION_MARGIN = 0.05;

export interface CategoryChange {
  name: string;
  start: { correct: number; n: number };
  now: { correct: number; n: number };
  /** now − start, with its 95% interval. */
  difference: BootstrapEstimate;
  /** The whole interval lies below 0. */
  lost: boolean;
}

export type RetentionVerdict = 'kept' | 'lost' | 'undecided';

export interface RetentionChange {
  categories: CategoryChange[];
  pooled: CategoryChange;
  /** kept: interval above −margin; lost: interval below −margin; undecided otherwise. */
  verdict: RetentionVerdict;
}

function change(name: string, start: { correct: number; n: number }, now: { correct: number; n: number }) {
  const difference = proportionDifference(now.correct, now.n, start.correct, start.n);
  return { name, start, now, difference, lost: difference.high < 0 };
}

const pool = (categories: readonly EvalCategory[]) =>
  categories.reduce((a, c) => ({ correct: a.correct + c.correct, n: a.n + c.n }), { correct: 0, n: 0 });

/** Each category of `now` against the same category at `start`; null without a panel. */
export function retentionChange(
  start: readonly EvalCategory[],
  now: readonly EvalCategory[],
): RetentionChange | null {
  const matched = now.filter((c) => start.some((s) => s.name === c.name));
  if (matched.length === 0) return null;
  const before = matched.map((c) => start.find((s) => s.name === c.name) as EvalCategory);
  const pooled = change('panel', pool(before), pool(matched));
  const verdict: RetentionVerdict =
    pooled.difference.low > -RETENTION_MARGIN
      ? 'kept'
      : pooled.difference.high < -RETENTION_MARGIN
        ? 'lost'
        : 'undecided';
  return {
    categories: matched.map((c, i) =>
      change(c.name, { correct: before[i].correct, n: before[i].n }, { correct: c.correct, n: c.n }),
    ),
    pooled,
    verdict,
  };
}
