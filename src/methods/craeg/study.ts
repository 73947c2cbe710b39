// The CraEG study on our model (shared/methods.md §2.5): sample k solutions per problem with plain
// sampling or with CraEG at the same temperature and top-p, judge them with the task's verifier,
// and measure per problem Avg@k (mean accuracy), Pass@m, the number of distinct final answers and
// Distinct-n of the responses; compare the arms with paired bootstrap intervals over problems; and
// the association of correctness with sequence crowding, entropy held fixed, by logistic
// regression over every sampled solution.
import type { Generator } from '../../decoding/generate.ts';
import type { SamplingParams } from '../../decoding/samplerReference.ts';
import { type BootstrapEstimate, bootstrapMean } from '../../stats/intervals.ts';
import { fitLogistic, type LogisticFit } from '../../stats/logistic.ts';
import { passAtK } from '../../stats/passAtK.ts';
import type { ArithmeticProblem } from '../../tasks/index.ts';
import { type ArithmeticTask, arithmeticAdapter } from '../arithmetic/arithmeticTask.ts';
import type { PosedProblem } from '../taskAdapter.ts';

export interface SampleOutcome {
  correct: boolean;
  /** The final answer the verifier extracted, or null. */
  answer: string | null;
  tokens: number[];
  /** Mean step crowding over the thinking steps. */
  crowding: number;
  /** Mean entropy (nats) of the sampled distribution over the response. */
  entropy: number;
  /** Steps with more than one candidate in play (C_t > 0), and steps CraEG reweighted (λ > 0). */
  crowdedSteps: number;
  reweightedSteps: number;
}

export interface ArmRun {
  problems: SampleOutcome[][];
  /** Shares of all generated steps that were crowded (C_t > 0) and that CraEG reweighted. */
  crowdedShare: number;
  reweightedShare: number;
  /** Generated tokens per second of decode time, over the whole arm. */
  tokensPerSecond: number;
}

/** Samples `samples` solutions of every problem, a few problems per generation call. */
export async function runArm(
  generator: Generator,
  task: ArithmeticTask,
  problems: readonly PosedProblem<ArithmeticProblem>[],
  sampling: SamplingParams,
  options: {
    samples: number;
    seed: number;
    rowsPerCall: number;
    /** Record crowding (default true); off, plain sampling runs no crowding kernel at all. */
    measure?: boolean;
    onProblem?: () => void;
  },
): Promise<ArmRun> {
  const adapter = arithmeticAdapter(task);
  const perCall = Math.max(1, Math.floor(options.rowsPerCall / options.samples));
  const outcomes: SampleOutcome[][] = [];
  let tokens = 0;
  let ms = 0;
  for (let start = 0; start < problems.length; start += perCall) {
    const chunk = problems.slice(start, start + perCall);
    const result = await generator.generate({
      prompts: chunk.map((p) => p.prompt),
      samplesPerPrompt: options.samples,
      sampling,
      seed: (options.seed + start * 7919) >>> 0,
      maxNewTokens: adapter.spec.tokenBudget + 8,
      record: { crowding: options.measure ?? true },
    });
    tokens += result.sequences.reduce((a, s) => a + s.tokens.length, 0);
    ms += result.prefillMs + result.decodeMs;
    chunk.forEach((problem, p) => {
      outcomes.push(
        result.sequences
          .filter((s) => s.prompt === p)
          .map((s) => {
            const verdict = adapter.judge(problem.problem, s.tokens);
            return {
              correct: verdict.reward === 1,
              answer: verdict.extracted,
              tokens: s.tokens,
              crowding: s.sequenceCrowding ?? 0,
              entropy: s.entropy.reduce((a, e) => a + e, 0) / Math.max(1, s.entropy.length),
              crowdedSteps: s.crowding?.filter((c) => c.step > 0).length ?? 0,
              reweightedSteps: s.crowding?.filter((c) => c.lambda > 0).length ?? 0,
            };
          }),
      );
      options.onProblem?.();
    });
  }
  const all = outcomes.flat();
  const share = (pick: (s: SampleOutcome) => number) =>
    all.reduce((a, s) => a + pick(s), 0) / Math.max(1, tokens);
  return {
    problems: outcomes,
    crowdedShare: share((s) => s.crowdedSteps),
    reweightedShare: share((s) => s.reweightedSteps),
    tokensPerSecond: (1000 * tokens) / ms,
  };
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
  const correct = samples.filter((s) => s.correct).length;
  return {
    accuracy: correct / samples.length,
    pass: passAtK(samples.length, correct, m),
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
  if (plain.length !== craeg.length) throw new RangeError('the arms must cover the same problems');
  const metrics: MetricName[] = ['accuracy', 'pass', 'distinctAnswers', 'distinctN'];
  return metrics.map((metric, i) => ({
    metric,
    plain: bootstrapMean(
      plain.map((p) => p[metric]),
      seed + i,
    ),
    craeg: bootstrapMean(
      craeg.map((p) => p[metric]),
      seed + i,
    ),
    difference: bootstrapMean(
      craeg.map((p, j) => p[metric] - plain[j][metric]),
      seed + i,
    ),
  }));
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
