// The job API's types, as the UI and the pretrain script see them: a request is a discriminated
// union by kind (one variant per kind of methods/jobs.ts, read off its handler's JobTypes), every
// job sends the same events (its id first, then steps with progress and ETA, evaluations, what a
// step leaves to show, checkpoints as files, pauses and resumes), and ends in one outcome.
import type { JobKind, JobTypesOf } from '../../methods/jobs.ts';
import type { EvalReport } from '../../train/runLoop.ts';
import type { RunCheckpointFiles } from './runCheckpoint.ts';

/** A new job of kind K: from the loaded model or a start of the method's own, with its settings. */
export interface FreshJobRequest<K extends JobKind> {
  kind: K;
  start: { from: 'loaded' } | JobTypesOf<K>['start'];
  settings: JobTypesOf<K>['settings'];
  /** Also checkpoint every this many steps (checkpoints come every few minutes regardless). */
  checkpointEvery?: number;
}

/** A job of kind K resumed from its checkpoint, which brings its own settings. */
export interface ResumeJobRequest<K extends JobKind> {
  kind: K;
  start: { from: 'checkpoint'; files: RunCheckpointFiles<K> };
  checkpointEvery?: number;
}

export type JobRequestOf<K extends JobKind> = K extends JobKind
  ? FreshJobRequest<K> | ResumeJobRequest<K>
  : never;

export type JobRequest = JobRequestOf<JobKind>;

export type JobAction = 'pause' | 'resume' | 'cancel' | 'checkpoint';

export interface JobInfo {
  /** The engine's name for the job, e.g. 'sft-1': controlJob and jobFiles take it. */
  id: string;
  kind: JobKind;
  /** The step it ends at, and the step it started from (a resumed job: its checkpoint's). */
  steps: number;
  fromStep: number;
}

export interface JobProgress {
  step: number;
  steps: number;
  /** Wall-clock time per step in this job so far (evaluations included, pauses not). */
  msPerStep: number;
  /** msPerStep times the steps still to go. */
  etaMs: number;
}

export type JobEventOf<K extends JobKind> = K extends JobKind
  ?
      | { type: 'started'; job: JobInfo }
      | { type: 'step'; point: JobTypesOf<K>['point']; progress: JobProgress }
      | { type: 'eval'; report: EvalReport }
      | { type: 'latest'; step: number; value: JobTypesOf<K>['latest'] }
      | { type: 'checkpoint'; files: RunCheckpointFiles<K> }
      | { type: 'paused'; step: number }
      | { type: 'resumed'; step: number }
  : never;

export type JobEvent = JobEventOf<JobKind>;

/** How a job ended (a paused job has not ended: it waits for resume or cancel). */
export type JobOutcome =
  | { id: string; status: 'finished' | 'cancelled'; step: number }
  | { id: string; status: 'diverged'; step: number; message: string; hint: string };
