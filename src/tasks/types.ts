// types.ts: the interface every task world implements, for the methods and the task browser.
// A world generates a Problem from an Rng and a difficulty, extracts an answer from a model output,
// and verifies an output with a reward and a human-readable reason.
// Example: arithmeticWorld.generate(new Rng(1), 2) -> e.g. { prompt: '47+85=', target: '<think>…<eos>', answer: '132' }

import type { Rng } from './rng.ts';

export interface Problem {
  /** Which world made it (a key of TASK_WORLDS). */
  worldId: string;
  difficulty: number;
  /** The model's input, without `<bos>` (the tokenizer or the caller prepends it). */
  prompt: string;
  /** The ideal completion in the world's training format; always ends with `<eos>`. */
  target: string;
  /** The canonical answer, as extractAnswer would return it from the target. */
  answer: string;
}

export interface Verdict {
  /** 1 for a correct output, 0 otherwise (no world gives partial credit). */
  reward: number;
  /** Why: 'correct', or what was wrong ('wrong answer: got 12, expected 13', 'no <answer> tag'). */
  reason: string;
  /** The normalised answer found in the output, or null when none could be extracted. */
  extracted: string | null;
}

export interface TaskWorld<P extends Problem = Problem, O = Record<string, never>> {
  id: string;
  title: string;
  /** One paragraph for the task browser: what the world is and what it teaches. */
  description: string;
  /** Allowed difficulty levels, easiest first, with a label each for the UI. */
  difficulties: readonly DifficultyLevel[];
  defaultDifficulty: number;
  generate(rng: Rng, difficulty: number, options?: Partial<O>): P;
  extractAnswer(output: string): string | null;
  verify(problem: P, output: string): Verdict;
}

export interface DifficultyLevel {
  level: number;
  label: string;
}

export function correct(extracted: string): Verdict {
  return { reward: 1, reason: 'correct', extracted };
}

export function rejected(reason: string, extracted: string | null = null): Verdict {
  return { reward: 0, reason, extracted };
}

/** Throws a RangeError naming the allowed levels when `difficulty` is not one of them. */
export function checkDifficulty(
  worldId: string,
  levels: readonly DifficultyLevel[],
  difficulty: number,
): void {
  if (!levels.some((d) => d.level === difficulty)) {
    const allowed = levels.map((d) => d.level).join(', ');
    throw new RangeError(`${worldId}: difficulty ${difficulty} is not one of ${allowed}`);
  }
}
