// What a method's benchmark scenario is: it runs in the engine worker, builds its GPU objects
// through the Workbench it is handed (never the device itself), and returns rows of measurements,
// the goals it checks and its notes. The bench layer (src/bench/) adds the scenarios that time
// kernels directly and wraps both kinds for the runner; the result types below are shared by both.
// A scenario with typed rows states their layout as a ResultSchema, which the page that reads the
// published file checks.
import type { Workbench } from '../train/workbench.ts';

export type BenchMode = 'quick' | 'full';
export type BenchValue = string | number | null;
export type BenchRow = Record<string, BenchValue>;

export interface BenchGoal {
  name: string;
  /** Key of the row values the goal reads, and how they combine. */
  unit: string;
  target: number;
  /** 'most': met when measured <= target (a latency); otherwise measured >= target. */
  bound?: 'least' | 'most';
  measured: number | null;
  met: boolean | null;
}

/** Whether `measured` meets the goal: at least its target, or at most for a 'most' goal. */
export function meets(g: Pick<BenchGoal, 'target' | 'bound'>, measured: number | null): boolean | null {
  if (measured === null) return null;
  return g.bound === 'most' ? measured <= g.target : measured >= g.target;
}

export interface BenchProgress {
  done: number;
  total: number;
  note: string;
}

/** Shard i of n (1-based): a scenario that supports it runs only every n-th of its cells. */
export interface BenchShard {
  index: number;
  count: number;
}

/** Whether cell `i` of a scenario belongs to `shard` (all cells without one). */
export function inShard(i: number, shard: BenchShard | undefined): boolean {
  return !shard || i % shard.count === shard.index - 1;
}

export interface ScenarioOutput<R extends BenchRow = BenchRow> {
  /** The layout of the rows (ResultSchema.version); absent: 1, the layout before versions. */
  schemaVersion?: number;
  /** Columns that identify a row (the rest are measurements). */
  keys: string[];
  rows: R[];
  goals: BenchGoal[];
  notes: string[];
}

export function goal(name: string, unit: string, target: number, measured: number | null): BenchGoal {
  return { name, unit, target, measured, met: meets({ target }, measured) };
}

/** A goal met when the measured value is at most the target (times, sizes). */
export function goalAtMost(name: string, unit: string, target: number, measured: number | null): BenchGoal {
  return { name, unit, target, bound: 'most', measured, met: meets({ target, bound: 'most' }, measured) };
}

export interface MethodScenarioContext {
  workbench: Workbench;
  mode: BenchMode;
  seed: number;
  shard?: BenchShard;
  progress(update: BenchProgress): void;
  isCancelled(): boolean;
}

export interface MethodScenario<R extends BenchRow = BenchRow> {
  name: string;
  description: string;
  run(context: MethodScenarioContext): Promise<ScenarioOutput<R>>;
}

/**
 * The rows one scenario publishes: its name, the version of their layout (bumped when a row's
 * fields change shape or meaning, so a page refuses a file of another layout) and, as a type only,
 * the row type that the scenario writes and the page reads.
 */
export interface ResultSchema<R extends BenchRow = BenchRow> {
  scenario: string;
  version: number;
  /** Never set: carries R from the scenario to the reader. */
  readonly row?: R;
}

export function resultSchema<R extends BenchRow>(scenario: string, version: number): ResultSchema<R> {
  return { scenario, version };
}

/** The rows of one part of a scenario whose rows are a union tagged by `part`. */
export function rowsOf<R extends BenchRow & { part: string }, P extends R['part']>(
  rows: readonly R[],
  part: P,
): Extract<R, { part: P }>[] {
  return rows.filter((r): r is Extract<R, { part: P }> => r.part === part);
}
