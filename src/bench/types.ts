// The shape of a benchmark: a scenario runs in the engine worker against the GPU and returns rows
// of measurements plus the goals it checks (the row and goal types are methods/scenario.ts's, which
// method scenarios share). The Playwright runner (bench/) adds what only Node knows (git commit,
// CPU model) and takes medians over browser launches; readPublished.ts checks a published file.
import type { AdapterFacts } from '../gpu/adapterFacts.ts';
import type { GpuContext } from '../gpu/device.ts';
import type { BenchMode, BenchProgress, BenchRow, BenchShard, ScenarioOutput } from '../methods/scenario.ts';

export type {
  BenchGoal,
  BenchMode,
  BenchProgress,
  BenchRow,
  BenchShard,
  BenchValue,
  MethodScenario,
  MethodScenarioContext,
  ResultSchema,
  ScenarioOutput,
} from '../methods/scenario.ts';
export { goal, goalAtMost, inShard, meets } from '../methods/scenario.ts';

export interface BenchOptions {
  mode: BenchMode;
  seed: number;
  shard?: BenchShard;
}

export interface BenchContext {
  gpu: GpuContext;
  mode: BenchMode;
  seed: number;
  shard?: BenchShard;
  progress(update: BenchProgress): void;
  isCancelled(): boolean;
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

/**
 * What `npm run bench` writes: medians over browser launches, stamped with where it ran. Its
 * schemaVersion is the layout of its rows; files written before versions have none (layout 1).
 */
export interface PublishedResult<R extends BenchRow = BenchRow> extends ScenarioOutput<R> {
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
    typeof v.launches === 'number' &&
    (v.schemaVersion === undefined || Number.isInteger(v.schemaVersion))
  );
}
