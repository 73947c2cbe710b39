// The shape of a benchmark: a scenario runs in the engine worker against the GPU and returns rows
// of measurements plus the goals it checks. The Playwright runner (bench/) adds what only Node
// knows (git commit, CPU model) and takes medians over browser launches.
import type { AdapterFacts } from '../gpu/adapterFacts.ts';
import type { GpuContext } from '../gpu/device.ts';

export type BenchMode = 'quick' | 'full';
export type BenchValue = string | number | null;
export type BenchRow = Record<string, BenchValue>;

export interface BenchGoal {
  name: string;
  /** Key of the row values the goal reads, and how they combine. */
  unit: string;
  target: number;
  measured: number | null;
  met: boolean | null;
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

export interface BenchOptions {
  mode: BenchMode;
  seed: number;
  shard?: BenchShard;
}

/** Whether cell `i` of a scenario belongs to `shard` (all cells without one). */
export function inShard(i: number, shard: BenchShard | undefined): boolean {
  return !shard || i % shard.count === shard.index - 1;
}

export interface BenchContext {
  gpu: GpuContext;
  mode: BenchMode;
  seed: number;
  shard?: BenchShard;
  progress(update: BenchProgress): void;
  isCancelled(): boolean;
}

export interface ScenarioOutput {
  /** Columns that identify a row (the rest are measurements). */
  keys: string[];
  rows: BenchRow[];
  goals: BenchGoal[];
  notes: string[];
}

export interface BenchScenario {
  name: string;
  description: string;
  run(context: BenchContext): Promise<ScenarioOutput>;
}

export interface BenchResult extends ScenarioOutput {
  scenario: string;
  mode: BenchMode;
  seed: number;
  shard?: BenchShard;
  startedAt: string;
  durationMs: number;
  environment: { userAgent: string; hardwareConcurrency: number; adapter: AdapterFacts };
}

export function goal(name: string, unit: string, target: number, measured: number | null): BenchGoal {
  return { name, unit, target, measured, met: measured === null ? null : measured >= target };
}

/** What `npm run bench` writes: medians over browser launches, stamped with where it ran. */
export interface PublishedResult extends ScenarioOutput {
  scenario: string;
  mode: BenchMode;
  seed: number;
  launches: number;
  generatedAt: string;
  gitCommit: string;
  cpu: string;
  browser: string;
  adapter: AdapterFacts;
  /** Whether another heavy process shared the machine during the run (as far as the runner knows). */
  machineShared: boolean;
  /** Per-launch values of every numeric column, for spread. */
  spread: Record<string, { min: number; max: number }>[];
}

export function isPublishedResult(value: unknown): value is PublishedResult {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<PublishedResult>;
  return (
    typeof v.scenario === 'string' &&
    Array.isArray(v.rows) &&
    Array.isArray(v.keys) &&
    Array.isArray(v.goals) &&
    typeof v.launches === 'number'
  );
}
