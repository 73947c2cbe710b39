// arithmetic.ts: the arithmetic world (add, subtract, multiply) for CraEG, Multiplex, LHRM,
// SelfBudgeter and RRM, in any of the four formats of formats.ts; difficulty = digit count.
// Example (seeded, think format): prompt '347+85=', target
// '<think>7+5+0=12;4+8+1=13;3+0+1=04;</think><answer>432</answer><eos>', answer '432'.

import { type ArithmeticOp, arithmeticSteps, compute, OP_SYMBOL, questionText } from './arithmeticCot.ts';
import {
  judgeAnswer,
  normaliseInteger,
  parseCompletion,
  type ReasoningMode,
  renderCompletion,
} from './formats.ts';
import type { Rng } from './rng.ts';
import { checkDifficulty, type Problem, rejected, type TaskWorld, type Verdict } from './types.ts';

export interface ArithmeticOptions {
  /** Which operation; random among the three when absent. */
  op: ArithmeticOp;
  /** The training format of the target; 'think' by default. */
  format: ReasoningMode;
  /** SelfBudgeter's verbose CoT: a restatement before the steps and a re-check after them. */
  verbose: boolean;
  /** Exact operands [a, b] instead of drawn ones (for fixed evaluation sets); sub needs a >= b. */
  operands: readonly [number, number];
}

export interface ArithmeticProblem extends Problem {
  op: ArithmeticOp;
  a: number;
  b: number;
  format: ReasoningMode;
  /** The chain of thought inside the target ('' in the no_think format). */
  reasoning: string;
}

const DIFFICULTIES = [
  { level: 1, label: '1 digit' },
  { level: 2, label: '2 digits' },
  { level: 3, label: '3 digits' },
  { level: 4, label: '4 digits (mul: 2×2)' },
] as const;

/** A number with exactly `digits` digits (one digit includes 0). */
export function numberWithDigits(rng: Rng, digits: number): number {
  return digits === 1 ? rng.int(0, 9) : rng.int(10 ** (digits - 1), 10 ** digits - 1);
}

/**
 * Operands for a digit count d. add: one operand has d digits, the other 1..d, in random order.
 * sub: a has d digits, b has 1..d digits and b <= a (results are never negative). mul: d-digit
 * times one digit (2-9 from d = 2 on), except d = 4, which is 2-digit times 2-digit.
 */
export function drawOperands(rng: Rng, op: ArithmeticOp, digits: number): [number, number] {
  if (op === 'add') {
    const pair: [number, number] = [numberWithDigits(rng, digits), numberWithDigits(rng, rng.int(1, digits))];
    return rng.chance(0.5) ? pair : [pair[1], pair[0]];
  }
  if (op === 'sub') {
    const a = numberWithDigits(rng, digits);
    const bDigits = rng.int(1, digits);
    const lo = bDigits === 1 ? 0 : 10 ** (bDigits - 1);
    return [a, rng.int(lo, Math.min(10 ** bDigits - 1, a))];
  }
  if (digits === 4) return [numberWithDigits(rng, 2), numberWithDigits(rng, 2)];
  return [numberWithDigits(rng, digits), digits === 1 ? rng.int(0, 9) : rng.int(2, 9)];
}

/** The CoT for a problem; the verbose form wraps it in filler that SelfBudgeter learns to drop. */
export function arithmeticReasoning(op: ArithmeticOp, a: number, b: number, verbose = false): string {
  const steps = arithmeticSteps(op, a, b);
  if (!verbose) return steps;
  return `restate ${a}${OP_SYMBOL[op]}${b};${steps}check ${compute(op, a, b)} ok;`;
}

export function makeArithmeticProblem(
  op: ArithmeticOp,
  a: number,
  b: number,
  difficulty: number,
  format: ReasoningMode = 'think',
  verbose = false,
): ArithmeticProblem {
  if (op === 'sub' && b > a) throw new RangeError(`subtraction needs a >= b, got ${a}-${b}`);
  if (op === 'mul' && b > 99) throw new RangeError(`multiplication needs a multiplier below 100, got ${b}`);
  const answer = String(compute(op, a, b));
  const reasoning = format === 'no_think' ? '' : arithmeticReasoning(op, a, b, verbose);
  return {
    worldId: 'arithmetic',
    difficulty,
    prompt: questionText(op, a, b),
    target: renderCompletion(format, reasoning, answer),
    answer,
    op,
    a,
    b,
    format,
    reasoning,
  };
}

/**
 * Extracts the integer answer from any of the four formats (see parseCompletion for the tags and
 * normaliseInteger for the number: trimmed, optional '-', ASCII digits, leading zeros dropped).
 */
export function extractArithmeticAnswer(output: string): string | null {
  const parsed = parseCompletion(output);
  return parsed.ok ? normaliseInteger(parsed.value.answer) : null;
}

/**
 * Reward 1 iff the output parses in one of the four formats and its integer answer equals the
 * true result. Any format is accepted whatever format the target used (LHRM's policy picks its
 * mode). In the budget format the answer must also respect the budget: more tokens from <think>
 * through </answer> than N is rejected as over budget. With a pre-filled budget, pass the
 * pre-filled `<budget>N</budget>` followed by the model's completion.
 */
export function verifyArithmetic(problem: { answer: string }, output: string): Verdict {
  const parsed = parseCompletion(output);
  if (!parsed.ok) return rejected(parsed.reason);
  const { budget, used, answer } = parsed.value;
  const verdict = judgeAnswer(answer, problem.answer, normaliseInteger, 'an integer');
  if (verdict.reward === 1 && budget !== null && used !== null && used > budget) {
    return rejected(`over budget: used ${used} tokens > budget ${budget}`, verdict.extracted);
  }
  return verdict;
}

export const arithmeticWorld: TaskWorld<ArithmeticProblem, ArithmeticOptions> = {
  id: 'arithmetic',
  title: 'Arithmetic',
  description:
    'Addition, subtraction (never negative) and multiplication of 1-4 digit numbers, with a digit-by-digit ' +
    'chain of thought (one 9-character step per digit, least significant first). The target can be ' +
    'rendered in the plain, think, no_think or budget format.',
  difficulties: DIFFICULTIES,
  defaultDifficulty: 2,
  generate(rng, difficulty, options = {}) {
    checkDifficulty('arithmetic', DIFFICULTIES, difficulty);
    const op = options.op ?? rng.pick(['add', 'sub', 'mul'] as const);
    const [a, b] = options.operands ?? drawOperands(rng, op, difficulty);
    return makeArithmeticProblem(op, a, b, difficulty, options.format ?? 'think', options.verbose ?? false);
  },
  extractAnswer: extractArithmeticAnswer,
  verify: verifyArithmetic,
};
