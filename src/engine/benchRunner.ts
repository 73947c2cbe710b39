// Runs one benchmark scenario for the engine: checks the request (a known scenario, quick or full,
// a valid shard) before any GPU work, then runs it and wraps its rows with what only the browser
// knows (user agent, cores, adapter) and when it ran.
import { SCENARIOS } from '../bench/registry.ts';
import type { BenchOptions, BenchProgress, BenchResult, BenchScenario } from '../bench/types.ts';
import type { GpuContext } from '../gpu/device.ts';
import { echo } from '../model/echo.ts';
import { BenchError } from './errors.ts';

export interface BenchHooks {
  progress: (update: BenchProgress) => void;
  isCancelled: () => boolean;
}

export function listScenarios(): { name: string; description: string }[] {
  return Object.values(SCENARIOS).map(({ name, description }) => ({ name, description }));
}

/** The scenario a request names, or a BenchError saying what is wrong with the request. */
export function resolveScenario(name: string, options: BenchOptions): BenchScenario {
  const scenario = SCENARIOS[name];
  if (!scenario) {
    throw new BenchError(
      `No benchmark scenario ${echo(name)}.`,
      `Known scenarios: ${Object.keys(SCENARIOS).join(', ')}`,
    );
  }
  if (options.mode !== 'quick' && options.mode !== 'full') {
    throw new BenchError(
      `Mode ${echo(String(options.mode))} is not quick or full.`,
      'Pass --quick or --full.',
    );
  }
  const shard = options.shard;
  if (
    shard &&
    !(
      Number.isInteger(shard.count) &&
      shard.count >= 1 &&
      Number.isInteger(shard.index) &&
      shard.index >= 1 &&
      shard.index <= shard.count
    )
  ) {
    throw new BenchError(
      `Shard ${shard.index}/${shard.count} is not i/n with 1 <= i <= n.`,
      'Pass --shard 2/4, say.',
    );
  }
  return scenario;
}

export async function runScenario(
  gpu: GpuContext,
  scenario: BenchScenario,
  options: BenchOptions,
  hooks: BenchHooks,
): Promise<BenchResult> {
  const { shard } = options;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const output = await scenario.run({
    gpu,
    mode: options.mode,
    seed: options.seed,
    shard,
    progress: hooks.progress,
    isCancelled: hooks.isCancelled,
  });
  return {
    ...output,
    scenario: scenario.name,
    mode: options.mode,
    seed: options.seed,
    ...(shard ? { shard } : {}),
    startedAt,
    durationMs: performance.now() - started,
    environment: {
      userAgent: navigator.userAgent,
      hardwareConcurrency: navigator.hardwareConcurrency,
      adapter: gpu.facts,
    },
  };
}
