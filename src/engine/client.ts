// The UI's handle on the engine: starts the worker once and wraps it with Comlink.
import { proxy, type Remote, wrap } from 'comlink';
import './errorTransfer.ts';
import type {
  BenchOptions,
  BenchProgress,
  BenchResult,
  EngineApi,
  GpuEvent,
  GrpoJobSettings,
  RlEvent,
  RlOutcome,
  RlStartRequest,
  TextGenerateRequest,
  TextGenerationResult,
  TextStreamUpdate,
  TrainingEvent,
  TrainingOutcome,
  TrainingRequest,
  TrainingStartRequest,
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

/** Runs SFT, calling `onEvent` on the UI thread for every step, evaluation and checkpoint. */
export function train(
  target: Remote<EngineApi>,
  start: TrainingStartRequest,
  request: TrainingRequest,
  onEvent?: (event: TrainingEvent) => void,
): Promise<TrainingOutcome> {
  return target.train(start, request, onEvent ? proxy(onEvent) : undefined);
}

/** Runs GRPO, calling `onEvent` on the UI thread for every step, its rollouts, evaluation and checkpoint. */
export function trainRl(
  target: Remote<EngineApi>,
  start: RlStartRequest,
  settings: GrpoJobSettings,
  onEvent?: (event: RlEvent) => void,
): Promise<RlOutcome> {
  return target.trainRl(start, settings, onEvent ? proxy(onEvent) : undefined);
}
