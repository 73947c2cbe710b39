// The arithmetic world wired for GRPO: prompts of one difficulty (operations chosen, the reasoning
// mode forced by prefilling its token after the prompt, as the shipped model was taught), the
// world's verifier as the reward (1 correct, 0 otherwise, with its reason), and a held-out set of
// distinct problems that the training prompts never show, judged greedily.
// Example: difficulty 2, mode no_think: prompt '<bos>47+85=<no_think>', reward 1 for
// '</no_think><answer>132</answer><eos>'.
import { decode, encode, tokenId } from '../../model/tokenizer.ts';
import { drawOperands, makeArithmeticProblem, verifyArithmetic } from '../../tasks/arithmetic.ts';
import type { ArithmeticOp } from '../../tasks/arithmeticCot.ts';
import { Rng } from '../../tasks/rng.ts';
import type { EvalCase } from '../../train/evaluation.ts';
import type { GrpoData } from '../../train/grpo/grpoRun.ts';

export type RlMode = 'think' | 'no_think';

export interface ArithmeticRlTask {
  /** The world's level: 1..4 digits (multiplication: 1x1, 2x1, 3x1, 2x2). */
  difficulty: number;
  ops: ArithmeticOp[];
  mode: RlMode;
}

const MODE_TOKEN: Record<RlMode, string> = { think: '<think>', no_think: '<no_think>' };

interface TaskProblem {
  op: ArithmeticOp;
  a: number;
  b: number;
  prompt: number[];
  answer: string;
}

function problemOf(task: ArithmeticRlTask, op: ArithmeticOp, a: number, b: number): TaskProblem {
  const problem = makeArithmeticProblem(op, a, b, task.difficulty);
  return {
    op,
    a,
    b,
    prompt: [...encode(problem.prompt, { addBos: true }), tokenId(MODE_TOKEN[task.mode])],
    answer: problem.answer,
  };
}

/** Tokens of the longest correct response at the task's level (the largest operands of each op). */
export function longestResponse(task: ArithmeticRlTask): number {
  const big = (digits: number) => 10 ** digits - 1;
  const operands: Record<ArithmeticOp, [number, number]> = {
    add: [big(task.difficulty), big(task.difficulty)],
    sub: [big(task.difficulty), big(task.difficulty)],
    mul: task.difficulty === 4 ? [99, 99] : [big(task.difficulty), 9],
  };
  const lengths = task.ops.map((op) => {
    const [a, b] = operands[op];
    const problem = makeArithmeticProblem(op, a, b, task.difficulty, task.mode);
    return encode(problem.target).length - 1;
  });
  return Math.max(...lengths);
}

const keyOf = (p: { op: ArithmeticOp; a: number; b: number }) => `${p.op}:${p.a}:${p.b}`;

/** The verifier on the forced mode token and the generated response. */
export function judgeResponse(task: ArithmeticRlTask, answer: string, response: readonly number[]) {
  return verifyArithmetic({ answer }, MODE_TOKEN[task.mode] + decode(response));
}

function checkTask(task: ArithmeticRlTask): void {
  if (!Number.isInteger(task.difficulty) || task.difficulty < 1 || task.difficulty > 4) {
    throw new RangeError(`difficulty ${task.difficulty} is not one of 1..4`);
  }
  if (task.ops.length === 0) throw new RangeError('the task needs at least one operation');
}

export interface RlHeldOut {
  cases: EvalCase[];
  /** Keys of every held-out problem, which training prompts never show. */
  excluded: Set<string>;
}

/** A problem as the methods pose it: the prompt with its forced mode token, and the answer. */
export interface PosedProblem {
  op: ArithmeticOp;
  prompt: number[];
  answer: string;
  key: string;
}

/** `n` distinct problems of the task from `seed` (fewer when the level has fewer). */
export function arithmeticProblems(task: ArithmeticRlTask, seed: number, n: number): PosedProblem[] {
  checkTask(task);
  const rng = new Rng(seed);
  const problems: PosedProblem[] = [];
  const seen = new Set<string>();
  for (let tries = 0; problems.length < n && tries < 50 * n; tries++) {
    const op = rng.pick(task.ops);
    const [a, b] = drawOperands(rng, op, task.difficulty);
    const problem = problemOf(task, op, a, b);
    const key = keyOf(problem);
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ op, prompt: problem.prompt, answer: problem.answer, key });
  }
  return problems;
}

/** `n` distinct problems of the task from `seed` as greedy evaluation cases. */
export function arithmeticHeldOut(task: ArithmeticRlTask, seed: number, n: number): RlHeldOut {
  const problems = arithmeticProblems(task, seed, n);
  return {
    cases: problems.map((problem) => ({
      category: `${problem.op}${task.difficulty} ${task.mode === 'think' ? 'think' : 'no-think'}`,
      prompt: problem.prompt,
      judge: (completion: readonly number[]) => {
        const verdict = judgeResponse(task, problem.answer, completion);
        return { correct: verdict.reward === 1, formatOk: verdict.extracted !== null };
      },
    })),
    excluded: new Set(problems.map((p) => p.key)),
  };
}

/** Training prompts: step `step` draws from its own seeded stream, skipping held-out problems. */
export function arithmeticRlData(
  task: ArithmeticRlTask,
  seed: number,
  excluded: ReadonlySet<string>,
): GrpoData {
  checkTask(task);
  return {
    batch(step, count) {
      const rng = new Rng(((seed * 1_000_003) ^ (step * 7919)) >>> 0);
      const problems: TaskProblem[] = [];
      for (let misses = 0; problems.length < count; ) {
        const op = rng.pick(task.ops);
        const [a, b] = drawOperands(rng, op, task.difficulty);
        const problem = problemOf(task, op, a, b);
        if (!excluded.has(keyOf(problem))) problems.push(problem);
        else if (++misses > 10_000) {
          throw new RangeError(
            `the held-out set leaves no training problems at difficulty ${task.difficulty}`,
          );
        }
      }
      return {
        prompts: problems.map((p) => p.prompt),
        reward: (group, response) => {
          const verdict = judgeResponse(task, problems[group].answer, response);
          return { reward: verdict.reward, reason: verdict.reason };
        },
      };
    },
  };
}
