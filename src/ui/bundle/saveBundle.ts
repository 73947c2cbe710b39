// Saves a page's run as its run bundle (runBundle.ts, FORMATS.md) and downloads it as <name>.zip:
// the model from the engine (the ended job's own model while the engine holds it, else derived
// from the run's stored checkpoint), what every stored step left to show, the page's charts.
import type { Remote } from 'comlink';
import type {
  EngineApi,
  EvalReport,
  JobInfo,
  JobKind,
  JobTypesOf,
  RunCheckpointFiles,
} from '../../engine/api.ts';
import { TrainingError } from '../../engine/errors.ts';
import { downloadBlob } from '../download.ts';
import type { StoredRun } from '../store/trainingRuns.ts';
import { BundleError } from './bundleError.ts';
import { chartImages } from './chartImages.ts';
import { type RunBundle, writeBundle } from './runBundle.ts';

/** The lab's git commit, stamped by vite.config.ts (null outside a git checkout). */
declare const __LAB_COMMIT__: string | null;

export interface RunToSave<K extends JobKind> {
  kind: K;
  run: StoredRun<unknown, JobTypesOf<K>['settings']>;
  points: JobTypesOf<K>['point'][];
  evals: EvalReport[];
  latestSteps: number[];
  latestAt(step: number): Promise<JobTypesOf<K>['latest'] | null>;
  job: JobInfo | null;
  checkpoint: RunCheckpointFiles<K> | null;
}

/** The run's model as an HF folder, and the step its weights are from. */
async function modelOf<K extends JobKind>(state: RunToSave<K>, engine: Remote<EngineApi>) {
  const { job, run, checkpoint, points } = state;
  if (job && (run.status === 'finished' || run.status === 'cancelled')) {
    try {
      return { step: points.at(-1)?.step ?? 0, files: await engine.jobFiles(job.id) };
    } catch (error) {
      // The engine keeps its latest job's model only: after another job, the checkpoint serves.
      if (!(error instanceof TrainingError) || !checkpoint) throw error;
    }
  }
  if (!checkpoint) {
    throw new BundleError(
      'no-model',
      'This run has stored no checkpoint, so its bundle would have no model.',
      'Start a run and let it store its first checkpoint, then save the bundle.',
    );
  }
  return { step: checkpoint.run.step, files: await engine.checkpointModelFiles(checkpoint) };
}

/** @throws BundleError 'no-model' for a run with no model to save; the engine's errors */
export async function saveBundle<K extends JobKind>(
  name: string,
  state: RunToSave<K>,
  engine: Remote<EngineApi>,
): Promise<void> {
  const { kind, run, points, evals } = state;
  const model = await modelOf(state, engine);
  const perStep: RunBundle<K>['perStep'] = [];
  for (const step of state.latestSteps) {
    const value = await state.latestAt(step);
    if (value !== null) perStep.push({ step, value });
  }
  const bundle: RunBundle<K> = {
    name,
    run: {
      kind,
      status: run.status,
      message: run.message,
      steps: points.at(-1)?.step ?? 0,
      startedAt: run.startedAt,
      savedAt: new Date().toISOString(),
      commit: typeof __LAB_COMMIT__ === 'string' ? __LAB_COMMIT__ : null,
      startModel: run.startModel ?? null,
      start: run.start as RunBundle<K>['run']['start'],
      settings: run.settings,
      model: { step: model.step },
    },
    points,
    evals,
    perStep,
    model: model.files,
    charts: await chartImages(),
  };
  const zip = writeBundle(bundle);
  downloadBlob(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), `${name}.zip`);
}
