// The shape of a benchmark: a scenario runs in the engine worker against the GPU and returns rows
// of measurements plus the goals it checks (the row and goal types are methods/scenario.ts's, which
// method scenarios share). The Playwright runner (bench/) adds what only Node knows (git commit,
// CPU model) and takes medians over browser launches.
import type { AdapterFacts } from '../gpu/adapterFacts.ts';
import type { GpuContext } from '../gpu/device.ts';
import type { BenchMode, BenchProgress, BenchShard, ScenarioOutput } from '../methods/scenario.ts';

export type {
  BenchGoal,
  BenchMode,
  BenchProgress,
  BenchRow,
  BenchShard,
  BenchValue,
  MethodScenario,
  MethodScenarioContext,
  ScenarioOutput,
} from '../methods/scenario.ts';
export { goal, inShard } from '../methods/scenario.ts';

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
