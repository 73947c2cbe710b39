// The job registry: each kind of training job a method offers → its handler, and the contract a
// handler fills (Workbench, start, settings, hooks → a running job). The engine's one job service
// (engine/jobs/jobService.ts) adds progress, pause / resume / cancel and checkpoints. A new kind is
// a JobTypes bag and a handler in the method's folder, plus one line in JOB_HANDLERS.
import type { LlamaConfig } from '../model/config.ts';
import type { ModelWeights } from '../model/parameters.ts';
import type { EvalReport, RunCheckpoint, RunControl, RunOutcome } from '../train/runLoop.ts';
import type { Workbench } from '../train/workbench.ts';
import { grpoJob } from './grpo/job.ts';
import { sftJob } from './sft/job.ts';

/** The types of one kind of job: what its request carries and what its events carry. */
export interface JobTypes {
  /** Everything the job runs by; kept in its checkpoints (a resumed job brings its own). */
  settings: unknown;
  /** One step's measurements, as the charts and the checkpoint history hold them. */
  point: { step: number };
  /** Starts of the method's own beside the loaded model and a checkpoint (never: none). */
  start: unknown;
  /** What a step leaves for the page to show (GRPO: its scored rollouts); never: nothing. */
  latest: unknown;
}

/** A setting that cannot run: what is wrong, what to do, and which setting. */
export interface SettingsProblem {
  message: string;
  hint: string;
  field: string;
}

/** Where a job's GPU objects start from, as the service resolved the request. */
export interface JobStart<Point> {
  config: LlamaConfig;
  /** The weights it trains from (a resumed job: its checkpoint's). */
  weights: ModelWeights;
  /** The job's extras (JobHandler.extras), from its start or its checkpoint. */
  extras: Record<string, ModelWeights>;
  /** A resumed job's checkpoint; absent for a fresh job. */
  resume?: RunCheckpoint<Point>;
}

/** What the service hears from a running job, and how it steers it between steps. */
export interface JobHooks<Point, Latest> {
  onStep(point: Point): void;
  onEval(report: EvalReport): void;
  onLatest(step: number, value: Latest): void;
  onCheckpoint(checkpoint: RunCheckpoint<Point>): Promise<void>;
  control(): RunControl | Promise<RunControl>;
}

export interface RunningJob {
  /** Trains to the last step, a cancel or a divergence (the service's control decides). */
  run(): Promise<RunOutcome>;
  /** The weights being trained, read from the GPU as of now (call between runs, not during one). */
  trainedModel(): Promise<ModelWeights>;
  destroy(): void;
}

export interface JobHandler<T extends JobTypes> {
  /** The step a job of these settings ends at. */
  steps(settings: T['settings']): number;
  /** Why `settings` cannot run on a model of `config`, or null; asked before any GPU work. */
  check(settings: T['settings'], config: LlamaConfig): SettingsProblem | null;
  /** The config and weights of a start of the method's own (absent: it has none). */
  model?(start: T['start']): { config: LlamaConfig; weights: ModelWeights };
  /** Named weights a fresh job keeps beside its state in every checkpoint (GRPO: its reference). */
  extras(weights: ModelWeights): Record<string, ModelWeights>;
  /** The job's GPU objects, ready to run(). @throws RangeError for settings that cannot run */
  create(
    workbench: Workbench,
    start: JobStart<T['point']>,
    settings: T['settings'],
    hooks: JobHooks<T['point'], T['latest']>,
  ): Promise<RunningJob>;
}

export const JOB_HANDLERS = {
  sft: sftJob,
  grpo: grpoJob,
} as const;

export type JobKind = keyof typeof JOB_HANDLERS;

/** The JobTypes of one kind, read off its handler (of each kind, for a union of kinds). */
export type JobTypesOf<K extends JobKind> = K extends JobKind
  ? (typeof JOB_HANDLERS)[K] extends JobHandler<infer T>
    ? T
    : never
  : never;

/**
 * The handler of `kind` as the kind-agnostic job service drives it: its settings come from the
 * request or checkpoint of the same kind, so the types the handler states hold.
 */
export function jobHandler(kind: JobKind): JobHandler<JobTypes> {
  return JOB_HANDLERS[kind] as unknown as JobHandler<JobTypes>;
}

export function isJobKind(value: unknown): value is JobKind {
  return typeof value === 'string' && Object.hasOwn(JOB_HANDLERS, value);
}
