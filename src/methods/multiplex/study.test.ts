// The Multiplex study's per-solution measures, Pass@k curves, paired gaps and arm summaries on
// hand-made solutions (the runner's judging is tested in study/studyRunner.test.ts).
import { describe, expect, it } from 'vitest';
import type { GeneratedSequence } from '../../decoding/generation.ts';
import { encode, tokenId } from '../../model/tokenizer.ts';
import { passCurve, passGap, passKs, type SolutionOutcome, summariseArm, thinkingMeasures } from './study.ts';

function sequence(text: string, trace?: number[][]): GeneratedSequence {
  const tokens = encode(text);
  const K = trace?.[0].length ?? 1;
  return {
    prompt: 0,
    sample: 0,
    promptTokens: [0],
    tokens,
    logProbs: tokens.map(() => 0),
    entropy: tokens.map(() => 0),
    finish: 'eos',
    ...(trace
      ? {
          multiplex: {
            width: K,
            indices: Uint32Array.from(tokens.flatMap((t, i) => trace[i] ?? new Array(K).fill(t))),
            weights: new Float32Array(tokens.length * K),
            logProbs: new Float32Array(tokens.length * K),
            thinkingSteps: 2,
          },
        }
      : {}),
  };
}

const solved = (correct: boolean): SolutionOutcome => ({
  correct,
  answer: null,
  tokens: [],
  thinkingSteps: 5,
  distinctDraws: 1,
});

describe('the Multiplex study', () => {
  it('measures the thinking of a solution and its distinct draws per thinking step', () => {
    const text = '3*4=12;</think><answer>12</answer><eos>';
    expect(thinkingMeasures(sequence(text))).toEqual({
      thinkingSteps: encode('3*4=12;').length,
      distinctDraws: 1,
    });
    const x = tokenId('x');
    const three = tokenId('3');
    const multiplex = thinkingMeasures(
      sequence(text, [
        [three, x, x],
        [tokenId('*'), tokenId('*'), tokenId('*')],
      ]),
    );
    // Step 0 drew 2 distinct tokens, every other thinking step 1.
    expect(multiplex.distinctDraws).toBeCloseTo(
      (2 + (multiplex.thinkingSteps - 1)) / multiplex.thinkingSteps,
      12,
    );
  });

  it('takes k as powers of two up to the samples', () => {
    expect(passKs(32)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(passKs(12)).toEqual([1, 2, 4, 8]);
  });

  it('gives Pass@k curves and a zero gap between an arm and itself', () => {
    const problems = [
      [solved(true), solved(false), solved(false), solved(false)],
      [solved(true), solved(true), solved(true), solved(true)],
    ];
    const curve = passCurve(problems, [1, 2, 4], 1);
    expect(curve.map((c) => c.pass.mean)).toEqual([(0.25 + 1) / 2, (0.5 + 1) / 2, 1]);
    expect(curve[0].pass.low).toBeLessThanOrEqual(curve[0].pass.mean);
    const gap = passGap(problems, problems, [1, 4], 1);
    expect(gap.map((g) => [g.difference.mean, g.difference.low, g.difference.high])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(() => passGap(problems, problems.slice(1), [1], 1)).toThrow(/same problems/);
  });

  it('summarises an arm: accuracy over problems, thinking length, distinct draws', () => {
    const summary = summariseArm(
      [
        [solved(true), { ...solved(false), thinkingSteps: 9, distinctDraws: 3 }],
        [solved(true), solved(true)],
      ],
      1,
    );
    expect(summary.accuracy.mean).toBe(0.75);
    expect(summary.thinkingSteps).toBe(6);
    expect(summary.distinctDraws).toBe(1.5);
  });
});
