// The Multiplex Thinking study on our model (shared/methods.md §3.5): sample n solutions of every
// problem, discretely or with K merged draws per thinking step, at one token budget; judge each
// with the task's verifier; and measure per problem Pass@k for k = 1…n (the unbiased estimator),
// the thinking length and the number of distinct draws per thinking step (self-adaptivity: 1 when
// the model is sure). Arms are compared by the paired difference of Pass@k over problems, with
// 95% bootstrap intervals.
import type { Generator } from '../../decoding/generate.ts';
import type { GeneratedSequence } from '../../decoding/generation.ts';
import type { MultiplexSettings } from '../../decoding/multiplexReference.ts';
import type { SamplingParams } from '../../decoding/samplerReference.ts';
import { tokenId } from '../../model/tokenizer.ts';
import { type BootstrapEstimate, bootstrapMean } from '../../stats/intervals.ts';
import { passAtK } from '../../stats/passAtK.ts';
import type { ArithmeticProblem } from '../../tasks/index.ts';
import { type ArithmeticTask, arithmeticAdapter } from '../arithmetic/arithmeticTask.ts';
import type { PosedProblem, TaskAdapter } from '../taskAdapter.ts';

export interface SolutionOutcome {
  correct: boolean;
  /** Generated tokens, and those before the first </think> (all of them when there is none). */
  tokens: number;
  thinkingSteps: number;
  /** Mean distinct draws over the thinking steps (1 for discrete decoding; 0 without thinking). */
  distinctDraws: number;
}

export interface ArmSettings {
  sampling: SamplingParams;
  /** Absent: discrete decoding. */
  multiplex?: MultiplexSettings;
}

/** What one solution shows: the verdict, its thinking length and its distinct draws per step. */
export function solutionOutcome(
  adapter: TaskAdapter<ArithmeticProblem>,
  problem: ArithmeticProblem,
  s: GeneratedSequence,
): SolutionOutcome {
  const end = s.tokens.indexOf(tokenId('</think>'));
  const thinkingSteps = end < 0 ? s.tokens.length : end;
  let distinct = 0;
  const trace = s.multiplex;
  for (let t = 0; t < thinkingSteps; t++) {
    distinct += trace ? new Set(trace.indices.subarray(t * trace.width, (t + 1) * trace.width)).size : 1;
  }
  return {
    correct: adapter.judge(problem, s.tokens).reward === 1,
    tokens: s.tokens.length,
    thinkingSteps,
    distinctDraws: thinkingSteps > 0 ? distinct / thinkingSteps : 0,
  };
}

/**
 * `samples` solutions of every problem with one arm's decoding, a few problems per generation
 * call; the budget is the longest correct response of the level plus 8 tokens, for every arm.
 */
export async function sampleSolutions(
  generator: Generator,
  task: ArithmeticTask,
  problems: readonly PosedProblem<ArithmeticProblem>[],
  arm: ArmSettings,
  options: { samples: number; seed: number; rowsPerCall: number; onProblem?: () => void },
): Promise<SolutionOutcome[][]> {
  const adapter = arithmeticAdapter(task);
  const perCall = Math.max(1, Math.floor(options.rowsPerCall / options.samples));
  const outcomes: SolutionOutcome[][] = [];
  for (let start = 0; start < problems.length; start += perCall) {
    const chunk = problems.slice(start, start + perCall);
    const result = await generator.generate({
      prompts: chunk.map((p) => p.prompt),
      samplesPerPrompt: options.samples,
      sampling: arm.sampling,
      multiplex: arm.multiplex,
      seed: (options.seed + start * 7919) >>> 0,
      maxNewTokens: adapter.spec.tokenBudget + 8,
    });
    chunk.forEach((problem, p) => {
      outcomes.push(
        result.sequences
          .filter((s) => s.prompt === p)
          .map((s) => solutionOutcome(adapter, problem.problem, s)),
      );
      options.onProblem?.();
    });
  }
  return outcomes;
}

/** The k of a Pass@k curve: powers of two up to the samples per problem. */
export function passKs(samples: number): number[] {
  const ks: number[] = [];
  for (let k = 1; k <= samples; k *= 2) ks.push(k);
  return ks;
}

function passOfProblem(solutions: readonly SolutionOutcome[], k: number): number {
  return passAtK(solutions.length, solutions.filter((s) => s.correct).length, k);
}

/** Pass@k over problems for every k, each with a 95% bootstrap interval over problems. */
export function passCurve(
  problems: readonly SolutionOutcome[][],
  ks: readonly number[],
  seed: number,
): { k: number; pass: BootstrapEstimate }[] {
  return ks.map((k) => ({
    k,
    pass: bootstrapMean(
      problems.map((p) => passOfProblem(p, k)),
      seed + k,
    ),
  }));
}

/** Pass@k of `arm` minus `base` for every k, paired by problem, with 95% bootstrap intervals. */
export function passGap(
  arm: readonly SolutionOutcome[][],
  base: readonly SolutionOutcome[][],
  ks: readonly number[],
  seed: number,
): { k: number; difference: BootstrapEstimate }[] {
  if (arm.length !== base.length) throw new RangeError('the arms must cover the same problems');
  return ks.map((k) => ({
    k,
    difference: bootstrapMean(
      arm.map((p, i) => passOfProblem(p, k) - passOfProblem(base[i], k)),
      seed + k,
    ),
  }));
}

export interface ArmSummary {
  /** Mean accuracy over every solution (Pass@1), with its bootstrap interval over problems. */
  accuracy: BootstrapEstimate;
  thinkingSteps: number;
  distinctDraws: number;
}

export function summariseArm(problems: readonly SolutionOutcome[][], seed: number): ArmSummary {
  const all = problems.flat();
  const mean = (pick: (s: SolutionOutcome) => number) => all.reduce((a, s) => a + pick(s), 0) / all.length;
  return {
    accuracy: bootstrapMean(
      problems.map((p) => p.filter((s) => s.correct).length / p.length),
      seed,
    ),
    thinkingSteps: mean((s) => s.thinkingSteps),
    distinctDraws: mean((s) => s.distinctDraws),
  };
}
