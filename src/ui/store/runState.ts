// The state of a page's training run as its store (runStore.ts) holds it and the pages read it,
// with its phases; and what a run bundle being viewed puts in the run's place (read-only, phase
// 'viewing'), and which fields of the page's own run Close puts back.
import type {
  EvalReport,
  JobInfo,
  JobKind,
  JobProgress,
  JobTypesOf,
  RunCheckpointFiles,
} from '../../engine/api.ts';
import { BundleError } from '../bundle/bundleError.ts';
import type { RunBundle } from '../bundle/runBundle.ts';
import type { ShownError } from './engineStore.ts';
import type { RunStatus, StoredRun } from './trainingRuns.ts';

/** 'pausing' and 'cancelling': asked for, until the job stops between two steps. */
export type RunPhase =
  | 'idle'
  | 'restoring'
  | 'starting'
  | 'running'
  | 'pausing'
  | 'cancelling'
  | 'viewing'
  | RunStatus;

/** Phases in which Start and Resume do nothing: a run is on its way or going, or a bundle is viewed. */
export function isBusy(phase: RunPhase): boolean {
  return (
    phase === 'restoring' ||
    phase === 'starting' ||
    phase === 'running' ||
    phase === 'pausing' ||
    phase === 'cancelling' ||
    phase === 'viewing'
  );
}

/** The bundle a page shows in its run's place: its folder name, last step, save date and status. */
export interface BundleViewing {
  name: string;
  step: number;
  savedAt: string;
  status: RunStatus;
}

export interface RunState<K extends JobKind, Start> {
  phase: RunPhase;
  run: StoredRun<Start, JobTypesOf<K>['settings']> | null;
  points: JobTypesOf<K>['point'][];
  evals: EvalReport[];
  checkpoint: RunCheckpointFiles<K> | null;
  latest: { step: number; value: JobTypesOf<K>['latest'] } | null;
  /** The steps that left a value to show (latestAt reads one), in order. */
  latestSteps: number[];
  /** The latest step's progress and ETA, in this page's lifetime. */
  progress: JobProgress | null;
  /** The engine's job of this run while the engine holds its model (this page's lifetime). */
  job: JobInfo | null;
  /** What happened to the run that the phase does not say (a divergence, a reload), or null. */
  message: string | null;
  error: ShownError | null;
  /** The bundle shown in place of the run, or null: the page's own run. */
  viewing: BundleViewing | null;
  restore(): Promise<void>;
  start(start: Start, settings: JobTypesOf<K>['settings']): Promise<void>;
  resume(): Promise<void>;
  pause(): Promise<void>;
  cancel(): Promise<void>;
  /** Asks the running job for a checkpoint (the page going hidden). */
  checkpointNow(): Promise<void>;
  download(name: string): Promise<void>;
  adoptModel(name: string): Promise<void>;
  /** What step `step` left to show (of the viewed bundle while viewing), or null. */
  latestAt(step: number): Promise<JobTypesOf<K>['latest'] | null>;
  /** Saves the run (not while it goes) as `<name>.zip`, its charts as the page shows them. */
  saveBundle(name: string): Promise<void>;
  /**
   * Shows `bundle` read-only in the run's place; the stored run stays as it is.
   * @throws BundleError 'busy' while the page's own run is on its way or going
   */
  view(bundle: RunBundle<K>): Promise<void>;
  /** Back to the page's own run. */
  closeView(): void;
}

const OWN = [
  'phase',
  'run',
  'points',
  'evals',
  'checkpoint',
  'latest',
  'latestSteps',
  'progress',
  'job',
] as const;

/** The fields of a page with no run (before its first, and as a new run starts). */
export const NO_RUN = {
  run: null,
  points: [],
  evals: [],
  checkpoint: null,
  latest: null,
  latestSteps: [],
  progress: null,
  job: null,
} as const satisfies Partial<RunState<JobKind, unknown>>;

/** The page's own run as it was when a bundle came into view: what closing the view puts back. */
export type OwnRun<K extends JobKind, Start> = Pick<
  RunState<K, Start>,
  (typeof OWN)[number] | 'message' | 'error'
>;

export function ownRun<K extends JobKind, Start>(state: RunState<K, Start>): OwnRun<K, Start> {
  const fields = [...OWN, 'message', 'error'] as const;
  return Object.fromEntries(fields.map((f) => [f, state[f]])) as OwnRun<K, Start>;
}

/** The state that shows `bundle` in the run's place: nothing of it is in this browser's store. */
export function viewedRun<K extends JobKind, Start>(
  kind: K,
  bundle: RunBundle<K>,
): OwnRun<K, Start> & { viewing: BundleViewing } {
  const { run, points, evals, perStep, name } = bundle;
  return {
    phase: 'viewing',
    viewing: { name, step: run.steps, savedAt: run.savedAt, status: run.status },
    run: {
      id: kind,
      startedAt: run.startedAt,
      start: run.start as Start,
      settings: run.settings,
      status: run.status,
      checkpointStep: run.model.step,
      message: run.message,
      startModel: run.startModel,
    },
    points,
    evals,
    checkpoint: null,
    latest: perStep.at(-1) ?? null,
    latestSteps: perStep.map((s) => s.step),
    progress: null,
    job: null,
    message: run.message,
    error: null,
  };
}

/** Why a bundle cannot be viewed while the page's own run is on its way or going. */
export function busyError(kind: JobKind): BundleError {
  return new BundleError(
    'busy',
    `This page's ${kind.toUpperCase()} run is going: viewing a bundle now would hide it.`,
    'Pause the run or let it finish, then open the bundle again.',
  );
}
