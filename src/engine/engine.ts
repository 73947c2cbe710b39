// The engine: owns the GPU context and runs every heavy request. It is plain TypeScript with no
// worker or DOM code, so GPU tests call it in-process; worker.ts exposes it with Comlink. What a
// visit may never use (benchmarks, jobs and the trainer, the kernel and model checks, step
// profiles) loads on first use: it is more than half of the worker's modules, which `npm start`
// serves one by one and every load parses (bench `coldstart`).
import type { BenchOptions, BenchProgress, BenchResult } from '../bench/types.ts';
import { acquireGpu, type GpuContext } from '../gpu/device.ts';
import type { GpuEvent } from '../gpu/events.ts';
import type { Problem } from '../tasks/index.ts';
import type {
  EngineApi,
  EngineStatus,
  JobAction,
  JobEvent,
  JobRequest,
  KernelCheck,
  RunCheckpointFiles,
} from './api.ts';
import { embeddingMap } from './embeddingMap.ts';
import { EngineNotReadyError } from './errors.ts';
import type { JobService } from './jobs/jobService.ts';
import { checkpointModelFiles, modelFolderFiles } from './modelFolder.ts';
import { fetchCatalog, ModelService, type RandomModelSpec } from './modelService.ts';
import { deleteSavedModel, listSavedModels } from './savedModels.ts';
import { failStorage, type StorageFaultPlan } from './storage/storageFaults.ts';
import { listTaskWorlds, sampleTasks, type TaskSampleRequest, verifyTask } from './taskService.ts';
import { generateText, type TextGenerateRequest, type TextStreamUpdate } from './textGeneration.ts';

export class Engine implements EngineApi {
  private gpu: GpuContext | null = null;
  private readonly listeners = new Set<(event: GpuEvent) => void>();
  private cancelled = false;
  private readonly models = new ModelService();
  private jobService: Promise<JobService> | null = null;
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
    const { checkMatmulKernels } = await import('./kernelCheck.ts');
    return checkMatmulKernels(this.ready(), seed);
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
    const { checkModel } = await import('./modelCheck.ts');
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
    const { profileSteps } = await import('./stepProfiles.ts');
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
    const { listScenarios } = await import('./benchRunner.ts');
    return listScenarios();
  }

  async runBench(
    name: string,
    options: BenchOptions,
    onProgress?: (progress: BenchProgress) => void,
  ): Promise<BenchResult> {
    const { resolveScenario, runScenario } = await import('./benchRunner.ts');
    const scenario = resolveScenario(name, options);
    const gpu = this.ready();
    this.cancelled = false;
    return runScenario(gpu, scenario, options, {
      progress: (update) => onProgress?.(update),
      isCancelled: () => this.cancelled,
    });
  }

  async startJob(request: JobRequest, onEvent?: (event: JobEvent) => void) {
    const gpu = this.ready();
    const [jobs, { Workbench }] = await Promise.all([this.jobs(), import('../train/workbench.ts')]);
    return jobs.start(
      new Workbench(gpu),
      request,
      () => this.models.loaded,
      (event) => onEvent?.(event),
    );
  }

  async controlJob(id: string, action: JobAction) {
    (await this.jobs()).control(id, action);
  }

  async embeddingMap() {
    const { config, weights } = this.models.loaded;
    return embeddingMap(config, weights);
  }

  async jobFiles(id: string) {
    const { config, weights } = (await this.jobs()).model(id);
    return modelFolderFiles(config, weights);
  }

  async checkpointModelFiles(files: RunCheckpointFiles) {
    return checkpointModelFiles(files);
  }

  async loadedModelFiles() {
    const { config, weights } = this.models.loaded;
    return modelFolderFiles(config, weights);
  }

  async useTrainedModel(name: string, id?: string) {
    const { config, weights } = (await this.jobs()).model(id);
    return this.exclusive(() => this.models.loadTrained(this.usableGpu(), name, config, weights));
  }

  /** The job service, loaded with the trainer on the first job request. */
  private jobs(): Promise<JobService> {
    // A failed load (the server gone, a stale chunk) is not kept: the next request tries again.
    this.jobService ??= import('./jobs/jobService.ts').then(
      ({ JobService }) => new JobService(),
      (error: unknown) => {
        this.jobService = null;
        throw error;
      },
    );
    return this.jobService;
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
  }

  async simulateDeviceLoss(): Promise<void> {
    this.ready().device.destroy();
  }

  async failStorage(plan: StorageFaultPlan | null): Promise<void> {
    failStorage(plan);
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
