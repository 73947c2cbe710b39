// judge.ts: the judge world for RRM: an arithmetic question with two candidate answers, one right
// and one with a plausible slip (one place off by one: a dropped carry or a digit error), in random
// order. The judge recomputes, then gives its verdict. Example: prompt 'judge:347+85\n1:432\n2:442\n',
// target '<think>7+5+0=12;4+8+1=13;3+0+1=04;432 is 1</think><answer>1</answer><eos>', answer '1'.

import { drawOperands } from './arithmetic.ts';
import { type ArithmeticOp, arithmeticSteps, compute, OP_SYMBOL } from './arithmeticCot.ts';
import { judgeAnswer, parseCompletion, renderCompletion } from './formats.ts';
import type { Rng } from './rng.ts';
import { checkDifficulty, type Problem, rejected, type TaskWorld, type Verdict } from './types.ts';

export interface JudgeOptions {
  op: ArithmeticOp;
  /** 'think' for the reasoning judge, 'no_think' for RRM's direct-judge control. */
  format: 'think' | 'no_think';
}

export interface JudgeProblem extends Problem {
  op: ArithmeticOp;
  a: number;
  b: number;
  /** The two candidate answers as shown, candidate 1 first. */
  candidates: [string, string];
  /** 1 or 2: which candidate is right (also `answer` as a string). */
  correctIndex: 1 | 2;
}

const DIFFICULTIES = [
  { level: 1, label: '1 digit' },
  { level: 2, label: '2 digits' },
  { level: 3, label: '3 digits' },
  { level: 4, label: '4 digits (mul: 2×2)' },
] as const;

/** A wrong answer one place off: result ± 10^p, never negative and never the result itself. */
export function plausibleSlip(rng: Rng, result: number): number {
  const places = String(result).length;
  for (;;) {
    const slip = result + (rng.chance(0.5) ? 1 : -1) * 10 ** rng.int(0, places - 1);
    if (slip >= 0 && slip !== result) return slip;
  }
}

export function generateJudge(
  rng: Rng,
  difficulty: number,
  options: Partial<JudgeOptions> = {},
): JudgeProblem {
  checkDifficulty('judge', DIFFICULTIES, difficulty);
  const op = options.op ?? rng.pick(['add', 'sub', 'mul'] as const);
  const [a, b] = drawOperands(rng, op, difficulty);
  const result = compute(op, a, b);
  const wrong = plausibleSlip(rng, result);
  const correctIndex = rng.chance(0.5) ? 1 : 2;
  const candidates: [string, string] =
    correctIndex === 1 ? [String(result), String(wrong)] : [String(wrong), String(result)];
  const answer = String(correctIndex);
  const reasoning = `${arithmeticSteps(op, a, b)}${result} is ${correctIndex}`;
  return {
    worldId: 'judge',
    difficulty,
    prompt: `judge:${a}${OP_SYMBOL[op]}${b}\n1:${candidates[0]}\n2:${candidates[1]}\n`,
    target: renderCompletion(options.format ?? 'think', reasoning, answer),
    answer,
    op,
    a,
    b,
    candidates,
    correctIndex,
  };
}

/** The verdict: '1' or '2' after trimming spaces and newlines; anything else (incl. '01', 'both') is null. */
export function normaliseVerdict(raw: string): string | null {
  const text = raw.replace(/^[ \n]+|[ \n]+$/g, '');
  return text === '1' || text === '2' ? text : null;
}

export function extractVerdict(output: string): string | null {
  const parsed = parseCompletion(output);
  return parsed.ok ? normaliseVerdict(parsed.value.answer) : null;
}

/**
 * Reward 1 iff the output parses (think, or no_think for the direct judge) and its verdict names
 * the right candidate; no ties. RRM's ±1 reward is 2·reward − 1 (unparseable counts as wrong).
 */
export function verifyJudge(problem: JudgeProblem, output: string): Verdict {
  const parsed = parseCompletion(output);
  if (!parsed.ok) return rejected(parsed.reason);
  return judgeAnswer(parsed.value.answer, problem.answer, normaliseVerdict, 'a verdict 1 or 2');
}

export const judgeWorld: TaskWorld<JudgeProblem, JudgeOptions> = {
  id: 'judge',
  title: 'Judge',
  description:
    'An arithmetic question with two candidate answers, one right and one with a one-place slip, in ' +
    'random order. The judge recomputes with the digit chain of thought and answers 1 or 2.',
  difficulties: DIFFICULTIES,
  defaultDifficulty: 2,
  generate: generateJudge,
  extractAnswer: extractVerdict,
  verify: verifyJudge,
};
