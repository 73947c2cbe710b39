// Task worlds as the engine serves them to the UI's task browser: world descriptions, seeded
// samples and verdicts. Pure computation (no GPU), so the task browser works without WebGPU.

import { methodsUsingWorld } from '../methods/registry.ts';
import { echo } from '../model/echo.ts';
import {
  generateProblem,
  getWorld,
  isWorldId,
  type Problem,
  TASK_WORLDS,
  type TaskWorld,
  type Verdict,
} from '../tasks/index.ts';
import { TaskError } from './errors.ts';

export interface TaskWorldInfo {
  id: string;
  title: string;
  description: string;
  /** The methods that use it (from the method registry). */
  usedBy: string[];
  difficulties: { level: number; label: string }[];
  defaultDifficulty: number;
  /** Training formats the world can render its targets in (first is the default). */
  formats: string[];
}

export interface TaskSampleRequest {
  worldId: string;
  difficulty: number;
  seed: number;
  count: number;
  format?: string;
  /** Arithmetic only: the operation, and exact operands instead of drawn ones (a >= b for sub). */
  op?: string;
  operands?: [number, number];
}

const ARITHMETIC_OPS = ['add', 'sub', 'mul'];
/** The largest operand a digit count allows (a 2x2 multiplication at level 4). */
const MAX_OPERAND = 9999;

/** Worlds whose generator takes a `format` option, and the formats it accepts. */
const FORMATS: Record<string, string[]> = {
  arithmetic: ['think', 'plain', 'no_think', 'budget'],
  judge: ['think', 'no_think'],
};

export function listTaskWorlds(): TaskWorldInfo[] {
  return Object.values(TASK_WORLDS).map((world) => ({
    id: world.id,
    title: world.title,
    description: world.description,
    usedBy: methodsUsingWorld(world.id),
    difficulties: world.difficulties.map((d) => ({ ...d })),
    defaultDifficulty: world.defaultDifficulty,
    formats: FORMATS[world.id] ?? [],
  }));
}

function world(worldId: string) {
  if (!isWorldId(worldId)) {
    throw new TaskError(
      `There is no task world ${echo(worldId)}.`,
      `Known worlds: ${Object.keys(TASK_WORLDS).join(', ')}.`,
    );
  }
  return getWorld(worldId);
}

/** `count` problems from seeds seed, seed+1, …: the same request always gives the same problems. */
export function sampleTasks(request: TaskSampleRequest): Problem[] {
  const target = world(request.worldId);
  const levels = target.difficulties.map((d) => d.level);
  if (!levels.includes(request.difficulty)) {
    throw new TaskError(
      `Difficulty ${request.difficulty} does not exist in ${target.title}.`,
      `Choose one of ${levels.join(', ')}.`,
    );
  }
  const formats = FORMATS[target.id] ?? [];
  if (request.format !== undefined && !formats.includes(request.format)) {
    throw new TaskError(
      `${target.title} has no format ${echo(request.format)}.`,
      formats.length ? `Choose one of ${formats.join(', ')}.` : 'This world has one format.',
    );
  }
  const count = Math.max(1, Math.min(50, Math.floor(request.count)));
  // Only worlds listed in FORMATS take the option, and the check above kept it to their formats;
  // only arithmetic takes an operation and operands (checkArithmetic).
  const withOptions = target as unknown as TaskWorld<Problem, Record<string, unknown>>;
  const options = {
    ...(request.format ? { format: request.format } : {}),
    ...checkArithmetic(target.id, request),
  };
  try {
    return Array.from({ length: count }, (_, i) =>
      generateProblem(withOptions, request.seed + i, request.difficulty, options),
    );
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new TaskError(
      `${target.title} cannot pose that problem: ${error.message}.`,
      'Choose other operands.',
    );
  }
}

/** The operation and operands of an arithmetic request, checked; other worlds take neither. */
function checkArithmetic(
  worldId: string,
  request: TaskSampleRequest,
): { op?: string; operands?: [number, number] } {
  if (request.op === undefined && request.operands === undefined) return {};
  if (worldId !== 'arithmetic') {
    throw new TaskError('Only the arithmetic world takes an operation or operands.', 'Leave them out.');
  }
  if (request.op !== undefined && !ARITHMETIC_OPS.includes(request.op)) {
    throw new TaskError(
      `There is no operation ${echo(request.op)}.`,
      `Choose one of ${ARITHMETIC_OPS.join(', ')}.`,
    );
  }
  const operands = request.operands;
  if (operands && !operands.every((x) => Number.isInteger(x) && x >= 0 && x <= MAX_OPERAND)) {
    throw new TaskError(
      `Operands ${operands.join(', ')} are not whole numbers in 0..${MAX_OPERAND}.`,
      'Choose other operands.',
    );
  }
  if (operands && request.op === undefined) {
    throw new TaskError('Operands need an operation.', `Add op: one of ${ARITHMETIC_OPS.join(', ')}.`);
  }
  return { op: request.op, ...(operands ? { operands } : {}) };
}

export function verifyTask(worldId: string, problem: Problem, output: string): Verdict {
  const target = world(worldId);
  if (problem.worldId !== target.id) {
    throw new TaskError(
      `That problem belongs to ${problem.worldId}, not ${target.id}.`,
      'Verify it with its own world.',
    );
  }
  return target.verify(problem, output);
}
