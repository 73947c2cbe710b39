// The engine's one job service, for every kind of methods/jobs.ts: one job at a time (a second is
// refused with a JobRunningError naming the first); start resolved and settings checked before GPU
// work; a step-0 checkpoint at once, then as the run loop and JobControl ask; progress with ETA;
// pause (held until resume or cancel), cancel, checkpoint on request; the model kept for jobFiles.
import { type JobStart, jobHandler } from '../../methods/jobs.ts';
import { CheckpointError } from '../../model/checkpointError.ts';
import type { LlamaConfig } from '../../model/config.ts';
import type { ModelWeights } from '../../model/parameters.ts';
import type { RunCheckpoint, RunOutcome } from '../../train/runLoop.ts';
import type { Workbench } from '../../train/workbench.ts';
import { JobRunningError, TrainingError } from '../errors.ts';
import { JobControl } from './jobControl.ts';
import { ProgressClock } from './jobProgress.ts';
import type {
  FreshJobRequest,
  JobAction,
  JobEvent,
  JobInfo,
  JobOutcome,
  JobProgress,
  JobRequest,
} from './jobTypes.ts';
import {
  type DecodedRun,
  type RunCheckpointFiles,
  runCheckpointFromFiles,
  runCheckpointToFiles,
  startCheckpoint,
} from './runCheckpoint.ts';

export interface TrainedModel {
  config: LlamaConfig;
  weights: ModelWeights;
}

/** The events as this kind-agnostic service builds them; JobEvent states them per kind. */
type ServiceEvent =
  | Exclude<JobEvent, { type: 'step' | 'latest' | 'checkpoint' }>
  | { type: 'step'; point: { step: number }; progress: JobProgress }
  | { type: 'latest'; step: number; value: unknown }
  | { type: 'checkpoint'; files: RunCheckpointFiles };

type Emit = (event: ServiceEvent) => void | Promise<void>;

/** The handler, settings and start of a request; a checkpoint brings its own settings. */
function resolve(request: JobRequest, loaded: () => TrainedModel) {
  const handler = jobHandler(request.kind);
  if (request.start.from === 'checkpoint') {
    const run = runCheckpointFromFiles(request.start.files);
    if (run.kind !== request.kind) {
      throw new CheckpointError(
        `This is a checkpoint of a ${run.kind} job; a ${request.kind} job cannot resume from it.`,
        `Resume it as a ${run.kind} job, or choose a checkpoint of a ${request.kind} run.`,
        { file: 'run.json' },
      );
    }
    const { config, checkpoint, extras } = run;
    const start: JobStart<{ step: number }> = {
      config,
      weights: checkpoint.state.weights,
      extras,
      resume: checkpoint,
    };
    return { handler, settings: run.settings, start };
  }
  const { start: from, settings } = request as FreshJobRequest<typeof request.kind>;
  let model: TrainedModel;
  if (from.from === 'loaded') model = loaded();
  else if (handler.model) model = handler.model(from);
  else
    throw new TrainingError(
      `A ${request.kind} job cannot start from "${from.from}".`,
      'Start it from the loaded model or from one of its checkpoints.',
      { field: 'start' },
    );
  const { config, weights } = model;
  const start: JobStart<{ step: number }> = { config, weights, extras: handler.extras(weights) };
  return { handler, settings, start };
}

function settingsError(error: unknown): never {
  if (error instanceof RangeError)
    throw new TrainingError(`These settings cannot run: ${error.message}.`, 'Change the setting it names.');
  throw error;
}

function outcomeOf(id: string, outcome: RunOutcome): JobOutcome {
  if (outcome.status === 'paused')
    throw new Error('The run loop paused itself; the job service holds a pause until resume or cancel.');
  if (outcome.status !== 'diverged') return { id, status: outcome.status, step: outcome.step };
  const { message, hint } = outcome.error;
  return { id, status: 'diverged', step: outcome.step, message, hint };
}

export class JobService {
  private count = 0;
  private active: { info: JobInfo; control: JobControl } | null = null;
  /** The latest job's model: as of its latest checkpoint while it runs, as it ended after. */
  private latest: { id: string; model: TrainedModel } | null = null;

  /**
   * Runs `request` to its end; `emit` hears every event, 'started' (with the job's id) first.
   * @throws JobRunningError while another job runs or waits paused; TrainingError for settings
   *   that cannot run; CheckpointError for a bad checkpoint or no loaded model
   */
  async start(
    workbench: Workbench,
    request: JobRequest,
    loaded: () => TrainedModel,
    onEvent: (event: JobEvent) => void | Promise<void>,
  ): Promise<JobOutcome> {
    const emit = onEvent as Emit;
    if (this.active) throw this.runningError(this.active.info, this.active.control);
    const { handler, settings, start } = resolve(request, loaded);
    const problem = handler.check(settings, start.config);
    if (problem) throw new TrainingError(problem.message, problem.hint, { field: problem.field });
    const { kind } = request;
    const { config, extras } = start;
    const fromStep = start.resume?.step ?? 0;
    const info: JobInfo = { id: `${kind}-${++this.count}`, kind, steps: handler.steps(settings), fromStep };
    const clock = new ProgressClock(fromStep, info.steps);
    const control = new JobControl(fromStep, request.checkpointEvery, {
      paused: (step) => {
        clock.hold();
        void emit({ type: 'paused', step });
      },
      resumed: (step) => {
        clock.release();
        void emit({ type: 'resumed', step });
      },
    });
    this.active = { info, control };
    this.latest = { id: info.id, model: { config, weights: start.weights } };
    const files = (checkpoint: RunCheckpoint<{ step: number }>) =>
      runCheckpointToFiles({ kind, settings, config, checkpoint, extras } as DecodedRun);
    try {
      await emit({ type: 'started', job: info });
      if (!start.resume)
        await emit({ type: 'checkpoint', files: files(startCheckpoint(config, start.weights)) });
      const job = await handler
        .create(workbench, start, settings, {
          onStep: (point) => {
            control.stepped(point.step);
            void emit({ type: 'step', point, progress: clock.at(point.step) });
          },
          onEval: (report) => void emit({ type: 'eval', report }),
          onLatest: (step, value) => void emit({ type: 'latest', step, value }),
          onCheckpoint: async (checkpoint) => {
            control.checkpointed(checkpoint.step);
            this.latest = { id: info.id, model: { config, weights: checkpoint.state.weights } };
            await emit({ type: 'checkpoint', files: files(checkpoint) });
          },
          control: () => control.next(),
        })
        .catch(settingsError);
      try {
        const outcome = outcomeOf(info.id, await job.run());
        this.latest = { id: info.id, model: { config, weights: await job.trainedModel() } };
        return outcome;
      } finally {
        job.destroy();
      }
    } finally {
      this.active = null;
    }
  }

  /** @throws TrainingError when `id` is not the running (or paused) job */
  control(id: string, action: JobAction): void {
    if (this.active?.info.id !== id) {
      throw new TrainingError(
        `No job ${id} is running.`,
        this.active
          ? `The running job is ${this.active.info.id}.`
          : 'A reload ends the engine’s jobs: resume the run from its checkpoint.',
        { id },
      );
    }
    this.active.control.request(action);
  }

  /**
   * The model of job `id` (default: the latest job): as of its latest checkpoint while it runs or
   * waits paused, as it ended after. @throws TrainingError when the engine no longer holds it
   */
  model(id?: string): TrainedModel {
    if (!this.latest || (id !== undefined && this.latest.id !== id)) {
      throw new TrainingError(
        id === undefined
          ? 'No model has been trained in this session.'
          : `The engine no longer holds job ${id}'s model.`,
        this.latest
          ? `Only the latest job's model is kept (${this.latest.id}).`
          : 'Start a training run first.',
        { id: id ?? null },
      );
    }
    return this.latest.model;
  }

  private runningError(info: JobInfo, control: JobControl): JobRunningError {
    const kind = info.kind.toUpperCase();
    const paused = control.state === 'paused';
    return new JobRunningError(
      paused
        ? `A ${kind} job (${info.id}) is paused at step ${control.step}.`
        : `A ${kind} job (${info.id}) is running: step ${control.step} of ${info.steps}.`,
      paused
        ? 'One job runs at a time: resume it to its end or cancel it, then start again.'
        : 'One job runs at a time: wait for it to finish, or cancel it, then start again.',
      { id: info.id, kind: info.kind, state: control.state, step: control.step },
    );
  }
}
