// The base mixture the shipped model learns (issue 8, docs/lab-base.md): arithmetic from the task
// world in the think, no-think and budget formats, add/sub of 1..maxDigits digits and
// multiplication 1x1, 2x1 and 2x2, as SFT examples (`<bos>` + prompt, then the target) through the
// task adapter, and the held-out evaluation set: per category (add2 … mul2x2) and mode, problems
// whose operands have exactly the stated digits, excluded from training by problem id (the prompt).
// A forced mode is the one-token prefix of the completion (`<think>` or `<no_think>`), prefilled
// with the prompt.
import { decode, encode, tokenId } from '../../model/tokenizer.ts';
import {
  drawOperands,
  makeArithmeticProblem,
  numberWithDigits,
  verifyArithmetic,
} from '../../tasks/arithmetic.ts';
import {
  type ArithmeticOp,
  type ArithmeticProblem,
  type ReasoningMode,
  Rng,
  TASK_WORLDS,
} from '../../tasks/index.ts';
import type { EvalCase } from '../../train/evaluation.ts';
import type { SftData } from '../../train/sft.ts';
import { taskAdapter } from '../taskAdapter.ts';

export interface TaskMix {
  /** Relative weights of the operations. */
  add: number;
  sub: number;
  mul: number;
  /** Largest operand size for add/sub (1..4); multiplication runs 1x1, 2x1 and, at 4, 2x2. */
  maxDigits: number;
  /** Relative weights of the formats. */
  think: number;
  noThink: number;
  budget: number;
}

export const BASE_MIX: TaskMix = {
  add: 35,
  sub: 25,
  mul: 40,
  maxDigits: 4,
  think: 75,
  noThink: 15,
  budget: 10,
};

export type EvalMode = 'think' | 'no_think';

export interface EvalCategorySpec {
  name: string;
  op: ArithmeticOp;
  /** Digits of the first and second operand. */
  digits: [number, number];
}

export const EVAL_CATEGORIES: readonly EvalCategorySpec[] = [
  { name: 'add2', op: 'add', digits: [2, 2] },
  { name: 'sub2', op: 'sub', digits: [2, 2] },
  { name: 'add3', op: 'add', digits: [3, 3] },
  { name: 'add4', op: 'add', digits: [4, 4] },
  { name: 'mul2x1', op: 'mul', digits: [2, 1] },
  { name: 'mul2x2', op: 'mul', digits: [2, 2] },
];

/** The categories a mix trains on. */
export function categoriesOf(mix: TaskMix): EvalCategorySpec[] {
  return EVAL_CATEGORIES.filter(
    (c) =>
      mix[c.op] > 0 &&
      (c.op === 'mul'
        ? c.digits[1] === 1
          ? mix.maxDigits >= 2
          : mix.maxDigits >= 4
        : c.digits[0] <= mix.maxDigits),
  );
}

/** Problems of one category with exactly its digits (sub: a >= b; mul 2x1: multiplier 2..9). */
function evalOperands(rng: Rng, spec: EvalCategorySpec): [number, number] {
  const [da, db] = spec.digits;
  if (spec.op === 'mul' && db === 1) return [numberWithDigits(rng, da), rng.int(2, 9)];
  const a = numberWithDigits(rng, da);
  const b = numberWithDigits(rng, db);
  return spec.op === 'sub' && b > a ? [b, a] : [a, b];
}

const STEP = '(?:[0-9][-+*][0-9][-+][0-9]=[0-9]{2};|\\|[0-9]{4};)';
const FORMAT: Record<EvalMode, RegExp> = {
  think: new RegExp(`^<think>${STEP}+</think><answer>[0-9]+</answer><eos>$`),
  no_think: /^<no_think><\/no_think><answer>[0-9]+<\/answer><eos>$/,
};
const MODE_TOKEN: Record<EvalMode, string> = { think: '<think>', no_think: '<no_think>' };

export interface HeldOut {
  cases: EvalCase[];
  /** Keys of every evaluation problem, which training never shows. */
  excluded: Set<string>;
}

/** `perCategory` distinct problems per category and mode, from `seed`. */
export function heldOutSet(
  mix: TaskMix,
  seed: number,
  perCategory: number,
  modes: readonly EvalMode[],
): HeldOut {
  const rng = new Rng(seed);
  const cases: EvalCase[] = [];
  const excluded = new Set<string>();
  for (const spec of categoriesOf(mix)) {
    const seen = new Set<string>();
    while (seen.size < perCategory) {
      const [a, b] = evalOperands(rng, spec);
      const problem = makeArithmeticProblem(spec.op, a, b, 0);
      if (seen.has(problem.prompt)) {
        if (seen.size >= possibleProblems(spec)) break;
        continue;
      }
      seen.add(problem.prompt);
      excluded.add(problem.prompt);
      for (const mode of modes) {
        cases.push({
          category: `${spec.name} ${mode === 'think' ? 'think' : 'no-think'}`,
          prompt: [...encode(problem.prompt, { addBos: true }), tokenId(MODE_TOKEN[mode])],
          judge(completion) {
            const text = MODE_TOKEN[mode] + decode(completion);
            return {
              correct: verifyArithmetic(problem, text).reward === 1,
              formatOk: FORMAT[mode].test(text),
            };
          },
        });
      }
    }
  }
  return { cases, excluded };
}

function possibleProblems(spec: EvalCategorySpec): number {
  const count = (d: number) => (d === 1 ? 10 : 9 * 10 ** (d - 1));
  const [da, db] = spec.digits;
  if (spec.op === 'mul' && db === 1) return count(da) * 8;
  return spec.op === 'sub' ? (count(da) * (count(db) + 1)) / 2 : count(da) * count(db);
}

/** Tokens of the longest example a mix can produce (budget format, largest operands). */
export function longestExample(mix: TaskMix): number {
  const d = mix.maxDigits;
  const big = 10 ** d - 1;
  const candidates = [
    ...(mix.add > 0 ? [makeArithmeticProblem('add', big, big, d, 'budget')] : []),
    ...(mix.sub > 0 ? [makeArithmeticProblem('sub', big, big, d, 'budget')] : []),
    ...(mix.mul > 0
      ? [makeArithmeticProblem('mul', d >= 4 ? 99 : 10 ** Math.min(d, 2) - 1, d >= 4 ? 99 : 9, d, 'budget')]
      : []),
  ];
  return Math.max(
    1,
    ...candidates.map((p) => encode(p.prompt, { addBos: true }).length + encode(p.target).length),
  );
}

/** Training examples of the mix: the stream of (step, micro) is seeded by (seed, step, micro). */
export function mixtureData(mix: TaskMix, seed: number, excluded: ReadonlySet<string>): SftData {
  const opWeights = [mix.add, mix.sub, mix.mul];
  const formats: ReasoningMode[] = ['think', 'no_think', 'budget'];
  const formatWeights = [mix.think, mix.noThink, mix.budget];
  const mulLevels = [1, ...(mix.maxDigits >= 2 ? [2] : []), ...(mix.maxDigits >= 4 ? [4] : [])];
  const adapter = taskAdapter<ArithmeticProblem>({
    world: TASK_WORLDS.arithmetic,
    draw(rng) {
      const op = (['add', 'sub', 'mul'] as const)[rng.weighted(opWeights)];
      const level = op === 'mul' ? rng.pick(mulLevels) : rng.int(1, mix.maxDigits);
      const [a, b] = drawOperands(rng, op, level);
      return makeArithmeticProblem(op, a, b, level, formats[rng.weighted(formatWeights)]);
    },
    category: (p) => p.op,
    tokenBudget: longestExample(mix),
  });
  return adapter.sftData(seed, excluded, tokenId('<pad>'));
}
