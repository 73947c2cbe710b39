// The one door between the UI and the GPU. The worker exposes an Engine (engine.ts) with Comlink;
// the UI holds a Remote<EngineApi> (client.ts); GPU tests call the same Engine in-process.
// Errors keep their class across the boundary (errorTransfer.ts).
import { type PublishedRead, readPublished } from '../bench/readPublished.ts';
import type {
  BenchMode,
  BenchOptions,
  BenchProgress,
  BenchResult,
  BenchRow,
  PublishedResult,
  ResultSchema,
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
import { formatBytes } from '../gpu/errors.ts';
import type { GpuEvent } from '../gpu/events.ts';
import type { ProfileEntry } from '../gpu/profiler.ts';
import {
  CRAEG_RESULTS,
  type CraegAssociationRow,
  type CraegCostRow,
  type CraegInterventionRow,
  type CraegRow,
} from '../methods/craeg/results.ts';
import { DEFAULT_GRPO, type GrpoJobSettings } from '../methods/grpo/grpoJob.ts';
import type { RolloutView } from '../methods/grpo/rolloutView.ts';
import type { JobKind, JobTypesOf } from '../methods/jobs.ts';
import {
  MULTIPLEX_RESULTS,
  type MultiplexGapRow,
  type MultiplexGreedyRow,
  type MultiplexPassRow,
  type MultiplexRetentionRow,
  type MultiplexRow,
  type MultiplexSummaryRow,
  type MultiplexTrainingRow,
} from '../methods/multiplex/results.ts';
import { METHODS, type MethodEntry, methodById } from '../methods/registry.ts';
import { rowsOf } from '../methods/scenario.ts';
import { BASE_MIX, EVAL_CATEGORIES, type EvalMode, type TaskMix } from '../methods/sft/baseMixture.ts';
import type { RandomStart } from '../methods/sft/job.ts';
import { MODEL_PRESETS, type ModelPreset } from '../methods/sft/modelPresets.ts';
import type { EvalSettings, SftJobSettings } from '../methods/sft/sftSettings.ts';
import { echo } from '../model/echo.ts';
import { SPECIAL_TOKENS } from '../model/specialTokens.ts';
import { VOCABULARY } from '../model/tokenizer.ts';
import { wilsonInterval } from '../stats/intervals.ts';
import { type Direction, type IntervalVerdict, intervalVerdict } from '../stats/verdict.ts';
import type { Problem, Verdict } from '../tasks/index.ts';
import type { EvalCategory } from '../train/evaluation.ts';
import type { GrpoPoint } from '../train/grpo/grpoRun.ts';
import type { EvalReport } from '../train/runLoop.ts';
import type { SftPoint, SftSettings } from '../train/sft.ts';
import type { EmbeddingMap } from './embeddingMap.ts';
import type {
  FreshJobRequest,
  JobAction,
  JobEvent,
  JobEventOf,
  JobInfo,
  JobOutcome,
  JobProgress,
  JobRequest,
  JobRequestOf,
  ResumeJobRequest,
} from './jobs/jobTypes.ts';
import type { RunCheckpointFiles, RunJson } from './jobs/runCheckpoint.ts';
import type { ModelCheck } from './modelCheck.ts';
import type { ModelCatalog, ModelInfo, RandomModelSpec, Rung, SavedModelInfo } from './modelService.ts';
import type { StepProfiles } from './stepProfiles.ts';
import { type Put, putAtomically } from './storage/putAtomically.ts';
import { recordBytes } from './storage/recordBytes.ts';
import { failStorage, type StorageFaultPlan } from './storage/storageFaults.ts';
import type { SavedThing } from './storage/storageFull.ts';
import type { TaskSampleRequest, TaskWorldInfo } from './taskService.ts';
import type { TextGenerateRequest, TextGenerationResult, TextStreamUpdate } from './textGeneration.ts';

export type {
  AdapterFacts,
  BenchMode,
  BenchOptions,
  BenchProgress,
  BenchResult,
  BenchRow,
  Candidate,
  CraegAssociationRow,
  CraegCostRow,
  CraegInterventionRow,
  CraegParams,
  CraegRow,
  CrowdingStep,
  Direction,
  EmbeddingMap,
  EvalCategory,
  EvalMode,
  EvalReport,
  EvalSettings,
  FinishReason,
  FreshJobRequest,
  GpuEvent,
  GrpoJobSettings,
  GrpoPoint,
  IntervalVerdict,
  JobAction,
  JobEvent,
  JobEventOf,
  JobInfo,
  JobKind,
  JobOutcome,
  JobProgress,
  JobRequest,
  JobRequestOf,
  JobTypesOf,
  MergeMode,
  MethodEntry,
  ModelCatalog,
  ModelCheck,
  ModelInfo,
  ModelPreset,
  MultiplexGapRow,
  MultiplexGreedyRow,
  MultiplexPassRow,
  MultiplexRetentionRow,
  MultiplexRow,
  MultiplexSettings,
  MultiplexSummaryRow,
  MultiplexTrace,
  MultiplexTrainingRow,
  Problem,
  ProfileEntry,
  PublishedRead,
  PublishedResult,
  Put,
  RandomModelSpec,
  RandomStart,
  ResultSchema,
  ResumeJobRequest,
  RolloutView,
  RunCheckpointFiles,
  Rung,
  RunJson,
  SamplingParams,
  SavedModelInfo,
  SavedThing,
  SftJobSettings,
  SftPoint,
  SftSettings,
  StepProfiles,
  StorageFaultPlan,
  TaskMix,
  TaskSampleRequest,
  TaskWorldInfo,
  TextGenerateRequest,
  TextGenerationResult,
  TextStreamUpdate,
  Verdict,
};
/**
 * The frozen special tokens and the whole vocabulary by id, for pages that render token streams;
 * isPublishedResult checks the shape of a published benchmark file (public/results/<scenario>.json)
 * and readPublished its scenario and row layout against a ResultSchema (CRAEG_RESULTS,
 * MULTIPLEX_RESULTS), whose typed rows rowsOf picks by part; intervalVerdict reads a difference's
 * 95% interval in words; the Trainer's choices (model shapes, the base task mix, the evaluation
 * categories); the methods' defaults and limits; the method registry; echo, how every message
 * quotes a value it was given; saving to this browser's storage (putAtomically: one transaction,
 * a full storage as a StorageFullError; recordBytes, formatBytes; failStorage, the test seam).
 */
export {
  BASE_MIX,
  CRAEG_RESULTS,
  DEFAULT_CRAEG,
  DEFAULT_GRPO,
  EVAL_CATEGORIES,
  echo,
  failStorage,
  formatBytes,
  intervalVerdict,
  isPublishedResult,
  MAX_MULTIPLEX_WIDTH,
  MERGE_MODES,
  METHODS,
  MODEL_PRESETS,
  MULTIPLEX_RESULTS,
  methodById,
  putAtomically,
  readPublished,
  recordBytes,
  rowsOf,
  SPECIAL_TOKENS,
  VOCABULARY,
  wilsonInterval,
};

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
   * Starts a training job of `request.kind` ('sft': the task mix from a seeded random init, the
   * loaded model or a checkpoint; 'grpo': GRPO on an arithmetic task from the loaded model or a
   * checkpoint, methods/jobs.ts) and runs it to its last step, a cancel or a divergence. `onEvent`
   * hears 'started' (the job's id, for controlJob and jobFiles) first, then every step with its
   * progress and ETA, evaluation, what a step leaves to show, checkpoint (files the caller keeps:
   * one at step 0 at once, then every few minutes, every `checkpointEvery` steps, on request, at a
   * pause and at the end; resume by passing them back as the start), pause and resume. A paused
   * job waits for resume or cancel; a checkpoint start brings its own settings.
   * @throws JobRunningError while another job runs or waits paused (one job at a time);
   *   TrainingError for settings that cannot run (details.field names the setting);
   *   CheckpointError for a bad checkpoint, one of another kind, or no loaded model;
   *   EngineNotReadyError, GpuDeviceLostError
   */
  startJob(request: JobRequest, onEvent?: (event: JobEvent) => void): Promise<JobOutcome>;

  /**
   * Steers the running job between its steps: 'pause' (a checkpoint, then it waits), 'resume',
   * 'cancel', or 'checkpoint' (one now, as the page goes hidden).
   * @throws TrainingError when `id` is not the running or paused job
   */
  controlJob(id: string, action: JobAction): Promise<void>;

  /**
   * The model of job `id` as an HF folder's files (config.json, model.safetensors, tokenizer.json,
   * tokenizer_config.json, onnx/model.onnx): as of its latest checkpoint while it runs or waits
   * paused, as it ended after. The engine keeps the latest job's model only.
   * @throws TrainingError when the engine does not hold that job's model
   */
  jobFiles(id: string): Promise<Record<string, Uint8Array>>;

  /**
   * The model of a run's checkpoint (its policy at the checkpoint's step) as jobFiles gives it:
   * for a run the engine no longer holds. Needs no GPU. @throws CheckpointError for malformed files
   */
  checkpointModelFiles(files: RunCheckpointFiles): Promise<Record<string, Uint8Array>>;

  /** The loaded model's folder, as jobFiles. @throws CheckpointError when none is loaded */
  loadedModelFiles(): Promise<Record<string, Uint8Array>>;

  /**
   * Makes the model of job `id` (default: the latest job) the loaded one (for the other pages),
   * named `name`, as jobFiles reads it.
   * @throws TrainingError when the engine does not hold that job's model; CheckpointError for a bad name
   */
  useTrainedModel(name: string, id?: string): Promise<ModelInfo>;

  /** Stops a running benchmark at its next measurement, or a generation at its next readback. */
  cancel(): Promise<void>;

  /** Destroys the GPU device, as a driver reset would: exercises the lost-device path. */
  simulateDeviceLoss(): Promise<void>;

  /** For tests: the engine's storage (saved models) refuses writes as a full disk does; null: off. */
  failStorage(plan: StorageFaultPlan | null): Promise<void>;
}
