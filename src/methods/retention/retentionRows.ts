// The rows every benchmark that trains publishes about its retention panel, one set per arm: at
// each evaluation the pooled panel accuracy (95% Wilson interval) and its change since the start
// (Newcombe's interval) with the panel verdict, and the same per category with its lost flag.
import { wilsonInterval } from '../../stats/intervals.ts';
import type { EvalReport } from '../../train/runLoop.ts';
import { retentionChange } from './retentionChange.ts';

export type RetentionRow =
  | {
      part: 'retention';
      arm: string;
      step: number;
      correct: number;
      n: number;
      accuracy: number;
      ci_low: number;
      ci_high: number;
      /** Pooled accuracy now minus at step 0, with its 95% interval. */
      change: number;
      change_low: number;
      change_high: number;
      /** 'kept', 'lost' or 'undecided' (retentionChange.ts). */
      verdict: string;
    }
  | {
      part: 'retention category';
      arm: string;
      step: number;
      category: string;
      correct: number;
      n: number;
      accuracy: number;
      change: number;
      change_low: number;
      change_high: number;
      /** 1 when the interval of the change lies below 0. */
      lost: number;
    };

const round = (x: number) => Number(x.toFixed(4));

/** Rows of every evaluation of `evals` that carries a panel, against the first (the start). */
export function retentionRows(arm: string, evals: readonly EvalReport[]): RetentionRow[] {
  const start = evals.find((e) => e.retention && e.retention.length > 0);
  if (!start?.retention) return [];
  const rows: RetentionRow[] = [];
  for (const report of evals) {
    const change = report.retention && retentionChange(start.retention, report.retention);
    if (!change) continue;
    const { pooled } = change;
    const [low, high] = wilsonInterval(pooled.now.correct, pooled.now.n);
    rows.push({
      part: 'retention',
      arm,
      step: report.step,
      ...pooled.now,
      accuracy: round(pooled.now.correct / pooled.now.n),
      ci_low: round(low),
      ci_high: round(high),
      change: round(pooled.difference.mean),
      change_low: round(pooled.difference.low),
      change_high: round(pooled.difference.high),
      verdict: change.verdict,
    });
    for (const c of change.categories) {
      rows.push({
        part: 'retention category',
        arm,
        step: report.step,
        category: c.name,
        ...c.now,
        accuracy: round(c.now.correct / c.now.n),
        change: round(c.difference.mean),
        change_low: round(c.difference.low),
        change_high: round(c.difference.high),
        lost: c.lost ? 1 : 0,
      });
    }
  }
  return rows;
}
