// The rows of the published `multiplex` benchmark (public/results/multiplex.json), typed by the
// scenario that writes them (MultiplexRow), grouped by part, and the verdicts read from them: each
// gap's 95% interval says whether a multiplex arm is higher, lower or not distinguishable from its
// study's discrete arm (intervalVerdict), and the paper's claim (≥ at Pass@1, a gap widening with
// k, shorter thinking) is checked part by part.
import {
  type Direction,
  intervalVerdict,
  type MultiplexGapRow,
  type MultiplexGreedyRow,
  type MultiplexPassRow,
  type MultiplexRetentionRow,
  type MultiplexRow,
  type MultiplexSummaryRow,
  type MultiplexTrainingRow,
  rowsOf,
} from '../../../engine/api.ts';

export interface MultiplexBench {
  greedy: MultiplexGreedyRow[];
  pass: MultiplexPassRow[];
  gaps: MultiplexGapRow[];
  summary: MultiplexSummaryRow[];
  training: MultiplexTrainingRow[];
  /** The RL arms' pooled retention panel per evaluation (none in a file from before the panel). */
  retention: Extract<MultiplexRetentionRow, { part: 'retention' }>[];
  /** Studies in the order the file lists them. */
  studies: string[];
}

export function readMultiplexBench(rows: readonly MultiplexRow[]): MultiplexBench {
  const pass = rowsOf(rows, 'pass@k');
  const summary = rowsOf(rows, 'summary');
  const training = rowsOf(rows, 'training');
  const studies = [...new Set([...pass, ...summary, ...training].map((r) => r.study))];
  return {
    greedy: rowsOf(rows, 'greedy'),
    pass,
    gaps: rowsOf(rows, 'gap'),
    summary,
    training,
    retention: rowsOf(rows, 'retention'),
    studies,
  };
}

/** Arms of a study in the order they first appear. */
export function armsOf(points: readonly { study: string; arm: string }[], study: string): string[] {
  return [...new Set(points.filter((p) => p.study === study).map((p) => p.arm))];
}

/** The arm a study's gaps are measured against. */
export function baselineOf(study: string): string {
  return study === 'rl' ? 'RL K=1' : 'discrete';
}

/** The arm a gap's verdict names. */
export const GAP_SUBJECT = 'multiplex';

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

/** What a gap measured: "multiplex K=3 − discrete at k=32: +0.031 [−0.004, +0.066]". */
export function gapLead(gap: MultiplexGapRow): string {
  const { difference_low: low, difference_high: high } = gap;
  return `${gap.arm} − ${baselineOf(gap.study)} at k=${gap.k}: ${signed(gap.difference)} [${signed(low)}, ${signed(high)}]`;
}

/**
 * A gap's verdict and its line: "multiplex K=3 − discrete at k=32: +0.031 [−0.004, +0.066] — no
 * detectable difference (interval includes 0)".
 */
export function describeGap(gap: MultiplexGapRow): { direction: Direction; text: string } {
  const verdict = intervalVerdict({ low: gap.difference_low, high: gap.difference_high }, GAP_SUBJECT);
  return { direction: verdict.direction, text: `${gapLead(gap)} — ${verdict.words}` };
}

/** The multiplex arm a study's claim is checked on: the widest K (the paper's default is 3). */
export function mainArm(bench: MultiplexBench, study: string): string | null {
  const widths = armsOf(bench.gaps, study).map((arm) => ({ arm, K: Number(/K=(\d+)/.exec(arm)?.[1] ?? 0) }));
  return widths.sort((x, y) => y.K - x.K)[0]?.arm ?? null;
}

export interface ClaimPart {
  claim: string;
  held: boolean;
  measured: string;
}

/** Says so when the study's discrete arm already solves every problem at k (no room for a gap). */
function ceilingNote(bench: MultiplexBench, study: string, k: number): string {
  const base = bench.pass.find((p) => p.study === study && p.arm === baselineOf(study) && p.k === k);
  return base && base.pass_low >= 0.999
    ? ` (${baselineOf(study)} is already at 100% there: no room for a gap)`
    : '';
}

/** The paper's three claims on one study's main arm, each as measured here. */
export function checkClaim(bench: MultiplexBench, study: string): { arm: string; parts: ClaimPart[] } | null {
  const arm = mainArm(bench, study);
  if (!arm) return null;
  const gaps = bench.gaps.filter((g) => g.study === study && g.arm === arm).sort((x, y) => x.k - y.k);
  const first = gaps[0];
  const last = gaps.at(-1);
  if (!first || !last) return null;
  const [atFirst, atLast] = [describeGap(first), describeGap(last)];
  const parts: ClaimPart[] = [
    {
      claim: `at least as good as ${baselineOf(study)} at Pass@${first.k}`,
      held: atFirst.direction !== 'lower',
      measured: atFirst.text,
    },
    {
      claim: `a gap that widens up to k=${last.k}`,
      held: atLast.direction === 'higher' && last.difference > first.difference,
      measured: atLast.text + ceilingNote(bench, study, last.k),
    },
  ];
  const summaryOf = (name: string) => bench.summary.find((s) => s.study === study && s.arm === name);
  const [mine, base] = [summaryOf(arm), summaryOf(baselineOf(study))];
  if (mine && base) {
    parts.push({
      claim: 'shorter thinking',
      held: mine.think_steps < base.think_steps,
      measured: `${mine.think_steps.toFixed(1)} against ${base.think_steps.toFixed(1)} thinking tokens on average`,
    });
  }
  return { arm, parts };
}
