// The rows benchmark `craeg` publishes (public/results/craeg.json), one type shared by the scenario
// that writes them (scenario.ts) and the Microscope page that reads them (through engine/api.ts).
// Version 1 is the layout of the first published file. Intervals are 95%; numbers are rounded
// to 4 decimals, medians over launches once published.
import { type ResultSchema, resultSchema } from '../scenario.ts';

/** Decode throughput of one arm at one temperature. */
export type CraegCostRow = {
  part: 'cost';
  temperature: number;
  /** 'plain', 'craeg', or 'plain, no crowding kernel' (which has no step shares). */
  arm: string;
  tokens_per_second: number;
  /** Shares of the generated steps that were crowded (C_t > 0) and that CraEG reweighted. */
  crowded_steps?: number;
  reweighted_steps?: number;
  problems: number;
  samples: number;
};

/** One metric in both arms and CraEG − plain paired by problem, with bootstrap intervals. */
export type CraegInterventionRow = {
  part: 'intervention';
  temperature: number;
  /** 'avg@k', 'pass@m', 'distinctAnswers' or 'distinctN'. */
  metric: string;
  plain: number;
  plain_low: number;
  plain_high: number;
  craeg: number;
  craeg_low: number;
  craeg_high: number;
  difference: number;
  difference_low: number;
  difference_high: number;
  problems: number;
  samples: number;
};

/** One term of the logistic regression of correctness, with its Wald interval. */
export type CraegAssociationRow = {
  part: 'association';
  temperature: number;
  /** 'intercept', 'sequence crowding (per SD)' or 'mean entropy (per SD)'. */
  metric: string;
  coefficient: number;
  ci_low: number;
  ci_high: number;
  standard_error: number;
  solutions: number;
  correct_rate: number;
};

export type CraegRow = CraegCostRow | CraegInterventionRow | CraegAssociationRow;

export const CRAEG_RESULTS: ResultSchema<CraegRow> = resultSchema('craeg', 1);
