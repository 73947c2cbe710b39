// The UI's handle on the engine: starts the worker once and wraps it with Comlink.
import { proxy, type Remote, wrap } from 'comlink';
import './errorTransfer.ts';
import type {
  BenchOptions,
  BenchProgress,
  BenchResult,
  EngineApi,
  GpuEvent,
  JobEvent,
  JobEventOf,
  JobKind,
  JobOutcome,
  JobRequestOf,
  TextGenerateRequest,
  TextGenerationResult,
  TextStreamUpdate,
} from './api.ts';

let engine: Remote<EngineApi> | null = null;

export function connectEngine(): Remote<EngineApi> {
  engine ??= wrap<EngineApi>(
    new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'engine' }),
  );
  return engine;
}

/** Subscribes to GPU events; the listener runs on the UI thread. */
export function subscribeToGpuEvents(
  target: Remote<EngineApi>,
  listener: (event: GpuEvent) => void,
): Promise<void> {
  return target.subscribe(proxy(listener));
}

/** Runs a benchmark scenario, calling `onProgress` on the UI thread between measurements. */
export function runBench(
  target: Remote<EngineApi>,
  name: string,
  options: BenchOptions,
  onProgress?: (progress: BenchProgress) => void,
): Promise<BenchResult> {
  return target.runBench(name, options, onProgress ? proxy(onProgress) : undefined);
}

/** Generates with the loaded model, calling `onUpdate` on the UI thread at every readback. */
export function generate(
  target: Remote<EngineApi>,
  request: TextGenerateRequest,
  onUpdate?: (update: TextStreamUpdate) => void,
): Promise<TextGenerationResult> {
  return target.generate(request, onUpdate ? proxy(onUpdate) : undefined);
}

/**
 * Starts a job of kind K, calling `onEvent` on the UI thread with that kind's events ('started'
 * first, with the job's id). EngineApi.startJob states what it sends and throws.
 */
export function startJob<K extends JobKind>(
  target: Remote<EngineApi>,
  request: JobRequestOf<K>,
  onEvent?: (event: JobEventOf<K>) => void,
): Promise<JobOutcome> {
  const listener = onEvent as ((event: JobEvent) => void) | undefined;
  return target.startJob(request, listener ? proxy(listener) : undefined);
}
