// The CraEG study on our model (docs/methods/craeg.md), on the one study runner: plain sampling or
// CraEG at the same temperature and top-p, k samples per problem judged by the task's verifier;
// this file adds what CraEG measures per sample (crowding, entropy), the per-problem metrics
// (Avg@k, Pass@m, the number of distinct final answers, Distinct-n of the responses), the arms
// compared by paired bootstrap intervals over problems, and the association of correctness with
// sequence crowding, entropy held fixed, by logistic regression over every sampled solution.
import type { GeneratedSequence } from '../../decoding/generation.ts';
import { type BootstrapEstimate, bootstrapMean, pairedDifference } from '../../stats/intervals.ts';
import { fitLogistic, type LogisticFit } from '../../stats/logistic.ts';
import { avgOf, passOf } from '../study/perProblem.ts';
import type { ArmRun, JudgedSample } from '../study/studyRunner.ts';

export interface CrowdingMeasures {
  /** Mean step crowding over the thinking steps. */
  crowding: number;
  /** Mean entropy (nats) of the sampled distribution over the response. */
  entropy: number;
  /** Steps with more than one candidate in play (C_t > 0), and steps CraEG reweighted (λ > 0). */
  crowdedSteps: number;
  reweightedSteps: number;
}

export type SampleOutcome = JudgedSample<CrowdingMeasures>;

/** The runner's per-sample hook: what one sequence's crowding record says. */
export function crowdingMeasures(s: GeneratedSequence): CrowdingMeasures {
  return {
    crowding: s.sequenceCrowding ?? 0,
    entropy: s.entropy.reduce((a, e) => a + e, 0) / Math.max(1, s.entropy.length),
    crowdedSteps: s.crowding?.filter((c) => c.step > 0).length ?? 0,
    reweightedSteps: s.crowding?.filter((c) => c.lambda > 0).length ?? 0,
  };
}

/** Shares of all generated steps of an arm that were crowded (C_t > 0) and that CraEG reweighted. */
export function stepShares(run: ArmRun<CrowdingMeasures>): { crowded: number; reweighted: number } {
  const all = run.problems.flat();
  const share = (pick: (s: SampleOutcome) => number) =>
    all.reduce((a, s) => a + pick(s), 0) / Math.max(1, run.generatedTokens);
  return { crowded: share((s) => s.crowdedSteps), reweighted: share((s) => s.reweightedSteps) };
}

/** Unique n-grams over all n-grams of a set of token sequences (1 when none has n tokens). */
export function distinctN(sequences: readonly (readonly number[])[], n: number): number {
  const seen = new Set<string>();
  let total = 0;
  for (const s of sequences) {
    for (let i = 0; i + n <= s.length; i++) {
      seen.add(s.slice(i, i + n).join(','));
      total++;
    }
  }
  return total === 0 ? 1 : seen.size / total;
}

export interface ProblemMetrics {
  /** Avg@k: the share of the k samples that are correct. */
  accuracy: number;
  /** Pass@m (unbiased, m <= k). */
  pass: number;
  distinctAnswers: number;
  distinctN: number;
}

export const DISTINCT_N = 3;

export function problemMetrics(samples: readonly SampleOutcome[], m: number): ProblemMetrics {
  return {
    accuracy: avgOf(samples),
    pass: passOf(samples, m),
    distinctAnswers: new Set(samples.map((s) => s.answer ?? '∅')).size,
    distinctN: distinctN(
      samples.map((s) => s.tokens),
      DISTINCT_N,
    ),
  };
}

export type MetricName = keyof ProblemMetrics;

export interface ArmComparison {
  metric: MetricName;
  plain: BootstrapEstimate;
  craeg: BootstrapEstimate;
  /** CraEG minus plain, paired by problem. */
  difference: BootstrapEstimate;
}

/** Each metric in both arms and their paired difference, with 95% bootstrap intervals over problems. */
export function compareArms(plain: ProblemMetrics[], craeg: ProblemMetrics[], seed: number): ArmComparison[] {
  const metrics: MetricName[] = ['accuracy', 'pass', 'distinctAnswers', 'distinctN'];
  return metrics.map((metric, i) => {
    const [base, arm] = [plain, craeg].map((problems) => problems.map((p) => p[metric]));
    return {
      metric,
      plain: bootstrapMean(base, seed + i),
      craeg: bootstrapMean(arm, seed + i),
      difference: pairedDifference(arm, base, seed + i),
    };
  });
}

export interface Association {
  /** Per standard deviation of the predictor. */
  fit: LogisticFit;
  /** Means and standard deviations used to standardise (crowding, entropy). */
  scale: { mean: [number, number]; sd: [number, number] };
  correctRate: number;
}

/** Logistic regression of correctness on standardised sequence crowding and mean entropy. */
export function crowdingAssociation(samples: readonly SampleOutcome[]): Association {
  const columns = [samples.map((s) => s.crowding), samples.map((s) => s.entropy)];
  const mean = columns.map((c) => c.reduce((a, b) => a + b, 0) / c.length) as [number, number];
  const sd = columns.map((c, j) =>
    Math.sqrt(c.reduce((a, b) => a + (b - mean[j]) ** 2, 0) / (c.length - 1)),
  ) as [number, number];
  const features = samples.map((_, i) => columns.map((c, j) => (c[i] - mean[j]) / (sd[j] || 1)));
  const outcomes = samples.map((s) => (s.correct ? 1 : 0));
  return {
    fit: fitLogistic(features, outcomes),
    scale: { mean, sd },
    correctRate: outcomes.reduce((a: number, b) => a + b, 0) / outcomes.length,
  };
}
