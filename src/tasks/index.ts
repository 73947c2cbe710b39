// index.ts: the registry of task worlds, for the methods and the UI's task browser.
// Every world implements TaskWorld (types.ts); look one up by id, or list them all in order.
// Example: generateProblem(TASK_WORLDS.arithmetic, 7, 2).prompt === the same text on every run.

import { arithmeticWorld } from './arithmetic.ts';
import { corpusWorld } from './corpus.ts';
import { instructionPoolWorld } from './instructionPool.ts';
import { judgeWorld } from './judge.ts';
import { multiSumWorld } from './multiSum.ts';
import { Rng } from './rng.ts';
import { textGameWorld } from './textGameWorld.ts';
import type { Problem, TaskWorld } from './types.ts';

export const TASK_WORLDS = {
  arithmetic: arithmeticWorld,
  'multi-sum': multiSumWorld,
  'text-game': textGameWorld,
  corpus: corpusWorld,
  judge: judgeWorld,
  'instruction-pool': instructionPoolWorld,
} as const;

export type WorldId = keyof typeof TASK_WORLDS;

/** The worlds in a fixed display order; typed loosely for generic code such as the browser. */
export const WORLD_LIST: readonly TaskWorld[] = Object.values(TASK_WORLDS);

export function isWorldId(id: string): id is WorldId {
  return Object.hasOwn(TASK_WORLDS, id);
}

/** Throws a RangeError naming the known ids for an unknown one. */
export function getWorld(id: string): TaskWorld {
  if (!isWorldId(id))
    throw new RangeError(`unknown task world '${id}'; known: ${Object.keys(TASK_WORLDS).join(', ')}`);
  return TASK_WORLDS[id];
}

/** One problem from a seed: the same (world, seed, difficulty, options) always gives the same problem. */
export function generateProblem<P extends Problem, O>(
  world: TaskWorld<P, O>,
  seed: number,
  difficulty = world.defaultDifficulty,
  options?: Partial<O>,
): P {
  return world.generate(new Rng(seed), difficulty, options);
}

export type { ArithmeticOptions, ArithmeticProblem } from './arithmetic.ts';
export type { ArithmeticOp } from './arithmeticCot.ts';
export type { CorpusDocument, CorpusOptions, CorpusProblem, TokenKind } from './corpus.ts';
export type { Completion, ReasoningMode } from './formats.ts';
export type { PoolItem, PoolKind, PoolOptions, Quality } from './instructionPool.ts';
export type { JudgeOptions, JudgeProblem } from './judge.ts';
export type { MultiSumOptions, MultiSumProblem, WorkerTask } from './multiSum.ts';
export type { TextGameOptions, TextGameProblem } from './textGameWorld.ts';
export type { DifficultyLevel, Problem, TaskWorld, Verdict } from './types.ts';
export { Rng };
