// The one door between the UI and the GPU. The worker exposes an Engine (engine.ts) with Comlink;
// the UI holds a Remote<EngineApi> (client.ts); GPU tests call the same Engine in-process.
// Errors keep their class across the boundary (errorTransfer.ts).
import type {
  BenchMode,
  BenchOptions,
  BenchProgress,
  BenchResult,
  BenchRow,
  PublishedResult,
} from '../bench/types.ts';
import { isPublishedResult } from '../bench/types.ts';
import { type CraegParams, DEFAULT_CRAEG } from '../decoding/crowdingReference.ts';
import type { Candidate, CrowdingStep, FinishReason, MultiplexTrace } from '../decoding/generation.ts';
import {
  MAX_MULTIPLEX_WIDTH,
  MERGE_MODES,
  type MergeMode,
  type MultiplexSettings,
} from '../decoding/multiplexReference.ts';
import type { SamplingParams } from '../decoding/samplerReference.ts';
import type { AdapterFacts } from '../gpu/adapterFacts.ts';
import type { GpuEvent } from '../gpu/events.ts';
import type { ProfileEntry } from '../gpu/profiler.ts';
import { DEFAULT_GRPO, type GrpoJobSettings } from '../methods/grpo/grpoJob.ts';
import { METHODS, type MethodEntry } from '../methods/registry.ts';
import { BASE_MIX, EVAL_CATEGORIES, type EvalMode, type TaskMix } from '../methods/sft/baseMixture.ts';
import { SPECIAL_TOKENS } from '../model/specialTokens.ts';
import { VOCABULARY } from '../model/tokenizer.ts';
import { wilsonInterval } from '../stats/intervals.ts';
import type { Problem, Verdict } from '../tasks/index.ts';
import type { EvalCategory } from '../train/evaluation.ts';
import type { GrpoPoint } from '../train/grpo/grpoRun.ts';
import type { EvalReport } from '../train/runLoop.ts';
import type { SftPoint, SftSettings } from '../train/sft.ts';
import type { EmbeddingMap } from './embeddingMap.ts';
import type { ModelCheck } from './modelCheck.ts';
import type { ModelCatalog, ModelInfo, RandomModelSpec, Rung, SavedModelInfo } from './modelService.ts';
import type { GrpoCheckpointFiles, GrpoRunJson } from './rl/rlCheckpointFiles.ts';
import type { RlEvent, RlOutcome, RolloutView } from './rl/rlService.ts';
import type { StepProfiles } from './stepProfiles.ts';
import type { TaskSampleRequest, TaskWorldInfo } from './taskService.ts';
import type { TextGenerateRequest, TextGenerationResult, TextStreamUpdate } from './textGeneration.ts';
import type { CheckpointFiles, RunJson } from './training/checkpointFiles.ts';
import { MODEL_PRESETS, type ModelPreset } from './training/modelPresets.ts';
import type {
  EvalSettings,
  TrainingEvent,
  TrainingOutcome,
  TrainingRequest,
} from './training/trainingService.ts';

export type {
  AdapterFacts,
  BenchMode,
  BenchOptions,
  BenchProgress,
  BenchResult,
  BenchRow,
  Candidate,
  CheckpointFiles,
  CraegParams,
  CrowdingStep,
  EmbeddingMap,
  EvalCategory,
  EvalMode,
  EvalReport,
  EvalSettings,
  FinishReason,
  GpuEvent,
  GrpoCheckpointFiles,
  GrpoJobSettings,
  GrpoPoint,
  GrpoRunJson,
  MergeMode,
  MethodEntry,
  ModelCatalog,
  ModelCheck,
  ModelInfo,
  ModelPreset,
  MultiplexSettings,
  MultiplexTrace,
  Problem,
  ProfileEntry,
  PublishedResult,
  RandomModelSpec,
  RlEvent,
  RlOutcome,
  RolloutView,
  Rung,
  RunJson,
  SamplingParams,
  SavedModelInfo,
  SftPoint,
  SftSettings,
  StepProfiles,
  TaskMix,
  TaskSampleRequest,
  TaskWorldInfo,
  TextGenerateRequest,
  TextGenerationResult,
  TextStreamUpdate,
  TrainingEvent,
  TrainingOutcome,
  TrainingRequest,
  Verdict,
};
/**
 * The frozen special tokens and the whole vocabulary by id, for pages that render token streams;
 * isPublishedResult checks the shape of a published benchmark file (public/results/<scenario>.json);
 * the Trainer's choices (model shapes, the base task mix, the evaluation categories); the methods'
 * defaults and limits; the method registry.
 */
export {
  BASE_MIX,
  DEFAULT_CRAEG,
  DEFAULT_GRPO,
  EVAL_CATEGORIES,
  isPublishedResult,
  MAX_MULTIPLEX_WIDTH,
  MERGE_MODES,
  METHODS,
  MODEL_PRESETS,
  SPECIAL_TOKENS,
  VOCABULARY,
  wilsonInterval,
};

/** Where an RL run starts: the loaded model's weights, or a checkpoint of an RL run. */
export type RlStartRequest = { from: 'loaded' } | { from: 'checkpoint'; files: GrpoCheckpointFiles };

/** Where a training run starts: a seeded random init of a preset, the loaded model, or a checkpoint. */
export type TrainingStartRequest =
  | { from: 'random'; preset: ModelPreset; seed: number }
  | { from: 'loaded' }
  | { from: 'checkpoint'; files: CheckpointFiles };

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
   * Loads public/models/<name>/: onto the GPU, or onto the CPU reference when there is no WebGPU.
   * The previous model stays until the new one is ready.
   * @throws CheckpointError for a bad name, a missing folder or a malformed checkpoint;
   *   GpuDeviceLostError, GpuOutOfMemoryError
   */
  loadModel(name: string): Promise<ModelInfo>;

  /**
   * Loads a checkpoint folder's files (config.json, model.safetensors, optional tokenizer.json)
   * chosen by the user, and keeps them in this browser (IndexedDB) as `name`.
   * @throws CheckpointError naming the missing or malformed file
   */
  loadModelFiles(name: string, files: Record<string, Uint8Array>): Promise<ModelInfo>;

  /** Models kept in this browser, newest first. */
  listSavedModels(): Promise<SavedModelInfo[]>;

  /** @throws CheckpointError when there is no such saved model or it no longer loads */
  loadSavedModel(id: string): Promise<ModelInfo>;

  deleteSavedModel(id: string): Promise<void>;

  /**
   * A random init of the tiny config with the given HF keys changed (untrained).
   * @throws CheckpointError naming a config key that is not valid
   */
  createRandomModel(spec: RandomModelSpec): Promise<ModelInfo>;

  /** The loaded model, or null; works without WebGPU. */
  modelInfo(): Promise<ModelInfo | null>;

  /** Frees the loaded model's GPU memory. */
  unloadModel(): Promise<void>;

  /**
   * Runs a seeded random prompt through the loaded model's GPU forward and the CPU reference.
   * @throws CheckpointError when no model is loaded or it runs on the CPU rung; GpuDeviceLostError
   */
  checkModel(seed: number): Promise<ModelCheck>;

  /**
   * Generates from text prompts with the loaded model, calling `onUpdate` with the new text at
   * every readback; cancel() ends it early. Runs on the model's rung (GPU or CPU reference).
   * @throws CheckpointError when no model is loaded; TokenizerError for a character outside the
   *   vocabulary; RangeError for a bad request; GpuDeviceLostError
   */
  generate(
    request: TextGenerateRequest,
    onUpdate?: (update: TextStreamUpdate) => void,
  ): Promise<TextGenerationResult>;

  /**
   * The loaded model's unit embedding rows on their first two principal components (the
   * decoding microscope's map). @throws CheckpointError when no model is loaded
   */
  embeddingMap(): Promise<EmbeddingMap>;

  /**
   * Per-kernel GPU timelines (timestamp queries) of one decode step and one training step of the
   * loaded model, each entry naming its WGSL file and entry point; supported: false without
   * timestamp queries.
   * @throws CheckpointError when no model is loaded; EngineNotReadyError, GpuDeviceLostError
   */
  profileSteps(): Promise<StepProfiles>;

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
    options: BenchOptions,
    onProgress?: (progress: BenchProgress) => void,
  ): Promise<BenchResult>;

  /**
   * Runs SFT on the task mix (train/sft.ts) until the last step, a pause, a cancel or a divergence,
   * calling `onEvent` for every step, evaluation and checkpoint (files the caller keeps; resume by
   * passing them back as the start). A checkpoint start brings its own settings and mix.
   * @throws TrainingError for settings that cannot run or a second run; CheckpointError for a bad
   *   checkpoint or no loaded model; EngineNotReadyError, GpuDeviceLostError
   */
  train(
    start: TrainingStartRequest,
    request: TrainingRequest,
    onEvent?: (event: TrainingEvent) => void,
  ): Promise<TrainingOutcome>;

  /** Pauses (saving a checkpoint) or cancels the running training at its next step. */
  controlTraining(command: 'pause' | 'cancel'): Promise<void>;

  /**
   * Runs GRPO (train/grpo, methods/grpo) from the loaded model or an RL checkpoint until the last
   * step, a pause, a cancel or a divergence, calling `onEvent` for every step (its point and its
   * scored rollouts), evaluation and checkpoint. A checkpoint start brings its own settings.
   * @throws TrainingError for settings that cannot run or a second run; CheckpointError for a bad
   *   checkpoint or no loaded model; EngineNotReadyError, GpuDeviceLostError
   */
  trainRl(
    start: RlStartRequest,
    settings: GrpoJobSettings,
    onEvent?: (event: RlEvent) => void,
  ): Promise<RlOutcome>;

  /** Pauses (saving a checkpoint) or cancels the running RL run at its next step. */
  controlRl(command: 'pause' | 'cancel'): Promise<void>;

  /**
   * The model of the latest SFT or RL run started, as an HF folder's files (config.json, model.safetensors,
   * tokenizer.json, tokenizer_config.json, onnx/model.onnx).
   * @throws TrainingError when nothing was trained in this session
   */
  trainedModelFiles(): Promise<Record<string, Uint8Array>>;

  /** The loaded model's folder, as trainedModelFiles. @throws CheckpointError when none is loaded */
  loadedModelFiles(): Promise<Record<string, Uint8Array>>;

  /**
   * Makes the model of the latest SFT or RL run the loaded one (for the other pages), named `name`.
   * @throws TrainingError when nothing was trained; CheckpointError for a bad name
   */
  useTrainedModel(name: string): Promise<ModelInfo>;

  /** Stops a running benchmark at its next measurement, or a generation at its next readback. */
  cancel(): Promise<void>;

  /** Destroys the GPU device, as a driver reset would: exercises the lost-device path. */
  simulateDeviceLoss(): Promise<void>;
}
