// instructionPool.ts: the ICon/RICo instruction pool: SFT examples of mixed quality (correct, wrong,
// noisy, trivial, hard). A selector sees only `example`; `hiddenLabel` is kept for analysis. Example:
// { example: { prompt: '58+7=', completion: '<think>8+7+0=15;5+0+1=06;</think><answer>75</answer><eos>' },
//   hiddenLabel: { quality: 'wrong', kind: 'add' } } (the true answer, in `answer`, is 65).

import { drawOperands, makeArithmeticProblem, verifyArithmetic } from './arithmetic.ts';
import type { ArithmeticOp } from './arithmeticCot.ts';
import { judgeAnswer, normaliseInteger, parseCompletion, renderCompletion } from './formats.ts';
import { plausibleSlip } from './judge.ts';
import { Rng } from './rng.ts';
import { splitTokens } from './text.ts';
import { checkDifficulty, type Problem, rejected, type TaskWorld, type Verdict } from './types.ts';

export type Quality = 'correct' | 'wrong' | 'noisy' | 'trivial' | 'hard';
export const QUALITIES: readonly Quality[] = ['correct', 'wrong', 'noisy', 'trivial', 'hard'];
/** Arithmetic, plus LHRM's chat-like kinds: echo a word, capitalise a word (no thinking needed). */
export type PoolKind = ArithmeticOp | 'echo' | 'caps';
export const POOL_KINDS: readonly PoolKind[] = ['add', 'sub', 'mul', 'echo', 'caps'];

export interface PoolOptions {
  quality: Quality;
  kind: PoolKind;
}

export interface PoolItem extends Problem {
  /** What the pool shows: a prompt and a completion that may be wrong or garbled. */
  example: { prompt: string; completion: string };
  /** The truth about the example, never shown to a selector. */
  hiddenLabel: { quality: Quality; kind: PoolKind };
}

/** Pool difficulty = how dirty the pool is: the weights of correct, wrong, noisy, trivial, hard. */
const MIXTURES: Record<number, readonly number[]> = {
  1: [0.6, 0.1, 0.1, 0.1, 0.1],
  2: [0.4, 0.2, 0.2, 0.1, 0.1],
  3: [0.2, 0.3, 0.3, 0.1, 0.1],
};

const DIFFICULTIES = [
  { level: 1, label: 'clean pool (20% wrong or noisy)' },
  { level: 2, label: 'mixed pool (40% wrong or noisy)' },
  { level: 3, label: 'dirty pool (60% wrong or noisy)' },
] as const;

const NOISE_RATE = 0.3;
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

function randomWord(rng: Rng, length: number): string {
  return Array.from({ length }, () => String.fromCharCode(97 + rng.int(0, 25))).join('');
}

/** The correct item of a kind at a level: 1 trivial, 2-3 ordinary, 4 hard. */
function cleanItem(
  rng: Rng,
  kind: PoolKind,
  level: number,
): { prompt: string; target: string; answer: string } {
  if (kind === 'echo' || kind === 'caps') {
    const word = randomWord(rng, level === 1 ? rng.int(1, 3) : rng.int(4, 7));
    const answer = kind === 'caps' ? word.toUpperCase() : word;
    return { prompt: `${kind}:${word}`, target: renderCompletion('no_think', '', answer), answer };
  }
  const [a, b] = drawOperands(rng, kind, level);
  return makeArithmeticProblem(kind, a, b, level, level === 1 ? 'no_think' : 'think');
}

/** Replaces about NOISE_RATE (at least one) of the ordinary characters with other printable ones; tags survive. */
function garble(rng: Rng, text: string): string {
  const tokens = splitTokens(text);
  const plain = tokens.flatMap((token, i) => (token.length === 1 && token !== '\n' ? [i] : []));
  const chosen = plain.filter(() => rng.chance(NOISE_RATE));
  for (const i of chosen.length > 0 ? chosen : [rng.pick(plain)]) {
    const others = PRINTABLE.filter((c) => c !== tokens[i]);
    tokens[i] = rng.pick(others);
  }
  return tokens.join('');
}

/** The completion with a wrong answer: a one-place slip for numbers, one changed letter for words. */
function withWrongAnswer(rng: Rng, target: string, answer: string): string {
  let wrong: string;
  if (/^[0-9]+$/.test(answer)) {
    wrong = String(plausibleSlip(rng, Number(answer)));
  } else {
    const i = rng.int(0, answer.length - 1);
    const letter = String.fromCharCode(
      97 + ((answer.toLowerCase().charCodeAt(i) - 97 + rng.int(1, 25)) % 26),
    );
    wrong =
      answer.slice(0, i) +
      (answer === answer.toUpperCase() ? letter.toUpperCase() : letter) +
      answer.slice(i + 1);
  }
  return target.replace(`<answer>${answer}</answer>`, `<answer>${wrong}</answer>`);
}

export function generatePoolItem(rng: Rng, difficulty: number, options: Partial<PoolOptions> = {}): PoolItem {
  checkDifficulty('instruction-pool', DIFFICULTIES, difficulty);
  const quality = options.quality ?? QUALITIES[rng.weighted(MIXTURES[difficulty])];
  const kind =
    options.kind ?? (quality === 'hard' ? rng.pick(['add', 'sub', 'mul'] as const) : rng.pick(POOL_KINDS));
  const level = quality === 'trivial' ? 1 : quality === 'hard' ? 4 : rng.int(2, 3);
  const clean = cleanItem(rng, kind, level);
  let completion = clean.target;
  if (quality === 'wrong') completion = withWrongAnswer(rng, clean.target, clean.answer);
  if (quality === 'noisy') completion = garble(rng, clean.target);
  return {
    worldId: 'instruction-pool',
    difficulty,
    prompt: clean.prompt,
    target: clean.target,
    answer: clean.answer,
    example: { prompt: clean.prompt, completion },
    hiddenLabel: { quality, kind },
  };
}

/** A pool of `size` items, reproducible from `seed`; each item has its own sub-stream. */
export function generatePool(seed: number, size: number, difficulty: number): PoolItem[] {
  const rng = new Rng(seed);
  return Array.from({ length: size }, () => generatePoolItem(rng.split(), difficulty));
}

/** RICo's assessment set: clean (correct) examples cycling through every kind. */
export function generateAssessmentSet(seed: number, size: number): PoolItem[] {
  const rng = new Rng(seed);
  return Array.from({ length: size }, (_, i) =>
    generatePoolItem(rng.split(), 1, { quality: 'correct', kind: POOL_KINDS[i % POOL_KINDS.length] }),
  );
}

/**
 * The answer in `<answer>`: an integer (normalised as in normaliseInteger) when it is one, else the
 * text with surrounding spaces and newlines dropped (case kept: caps items are case-sensitive).
 */
export function extractPoolAnswer(output: string): string | null {
  const parsed = parseCompletion(output);
  if (!parsed.ok) return null;
  const text = parsed.value.answer.replace(/^[ \n]+|[ \n]+$/g, '');
  return normaliseInteger(text) ?? (text.length > 0 ? text : null);
}

/** Reward 1 iff the output answers the item's true answer (never the example's, which may be wrong). */
export function verifyPoolItem(item: PoolItem, output: string): Verdict {
  if (item.hiddenLabel.kind !== 'echo' && item.hiddenLabel.kind !== 'caps')
    return verifyArithmetic(item, output);
  const parsed = parseCompletion(output);
  if (!parsed.ok) return rejected(parsed.reason);
  const word = (raw: string) => {
    const text = raw.replace(/^[ \n]+|[ \n]+$/g, '');
    return text.length > 0 ? text : null;
  };
  return judgeAnswer(parsed.value.answer, item.answer, word, 'a word');
}

export const instructionPoolWorld: TaskWorld<PoolItem, PoolOptions> = {
  id: 'instruction-pool',
  title: 'Instruction pool',
  description:
    'SFT examples of mixed quality (correct, wrong answer, garbled, trivial, hard) over add, sub, mul, echo ' +
    'and caps. The visible example may be flawed; its hidden label says how, for analysing what a data ' +
    'selector picks. Difficulty sets how dirty the pool is.',
  difficulties: DIFFICULTIES,
  defaultDifficulty: 2,
  generate: generatePoolItem,
  extractAnswer: extractPoolAnswer,
  verify: verifyPoolItem,
};
