// The arithmetic world as the methods pose it (GRPO, CraEG, Multiplex, and the methods to come):
// problems of one level and a chosen set of operations, the reasoning mode forced by feeding its
// token after the prompt (as the shipped model was taught), the world's verifier as the reward,
// distinct held-out problems judged greedily, all through the one task adapter (taskAdapter.ts).
// Example: difficulty 2, mode no_think: prompt '<bos>47+85=<no_think>', reward 1 for
// '</no_think><answer>132</answer><eos>'.
import { encode } from '../../model/tokenizer.ts';
import { drawOperands, makeArithmeticProblem } from '../../tasks/arithmetic.ts';
import { type ArithmeticOp, type ArithmeticProblem, TASK_WORLDS } from '../../tasks/index.ts';
import { type TaskAdapter, taskAdapter } from '../taskAdapter.ts';

export type RlMode = 'think' | 'no_think';

export interface ArithmeticTask {
  /** The world's level: 1..4 digits (multiplication: 1x1, 2x1, 3x1, 2x2). */
  difficulty: number;
  ops: ArithmeticOp[];
  mode: RlMode;
}

const MODE_TOKEN: Record<RlMode, string> = { think: '<think>', no_think: '<no_think>' };

function checkTask(task: ArithmeticTask): void {
  if (!Number.isInteger(task.difficulty) || task.difficulty < 1 || task.difficulty > 4) {
    throw new RangeError(`difficulty ${task.difficulty} is not one of 1..4`);
  }
  if (task.ops.length === 0) throw new RangeError('the task needs at least one operation');
}

/** Tokens of the longest correct response at the task's level (the largest operands of each op). */
export function longestResponse(task: ArithmeticTask): number {
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

/** The task as an adapter: draws op then operands, forces the mode, judges with the world. */
export function arithmeticAdapter(task: ArithmeticTask): TaskAdapter<ArithmeticProblem> {
  checkTask(task);
  const mode = task.mode === 'think' ? 'think' : 'no-think';
  return taskAdapter<ArithmeticProblem>({
    world: TASK_WORLDS.arithmetic,
    draw(rng) {
      const op = rng.pick(task.ops);
      const [a, b] = drawOperands(rng, op, task.difficulty);
      return makeArithmeticProblem(op, a, b, task.difficulty, task.mode);
    },
    prefix: MODE_TOKEN[task.mode],
    category: (p) => `${p.op}${task.difficulty} ${mode}`,
    tokenBudget: longestResponse(task),
  });
}
