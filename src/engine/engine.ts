// The engine: owns the GPU context and runs every heavy request. It is plain TypeScript with no
// worker or DOM code, so GPU tests call it in-process; worker.ts exposes it with Comlink.
import { SCENARIOS } from '../bench/registry.ts';
import type { BenchOptions, BenchProgress, BenchResult } from '../bench/types.ts';
import { acquireGpu, type GpuContext } from '../gpu/device.ts';
import { CommandBatch } from '../gpu/dispatch.ts';
import type { GpuEvent } from '../gpu/events.ts';
import { entryPointFor, Matmul, type MatmulLayout } from '../gpu/kernels/matmul.ts';
import { matmulReference } from '../gpu/kernels/matmulReference.ts';
import { Profiler } from '../gpu/profiler.ts';
import { readF32 } from '../gpu/readback.ts';
import type { GrpoJobSettings } from '../methods/grpo/grpoJob.ts';
import { saveCheckpoint } from '../model/checkpoint.ts';
import type { LlamaConfig } from '../model/config.ts';
import { exportOnnx } from '../model/onnx/export.ts';
import type { ModelWeights } from '../model/parameters.ts';
import type { Problem } from '../tasks/index.ts';
import { compareClose } from '../testing/allclose.ts';
import { randomArray } from '../testing/random.ts';
import type { EngineApi, EngineStatus, KernelCheck, RlStartRequest, TrainingStartRequest } from './api.ts';
import { embeddingMap } from './embeddingMap.ts';
import { BenchError, EngineNotReadyError } from './errors.ts';
import { checkModel } from './modelCheck.ts';
import { fetchCatalog, ModelService, type RandomModelSpec } from './modelService.ts';
import { type RlEvent, RlService } from './rl/rlService.ts';
import { deleteSavedModel, listSavedModels } from './savedModels.ts';
import { profileSteps } from './stepProfiles.ts';
import { listTaskWorlds, sampleTasks, type TaskSampleRequest, verifyTask } from './taskService.ts';
import { generateText, type TextGenerateRequest, type TextStreamUpdate } from './textGeneration.ts';
import { type TrainingEvent, type TrainingRequest, TrainingService } from './training/trainingService.ts';

const CHECK_TOLERANCE = { rtol: 1e-4, atol: 2e-5 };

/** A model as the files of its HF folder, onnx/model.onnx included (transformers.js reads it). */
function modelFolderFiles(config: LlamaConfig, weights: ModelWeights): Record<string, Uint8Array> {
  const encoder = new TextEncoder();
  const files: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(saveCheckpoint(config, weights)))
    files[name] = typeof data === 'string' ? encoder.encode(data) : data;
  files['onnx/model.onnx'] = exportOnnx(config, weights);
  return files;
}

export class Engine implements EngineApi {
  private gpu: GpuContext | null = null;
  private readonly listeners = new Set<(event: GpuEvent) => void>();
  private cancelled = false;
  private readonly models = new ModelService();
  private readonly training = new TrainingService();
  private readonly rl = new RlService();
  /** The job whose model trainedModelFiles and useTrainedModel hand out: the latest one started. */
  private lastTrained: TrainingService | RlService = this.training;
  private queue: Promise<unknown> = Promise.resolve();

  async init(): Promise<EngineStatus> {
    if (!this.gpu || this.gpu.lost) {
      // A model on a lost device is gone with it; the UI loads it again on the new one.
      this.models.unload();
      const gpu = await acquireGpu();
      gpu.events.subscribe((event) => {
        for (const listener of this.listeners) listener(event);
      });
      this.gpu = gpu;
    }
    return this.status();
  }

  async status(): Promise<EngineStatus> {
    const gpu = this.ready();
    return {
      adapter: gpu.facts,
      gpuBytesInUse: gpu.buffers.liveBytes,
      liveBuffers: gpu.buffers.liveCount,
      pipelinesCompiled: gpu.pipelines.size,
      model: this.models.info,
    };
  }

  async subscribe(listener: (event: GpuEvent) => void): Promise<void> {
    this.listeners.add(listener);
  }

  async checkKernels(seed: number): Promise<KernelCheck[]> {
    const gpu = this.ready();
    const matmul = new Matmul(gpu);
    const checks: KernelCheck[] = [];
    const shapes: [MatmulLayout, number, number, number][] = [
      ['nt', 1, 257, 255],
      ['nt', 5, 100, 64],
      ['nt', 64, 128, 96],
      ['nn', 17, 33, 64],
      ['tn', 96, 64, 40],
    ];
    try {
      for (const [layout, M, N, K] of shapes) {
        const shape = { layout, M, N, K };
        const a = randomArray(M * K, seed);
        const b = randomArray(N * K, seed + 1);
        const buffers = {
          a: gpu.buffers.upload('check.a', a),
          b: gpu.buffers.upload('check.b', b),
          c: gpu.buffers.create('check.c', 4 * M * N),
        };
        const profiler = Profiler.isSupported(gpu) ? new Profiler(gpu, 1) : undefined;
        const batch = new CommandBatch(gpu, 'check', profiler);
        await matmul.encode(batch, shape, buffers);
        const started = performance.now();
        batch.submit();
        const actual = await readF32(gpu, buffers.c, M * N);
        const wallMs = performance.now() - started;
        const gpuMs = profiler ? ((await profiler.read())[0]?.ms ?? wallMs) : wallMs;
        profiler?.destroy();
        for (const buffer of Object.values(buffers)) gpu.buffers.destroy(buffer);
        const report = compareClose(
          actual,
          matmulReference(new Float32Array(M * N), a, b, shape),
          CHECK_TOLERANCE,
        );
        checks.push({
          kernel: entryPointFor(shape, 'blocked').name,
          shape: `${M}×${N}×${K}`,
          maxAbsDiff: report.maxAbsDiff,
          tolerance: `rtol ${CHECK_TOLERANCE.rtol}, atol ${CHECK_TOLERANCE.atol}`,
          ok: report.ok,
          gpuMs,
          gflops: (2 * M * N * K) / gpuMs / 1e6,
        });
      }
    } finally {
      matmul.destroy();
    }
    return checks;
  }

  async listModels() {
    return fetchCatalog();
  }

  async loadModel(name: string) {
    return this.exclusive(() => this.models.loadShipped(this.usableGpu(), name));
  }

  async loadModelFiles(name: string, files: Record<string, Uint8Array>) {
    return this.exclusive(() => this.models.loadFiles(this.usableGpu(), name, files));
  }

  async listSavedModels() {
    return listSavedModels();
  }

  async loadSavedModel(id: string) {
    return this.exclusive(() => this.models.loadSaved(this.usableGpu(), id));
  }

  async deleteSavedModel(id: string) {
    await deleteSavedModel(id);
  }

  async createRandomModel(spec: RandomModelSpec) {
    return this.exclusive(() => this.models.loadRandom(this.usableGpu(), spec));
  }

  async modelInfo() {
    return this.models.info;
  }

  async unloadModel() {
    await this.exclusive(async () => this.models.unload());
  }

  async checkModel(seed: number) {
    return this.exclusive(() => checkModel(this.ready(), this.models.loaded, seed));
  }

  async generate(request: TextGenerateRequest, onUpdate?: (update: TextStreamUpdate) => void) {
    return this.exclusive(() => {
      this.cancelled = false;
      const model = this.models.loaded;
      if (model.gpu) this.ready();
      return generateText(model, request, onUpdate, () => this.cancelled);
    });
  }

  async profileSteps() {
    return this.exclusive(() => profileSteps(this.ready(), this.models.loaded));
  }

  async listTaskWorlds() {
    return listTaskWorlds();
  }

  async sampleTasks(request: TaskSampleRequest) {
    return sampleTasks(request);
  }

  async verifyTask(worldId: string, problem: Problem, output: string) {
    return verifyTask(worldId, problem, output);
  }

  async listBenchScenarios() {
    return Object.values(SCENARIOS).map(({ name, description }) => ({ name, description }));
  }

  async runBench(
    name: string,
    options: BenchOptions,
    onProgress?: (progress: BenchProgress) => void,
  ): Promise<BenchResult> {
    const scenario = SCENARIOS[name];
    if (!scenario) {
      throw new BenchError(
        `No benchmark scenario "${name}".`,
        `Known scenarios: ${Object.keys(SCENARIOS).join(', ')}`,
      );
    }
    if (options.mode !== 'quick' && options.mode !== 'full') {
      throw new BenchError(`Mode "${options.mode}" is not quick or full.`, 'Pass --quick or --full.');
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
    const gpu = this.ready();
    this.cancelled = false;
    const startedAt = new Date().toISOString();
    const started = performance.now();
    const output = await scenario.run({
      gpu,
      mode: options.mode,
      seed: options.seed,
      shard,
      progress: (update) => onProgress?.(update),
      isCancelled: () => this.cancelled,
    });
    return {
      ...output,
      scenario: name,
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

  async train(
    start: TrainingStartRequest,
    request: TrainingRequest,
    onEvent?: (event: TrainingEvent) => void,
  ) {
    const gpu = this.ready();
    const from = start.from === 'loaded' ? this.loadedWeights() : start;
    this.lastTrained = this.training;
    return this.training.run(gpu, from, request, (event) => onEvent?.(event));
  }

  async controlTraining(command: 'pause' | 'cancel') {
    this.training.command(command);
  }

  async trainRl(start: RlStartRequest, settings: GrpoJobSettings, onEvent?: (event: RlEvent) => void) {
    const gpu = this.ready();
    const from = start.from === 'loaded' ? this.loadedWeights() : start;
    this.lastTrained = this.rl;
    return this.rl.run(gpu, from, settings, (event) => onEvent?.(event));
  }

  async controlRl(command: 'pause' | 'cancel') {
    this.rl.command(command);
  }

  async embeddingMap() {
    const { config, weights } = this.models.loaded;
    return embeddingMap(config, weights);
  }

  async trainedModelFiles() {
    const { config, weights } = await this.lastTrained.trainedModel();
    return modelFolderFiles(config, weights);
  }

  async loadedModelFiles() {
    const { config, weights } = this.models.loaded;
    return modelFolderFiles(config, weights);
  }

  async useTrainedModel(name: string) {
    const { config, weights } = await this.lastTrained.trainedModel();
    return this.exclusive(() => this.models.loadTrained(this.usableGpu(), name, config, weights));
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
  }

  async simulateDeviceLoss(): Promise<void> {
    this.ready().device.destroy();
  }

  /** The loaded model as a training start. @throws CheckpointError when none is loaded */
  private loadedWeights() {
    const { config, weights } = this.models.loaded;
    return { from: 'weights' as const, config, weights };
  }

  /** Runs model work one request at a time: generations share the model's GPU workspaces. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The GPU when it is up; null means the CPU rung (no WebGPU, or not started). */
  private usableGpu(): GpuContext | null {
    return this.gpu && !this.gpu.lost ? this.gpu : null;
  }

  private ready(): GpuContext {
    if (!this.gpu) throw new EngineNotReadyError();
    if (this.gpu.lost) throw this.gpu.lost;
    return this.gpu;
  }
}
