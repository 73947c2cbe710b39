// The rows benchmark `multiplex` publishes (public/results/multiplex.json), one type shared by the
// scenario that writes them (scenario.ts) and the Multiplex page that reads them (through
// engine/api.ts). Version 1 is the layout of the first published file. Every row names its study
// ('training-free' or 'rl') and arm; intervals are 95% bootstrap intervals over problems.
import type { RetentionRow } from '../retention/retentionRows.ts';
import { type ResultSchema, resultSchema } from '../scenario.ts';

type Counts = { problems: number; samples: number };

/** Pass@k of one arm (the unbiased estimator, averaged over problems). */
export type MultiplexPassRow = {
  part: 'pass@k';
  study: string;
  arm: string;
  k: number;
  pass: number;
  pass_low: number;
  pass_high: number;
} & Counts;

/** One arm's mean accuracy, thinking length and distinct draws per thinking step. */
export type MultiplexSummaryRow = {
  part: 'summary';
  study: string;
  arm: string;
  avg: number;
  avg_low: number;
  avg_high: number;
  think_steps: number;
  distinct_draws: number;
} & Counts;

/** Pass@k of an arm minus its study's discrete arm, paired by problem. */
export type MultiplexGapRow = {
  part: 'gap';
  study: string;
  arm: string;
  k: number;
  difference: number;
  difference_low: number;
  difference_high: number;
} & Counts;

/** Greedy accuracy of an RL arm's policy on the study's problems at one step. */
export type MultiplexGreedyRow = {
  part: 'greedy';
  study: string;
  arm: string;
  step: number;
  correct: number;
  n: number;
};

/** One GRPO step of an RL arm. */
export type MultiplexTrainingRow = {
  part: 'training';
  study: string;
  arm: string;
  step: number;
  entropy: number;
  reward: number;
  think_steps: number;
};

/** An RL arm's retention panel (retention/retentionRows.ts); files before the panel have none. */
export type MultiplexRetentionRow = RetentionRow & { study: string };

export type MultiplexRow =
  | MultiplexRetentionRow
  | MultiplexPassRow
  | MultiplexSummaryRow
  | MultiplexGapRow
  | MultiplexGreedyRow
  | MultiplexTrainingRow;

export const MULTIPLEX_RESULTS: ResultSchema<MultiplexRow> = resultSchema('multiplex', 1);
