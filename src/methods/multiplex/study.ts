// The Multiplex Thinking study on our model (docs/methods/multiplex.md), on the one study runner: n
// solutions of every problem, discretely or with K merged draws per thinking step, at one token
// budget, judged by the task's verifier; this file adds what Multiplex measures per solution (its
// thinking length and distinct draws per thinking step: self-adaptivity shows as 1 when the model
// is sure), Pass@k for k = 1…n over problems, and the arms' paired difference of Pass@k, with 95%
// bootstrap intervals over problems.
import type { GeneratedSequence } from '../../decoding/generation.ts';
import { tokenId } from '../../model/tokenizer.ts';
import { type BootstrapEstimate, bootstrapMean, pairedDifference } from '../../stats/intervals.ts';
import { avgOf, passOf } from '../study/perProblem.ts';
import type { JudgedSample } from '../study/studyRunner.ts';

export interface ThinkingMeasures {
  /** Tokens before the first </think> (all of them when there is none). */
  thinkingSteps: number;
  /** Mean distinct draws over the thinking steps (1 for discrete decoding; 0 without thinking). */
  distinctDraws: number;
}

export type SolutionOutcome = JudgedSample<ThinkingMeasures>;

/** The runner's per-sample hook: a solution's thinking length and its distinct draws per step. */
export function thinkingMeasures(s: GeneratedSequence): ThinkingMeasures {
  const end = s.tokens.indexOf(tokenId('</think>'));
  const thinkingSteps = end < 0 ? s.tokens.length : end;
  let distinct = 0;
  const trace = s.multiplex;
  for (let t = 0; t < thinkingSteps; t++) {
    distinct += trace ? new Set(trace.indices.subarray(t * trace.width, (t + 1) * trace.width)).size : 1;
  }
  return { thinkingSteps, distinctDraws: thinkingSteps > 0 ? distinct / thinkingSteps : 0 };
}

/** The k of a Pass@k curve: powers of two up to the samples per problem. */
export function passKs(samples: number): number[] {
  const ks: number[] = [];
  for (let k = 1; k <= samples; k *= 2) ks.push(k);
  return ks;
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
      problems.map((p) => passOf(p, k)),
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
  return ks.map((k) => ({
    k,
    difference: pairedDifference(
      arm.map((p) => passOf(p, k)),
      base.map((p) => passOf(p, k)),
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
    accuracy: bootstrapMean(problems.map(avgOf), seed),
    thinkingSteps: mean((s) => s.thinkingSteps),
    distinctDraws: mean((s) => s.distinctDraws),
  };
}
