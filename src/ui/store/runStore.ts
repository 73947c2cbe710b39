// A page's training run as a zustand store over the engine's one job API (Trainer: SFT, RL: GRPO):
// settings, steps, evaluations, progress and ETA, latest checkpoint and phase, mirrored into
// IndexedDB (trainingRuns.ts). Start and Resume take effect once (the phase is 'starting' within
// the click); a hidden page asks for a checkpoint; a reload is back at it, naming the steps lost.
// The run saves as one bundle (zip); a bundle opened is viewed read-only in the run's place
// (phase 'viewing', nothing stored) until Close brings the page's own run back. A save the full
// storage refuses is reported with what to free (storageStore.ts) while the run goes on in memory.
import { create } from 'zustand';
import type {
  FreshJobRequest,
  JobEventOf,
  JobInfo,
  JobKind,
  JobRequestOf,
  JobTypesOf,
  RunCheckpointFiles,
} from '../../engine/api.ts';
import { connectEngine, startJob } from '../../engine/client.ts';
import { GpuDeviceLostError, StorageFullError } from '../../engine/errors.ts';
import { saveBundle } from '../bundle/saveBundle.ts';
import { downloadFolder } from '../download.ts';
import { toShownError, useEngineStore } from './engineStore.ts';
import { useModelStore } from './modelStore.ts';
import { onPageHide } from './pageHide.ts';
import {
  heldInMemory,
  LOST_BEFORE_CHECKPOINT,
  lostWithReload,
  resumedAfterDeviceLoss,
} from './runNotices.ts';
import { busyError, isBusy, NO_RUN, type OwnRun, ownRun, type RunState, viewedRun } from './runState.ts';
import { useStorageStore } from './storageStore.ts';
import { runStorage } from './trainingRuns.ts';

export { type BundleViewing, isBusy, type RunPhase, type RunState } from './runState.ts';

/**
 * The store of `kind`'s runs. `Start` is where a run starts as the page keeps it (an engine start
 * plus what the page shows of it); `checkpointEvery` adds step-count checkpoints to the timed ones.
 */
export function createRunStore<K extends JobKind, Start extends FreshJobRequest<K>['start']>(
  kind: K,
  options: { checkpointEvery?: number } = {},
) {
  type Settings = JobTypesOf<K>['settings'];
  type State = RunState<K, Start>;
  const storage = runStorage<
    Start,
    Settings,
    JobTypesOf<K>['point'],
    RunCheckpointFiles<K>,
    JobTypesOf<K>['latest']
  >(kind);
  const engine = () => connectEngine();
  /** The job whose startJob is pending (running or paused), and that call's handling. */
  let live: JobInfo | null = null;
  let driving: Promise<void> = Promise.resolve();
  /** Bumped by every start and resume: a superseded call's ending changes nothing. */
  let generation = 0;
  let restoring: Promise<void> = Promise.resolve();
  /** While a bundle is viewed: the page's own run, and the bundle's values by step. */
  let own: OwnRun<K, Start> | null = null;
  let viewed: Map<number, JobTypesOf<K>['latest']> | null = null;

  return create<State>((set, get) => {
    /** The notice of a checkpoint held in memory only, while the page shows it. */
    let heldMessage: string | null = null;
    /** Waits for a save: one the full storage refused is reported and returned (the run goes on). */
    const saved = (write: Promise<void>): Promise<StorageFullError | null> =>
      write.then(
        () => null,
        (error: unknown) => {
          if (!(error instanceof StorageFullError)) throw error;
          useStorageStore.getState().report(error);
          return error;
        },
      );

    /** Stores a checkpoint; a refused one stays the run's in memory and the page says so. */
    const keepCheckpoint = async (files: RunCheckpointFiles<K>) => {
      set({ checkpoint: files });
      const run = get().run;
      const refused = run && (await saved(storage.saveCheckpoint(files, run)));
      const { step } = files.run;
      if (refused) {
        const keptStep = refused.details.keptStep as number | null;
        heldMessage = heldInMemory(step, keptStep);
        useStorageStore.getState().hold(kind, { step, keptStep });
        set({ message: heldMessage });
      } else {
        useStorageStore.getState().hold(kind, null);
        if (heldMessage !== null && get().message === heldMessage) set({ message: null });
      }
    };

    const onEvent = (event: JobEventOf<K>): Promise<void> | undefined => {
      if (event.type === 'started') {
        live = event.job;
        set({ job: event.job, phase: 'running' });
      } else if (event.type === 'step') {
        const points = [...get().points, event.point];
        set({ points, progress: event.progress });
        void saved(storage.saveMetricsChunk(points));
      } else if (event.type === 'eval') {
        // A run resumed from its step-0 checkpoint evaluates step 0 again: the new report replaces.
        set({ evals: [...get().evals.filter((e) => e.step !== event.report.step), event.report] });
        void saved(storage.saveEval(event.report));
      } else if (event.type === 'latest') {
        const latestSteps = [...get().latestSteps.filter((s) => s < event.step), event.step];
        set({ latest: { step: event.step, value: event.value }, latestSteps });
        void saved(storage.saveLatest(event.step, event.value));
      } else if (event.type === 'checkpoint') {
        // A job of kind K sends checkpoints of kind K (TypeScript cannot narrow a generic kind).
        // The engine waits for this, so a pause is reported only once its checkpoint is stored.
        return keepCheckpoint(event.files as RunCheckpointFiles<K>);
      } else {
        const status = event.type === 'paused' ? 'paused' : 'running';
        set({ phase: status });
        void saved(storage.update({ status }));
      }
    };

    /** Keeps what a resume from the checkpoint will replay, and nothing after it. */
    const upToCheckpoint = () => {
      const step = get().checkpoint?.run.step ?? 0;
      const latestSteps = get().latestSteps.filter((s) => s <= step);
      const beyond = (get().latest?.step ?? 0) > step;
      set({
        points: get().points.filter((p) => p.step <= step),
        evals: get().evals.filter((e) => e.step <= step),
        latestSteps,
        ...(beyond && { latest: null }),
      });
      // The inspector shows the last step kept again while the steps after it are replayed.
      const last = latestSteps.at(-1);
      if (beyond && last !== undefined)
        void storage.latestAt(last).then((value) => {
          if (value !== null && !get().latest) set({ latest: { step: last, value } });
        });
    };

    const drive = (request: JobRequestOf<K>): Promise<void> => {
      const mine = ++generation;
      driving = (async () => {
        try {
          const outcome = await startJob(engine(), request, onEvent);
          live = null;
          if (mine !== generation) return;
          const message = outcome.status === 'diverged' ? `${outcome.message} ${outcome.hint}` : null;
          await saved(storage.update({ status: outcome.status, message }));
          const run = get().run;
          set({ phase: outcome.status, message, run: run && { ...run, status: outcome.status, message } });
          if (outcome.status === 'diverged') upToCheckpoint();
        } catch (error) {
          live = null;
          if (mine !== generation) return;
          // A run that never took a step (its settings could not run, another job was going)
          // leaves nothing behind; one that did stays paused at its checkpoint.
          if (get().points.length === 0) {
            await storage.clear();
            set({ run: null, evals: [], checkpoint: null, latest: null, latestSteps: [] });
          } else await saved(storage.update({ status: 'paused' }));
          set({ phase: get().run ? 'paused' : 'idle', error: toShownError(error) });
          if (
            get().run &&
            (error instanceof GpuDeviceLostError || useEngineStore.getState().phase === 'lost')
          )
            await carryOverDeviceLoss();
        }
      })();
      return driving;
    };

    /**
     * The GPU device went away under the run: acquire a new one and go on from the last checkpoint
     * (its files hold the weights and optimizer state), saying which steps are trained again. If no
     * device comes back, the run stays paused with the loss explained.
     */
    const carryOverDeviceLoss = async () => {
      const checkpoint = get().checkpoint;
      if (!checkpoint) return;
      const lostAt = get().points.at(-1)?.step ?? checkpoint.run.step;
      await useEngineStore.getState().start();
      if (useEngineStore.getState().phase !== 'ready' || get().phase !== 'paused') return;
      const message = resumedAfterDeviceLoss(lostAt, checkpoint.run.step);
      set({ error: null });
      // resume() clears the message before its first await; the notice goes up right after.
      const resuming = get().resume();
      set({ message });
      await resuming;
    };

    const restoreStored = async () => {
      try {
        const stored = await storage.load();
        if (!stored) return set({ phase: 'idle' });
        let { status, message } = stored.run;
        if (status === 'running') {
          // The page went away while the run was going: it is back at its last checkpoint.
          const last = stored.points.at(-1)?.step ?? 0;
          status = stored.checkpoint ? 'paused' : 'cancelled';
          message = stored.checkpoint
            ? lostWithReload(stored.checkpoint.run.step, last)
            : LOST_BEFORE_CHECKPOINT;
          await saved(storage.update({ status, message }));
        }
        set({
          phase: status,
          run: { ...stored.run, status, message },
          points: stored.points,
          evals: stored.evals,
          checkpoint: stored.checkpoint,
          latest: stored.latest,
          latestSteps: stored.latestSteps,
          message,
        });
        if (status !== 'finished') upToCheckpoint();
      } catch (error) {
        set({ phase: 'idle', error: toShownError(error) });
      }
    };

    onPageHide(() => void get().checkpointNow());

    return {
      ...NO_RUN,
      phase: 'idle',
      message: null,
      error: null,
      viewing: null,

      restore() {
        if (get().phase !== 'idle' || get().run) return restoring;
        set({ phase: 'restoring' });
        restoring = restoreStored();
        return restoring;
      },

      async start(start, settings) {
        if (isBusy(get().phase)) return;
        set({ phase: 'starting', error: null, message: null });
        if (live) {
          // A paused job of this page holds the engine: it ends before the new run starts.
          generation++;
          await engine().controlJob(live.id, 'cancel');
          await driving;
        }
        const run = {
          startedAt: new Date().toISOString(),
          start,
          settings,
          status: 'running' as const,
          checkpointStep: 0,
          message: null,
          startModel: start.from === 'loaded' ? (useModelStore.getState().info?.name ?? null) : null,
        };
        await saved(storage.begin(run));
        heldMessage = null;
        useStorageStore.getState().hold(kind, null);
        set({ ...NO_RUN, run: { ...run, id: kind } });
        await drive({ kind, start, settings, checkpointEvery: options.checkpointEvery } as JobRequestOf<K>);
      },

      async resume() {
        const { run, checkpoint, phase } = get();
        if (phase !== 'paused' || !run || !checkpoint) return;
        set({ phase: 'starting', error: null, message: null });
        if (live) {
          // The engine still holds the paused job: it goes on where it stopped.
          try {
            await engine().controlJob(live.id, 'resume');
          } catch (error) {
            set({ phase: 'paused', error: toShownError(error) });
          }
          return;
        }
        upToCheckpoint();
        await saved(storage.update({ status: 'running', message: null }));
        await drive({
          kind,
          start: { from: 'checkpoint', files: checkpoint },
          checkpointEvery: options.checkpointEvery,
        } as JobRequestOf<K>);
      },

      async pause() {
        if (get().phase !== 'running' || !live) return;
        set({ phase: 'pausing' });
        await engine().controlJob(live.id, 'pause');
      },

      async cancel() {
        if (live) {
          // The job stops between two steps (and hands back its model): until then it is no
          // longer running, and the page shows no ETA for it.
          set({ phase: 'cancelling' });
          await engine().controlJob(live.id, 'cancel');
        } else if (get().phase === 'paused') {
          await saved(storage.update({ status: 'cancelled' }));
          set({ phase: 'cancelled' });
        }
      },

      async checkpointNow() {
        if (get().phase !== 'running' || !live) return;
        try {
          await engine().controlJob(live.id, 'checkpoint');
        } catch (error) {
          set({ error: toShownError(error) });
        }
      },

      async download(name) {
        const job = get().job;
        if (!job) return;
        try {
          downloadFolder(name, await engine().jobFiles(job.id));
        } catch (error) {
          set({ error: toShownError(error) });
        }
      },

      async adoptModel(name) {
        const job = get().job;
        if (!job) return;
        try {
          const info = await engine().useTrainedModel(name, job.id);
          useModelStore.setState({ info, error: null });
        } catch (error) {
          set({ error: toShownError(error) });
        }
      },

      async latestAt(step) {
        return viewed ? (viewed.get(step) ?? null) : storage.latestAt(step);
      },

      async saveBundle(name) {
        const { run, phase } = get();
        if (!run || isBusy(phase)) return;
        await saveBundle(name, { kind, ...get(), run }, engine());
      },

      async view(bundle) {
        await get().restore();
        const { phase } = get();
        if (isBusy(phase) && phase !== 'viewing') throw busyError(kind);
        own ??= ownRun(get());
        viewed = new Map(bundle.perStep.map(({ step, value }) => [step, value]));
        set(viewedRun<K, Start>(kind, bundle));
      },

      closeView() {
        if (!own) return;
        set({ ...own, viewing: null });
        own = null;
        viewed = null;
      },
    };
  });
}
