// The one door between the UI and the GPU. The worker exposes an Engine (engine.ts) with Comlink;
// the UI holds a Remote<EngineApi> (client.ts); GPU tests call the same Engine in-process.
// Errors keep their class across the boundary (errorTransfer.ts).
import type { BenchMode, BenchProgress, BenchResult, PublishedResult } from '../bench/types.ts';
import { isPublishedResult } from '../bench/types.ts';
import type { AdapterFacts } from '../gpu/adapterFacts.ts';
import type { GpuEvent } from '../gpu/events.ts';
import { SPECIAL_TOKENS } from '../model/specialTokens.ts';
import type { Problem, Verdict } from '../tasks/index.ts';
import type { ModelCatalog, ModelCheck, ModelInfo } from './modelService.ts';
import type { TaskSampleRequest, TaskWorldInfo } from './taskService.ts';

export type {
  AdapterFacts,
  BenchMode,
  BenchProgress,
  BenchResult,
  GpuEvent,
  ModelCatalog,
  ModelCheck,
  ModelInfo,
  Problem,
  PublishedResult,
  TaskSampleRequest,
  TaskWorldInfo,
  Verdict,
};
/** The frozen special tokens, for pages that render token streams. */
/** Checks the shape of a published benchmark file (public/results/<scenario>.json). */
export { isPublishedResult, SPECIAL_TOKENS };

export interface EngineStatus {
  adapter: AdapterFacts;
  /** Bytes of GPU memory held by the engine's live buffers. */
  gpuBytesInUse: number;
  liveBuffers: number;
  pipelinesCompiled: number;
  /** The loaded model, or null before loadModel succeeded. */
  model: ModelInfo | null;
}

export interface KernelCheck {
  kernel: string;
  shape: string;
  maxAbsDiff: number;
  tolerance: string;
  ok: boolean;
  gpuMs: number;
  gflops: number;
}

export interface EngineApi {
  /**
   * Acquires the GPU adapter and device. Safe to call again after a failure or a lost device.
   * @throws NoWebGpuError | InsecureContextError | NoAdapterError | DeviceRequestError
   */
  init(): Promise<EngineStatus>;

  /** @throws EngineNotReadyError before init() succeeded */
  status(): Promise<EngineStatus>;

  /** Calls `listener` for every device loss and uncaptured GPU error from now on. */
  subscribe(listener: (event: GpuEvent) => void): Promise<void>;

  /**
   * Runs each matmul kernel on seeded random inputs and compares it with the CPU reference.
   * @throws EngineNotReadyError, GpuDeviceLostError
   */
  checkKernels(seed: number): Promise<KernelCheck[]>;

  /**
   * The shipped models (public/models/index.json) and which one the lab opens with.
   * @throws CheckpointError when the catalog is missing or malformed
   */
  listModels(): Promise<ModelCatalog>;

  /**
   * Loads public/models/<name>/ onto the GPU; the previous model stays until the new one is ready.
   * @throws CheckpointError for a bad name, a missing folder or a malformed checkpoint;
   *   EngineNotReadyError, GpuDeviceLostError, GpuOutOfMemoryError
   */
  loadModel(name: string): Promise<ModelInfo>;

  /**
   * Runs a seeded random prompt through the loaded model's GPU forward and the CPU reference.
   * @throws CheckpointError when no model is loaded; EngineNotReadyError, GpuDeviceLostError
   */
  checkModel(seed: number): Promise<ModelCheck>;

  /** The task worlds, for the task browser. Needs no GPU. */
  listTaskWorlds(): Promise<TaskWorldInfo[]>;

  /**
   * `count` seeded problems of one world (seeds seed, seed+1, …). Needs no GPU.
   * @throws TaskError for an unknown world, difficulty or format
   */
  sampleTasks(request: TaskSampleRequest): Promise<Problem[]>;

  /**
   * The world's verdict on `output` as an answer to `problem`. Needs no GPU.
   * @throws TaskError for an unknown world or a problem of another world
   */
  verifyTask(worldId: string, problem: Problem, output: string): Promise<Verdict>;

  /** Names and descriptions of the benchmark scenarios. */
  listBenchScenarios(): Promise<{ name: string; description: string }[]>;

  /**
   * Runs one benchmark scenario; `onProgress` is called between measurements.
   * @throws BenchError for an unknown scenario, EngineNotReadyError, GpuDeviceLostError
   */
  runBench(
    name: string,
    options: { mode: BenchMode; seed: number },
    onProgress?: (progress: BenchProgress) => void,
  ): Promise<BenchResult>;

  /** Stops a running benchmark at its next measurement. */
  cancel(): Promise<void>;

  /** Destroys the GPU device, as a driver reset would: exercises the lost-device path. */
  simulateDeviceLoss(): Promise<void>;
}
