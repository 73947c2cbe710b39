// The rows of the published `multiplex` benchmark (public/results/multiplex.json) as typed
// series, and the verdicts read from them: each gap's 95% interval says whether a multiplex arm
// is higher, lower or not distinguishable from its study's discrete arm, and the paper's claim
// (≥ at Pass@1, a gap widening with k, shorter thinking) is checked part by part.
import type { BenchRow } from '../../../engine/api.ts';

export interface PassPoint {
  study: string;
  arm: string;
  k: number;
  pass: number;
  low: number;
  high: number;
  problems: number;
  samples: number;
}

export interface GapPoint {
  study: string;
  arm: string;
  k: number;
  difference: number;
  low: number;
  high: number;
}

export interface ArmSummaryRow {
  study: string;
  arm: string;
  avg: number;
  low: number;
  high: number;
  thinkSteps: number;
  distinctDraws: number;
  problems: number;
  samples: number;
}

export interface TrainingPoint {
  study: string;
  arm: string;
  step: number;
  entropy: number;
  reward: number;
  thinkSteps: number;
}

export interface GreedyPoint {
  study: string;
  arm: string;
  step: number;
  correct: number;
  n: number;
}

export interface MultiplexBench {
  greedy: GreedyPoint[];
  pass: PassPoint[];
  gaps: GapPoint[];
  summary: ArmSummaryRow[];
  training: TrainingPoint[];
  /** Studies in the order the file lists them. */
  studies: string[];
}

const num = (row: BenchRow, key: string) =>
  typeof row[key] === 'number' ? (row[key] as number) : Number.NaN;
const text = (row: BenchRow, key: string) => String(row[key] ?? '');

/** Rows of one part; those missing a number the part needs are left out. */
function part<T>(rows: BenchRow[], name: string, read: (row: BenchRow) => T, required: string[]): T[] {
  return rows
    .filter((r) => r.part === name && required.every((key) => Number.isFinite(num(r, key))))
    .map(read);
}

export function readMultiplexBench(rows: BenchRow[]): MultiplexBench {
  const pass = part(
    rows,
    'pass@k',
    (r) => ({
      study: text(r, 'study'),
      arm: text(r, 'arm'),
      k: num(r, 'k'),
      pass: num(r, 'pass'),
      low: num(r, 'pass_low'),
      high: num(r, 'pass_high'),
      problems: num(r, 'problems'),
      samples: num(r, 'samples'),
    }),
    ['k', 'pass', 'pass_low', 'pass_high'],
  );
  const gaps = part(
    rows,
    'gap',
    (r) => ({
      study: text(r, 'study'),
      arm: text(r, 'arm'),
      k: num(r, 'k'),
      difference: num(r, 'difference'),
      low: num(r, 'difference_low'),
      high: num(r, 'difference_high'),
    }),
    ['k', 'difference', 'difference_low', 'difference_high'],
  );
  const summary = part(
    rows,
    'summary',
    (r) => ({
      study: text(r, 'study'),
      arm: text(r, 'arm'),
      avg: num(r, 'avg'),
      low: num(r, 'avg_low'),
      high: num(r, 'avg_high'),
      thinkSteps: num(r, 'think_steps'),
      distinctDraws: num(r, 'distinct_draws'),
      problems: num(r, 'problems'),
      samples: num(r, 'samples'),
    }),
    ['avg'],
  );
  const training = part(
    rows,
    'training',
    (r) => ({
      study: text(r, 'study'),
      arm: text(r, 'arm'),
      step: num(r, 'step'),
      entropy: num(r, 'entropy'),
      reward: num(r, 'reward'),
      thinkSteps: num(r, 'think_steps'),
    }),
    ['step'],
  );
  const greedy = part(
    rows,
    'greedy',
    (r) => ({
      study: text(r, 'study'),
      arm: text(r, 'arm'),
      step: num(r, 'step'),
      correct: num(r, 'correct'),
      n: num(r, 'n'),
    }),
    ['step', 'correct', 'n'],
  );
  const studies = [...new Set([...pass, ...summary, ...training].map((r) => r.study))];
  return { greedy, pass, gaps, summary, training, studies };
}

/** Arms of a study in the order they first appear. */
export function armsOf(points: readonly { study: string; arm: string }[], study: string): string[] {
  return [...new Set(points.filter((p) => p.study === study).map((p) => p.arm))];
}

/** The arm a study's gaps are measured against. */
export function baselineOf(study: string): string {
  return study === 'rl' ? 'RL K=1' : 'discrete';
}

export type GapVerdict = 'higher' | 'lower' | 'no clear difference';

export function gapVerdict(gap: Pick<GapPoint, 'low' | 'high'>): GapVerdict {
  if (gap.low > 0) return 'higher';
  if (gap.high < 0) return 'lower';
  return 'no clear difference';
}

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

/** "multiplex K=3 − discrete at k=32: +0.031 [−0.004, 0.066] — no clear difference". */
export function describeGap(gap: GapPoint): string {
  const verdict = gapVerdict(gap);
  const words = verdict === 'no clear difference' ? verdict : `multiplex ${verdict}`;
  return (
    `${gap.arm} − ${baselineOf(gap.study)} at k=${gap.k}: ${signed(gap.difference)} ` +
    `[${signed(gap.low)}, ${signed(gap.high)}] — ${words}`
  );
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
  return base && base.low >= 0.999
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
  const parts: ClaimPart[] = [
    {
      claim: `at least as good as ${baselineOf(study)} at Pass@${first.k}`,
      held: gapVerdict(first) !== 'lower',
      measured: describeGap(first),
    },
    {
      claim: `a gap that widens up to k=${last.k}`,
      held: gapVerdict(last) === 'higher' && last.difference > first.difference,
      measured: describeGap(last) + ceilingNote(bench, study, last.k),
    },
  ];
  const summaryOf = (name: string) => bench.summary.find((s) => s.study === study && s.arm === name);
  const [mine, base] = [summaryOf(arm), summaryOf(baselineOf(study))];
  if (mine && base && Number.isFinite(mine.thinkSteps) && Number.isFinite(base.thinkSteps)) {
    parts.push({
      claim: 'shorter thinking',
      held: mine.thinkSteps < base.thinkSteps,
      measured: `${mine.thinkSteps.toFixed(1)} against ${base.thinkSteps.toFixed(1)} thinking tokens on average`,
    });
  }
  return { arm, parts };
}
