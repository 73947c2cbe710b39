// A page's training run as a zustand store, shared by the Trainer (SFT) and the RL page (GRPO):
// what the run was asked, every step and evaluation so far, its latest checkpoint and phase, and
// what its latest step left to show (the RL page's rollouts). Engine events are mirrored into
// IndexedDB (trainingRuns.ts) as they come, so a reloaded page finds the run paused at its last
// checkpoint and can resume it; a run that diverged keeps its last good checkpoint.
import { create } from 'zustand';
import type { EvalReport, TrainingOutcome } from '../../engine/api.ts';
import { connectEngine } from '../../engine/client.ts';
import { downloadFolder } from '../download.ts';
import { type ShownError, toShownError } from './engineStore.ts';
import { useModelStore } from './modelStore.ts';
import { type RunKind, type RunStatus, runStorage, type StoredRun } from './trainingRuns.ts';

export type RunPhase = 'idle' | 'restoring' | 'running' | 'pausing' | RunStatus;

/** The events every trainer sends; `latest` carries what a step leaves to show. */
export type RunEvent<Point, Files, Latest> =
  | { type: 'step'; point: Point }
  | { type: 'eval'; report: EvalReport }
  | { type: 'checkpoint'; files: Files }
  | { type: 'latest'; step: number; value: Latest };

export interface RunState<Start, Request, Point, Files, Latest> {
  phase: RunPhase;
  run: StoredRun<Start, Request> | null;
  points: Point[];
  evals: EvalReport[];
  checkpoint: Files | null;
  latest: { step: number; value: Latest } | null;
  /** Whether the engine holds this run's model (trained or resumed in this page's lifetime). */
  modelInEngine: boolean;
  /** Why a run stopped early (divergence), or null. */
  message: string | null;
  error: ShownError | null;
  restore(): Promise<void>;
  start(start: Start, request: Request): Promise<void>;
  resume(): Promise<void>;
  pause(): Promise<void>;
  cancel(): Promise<void>;
  download(name: string): Promise<void>;
  adoptModel(name: string): Promise<void>;
}

export interface RunDriver<Start, Request, Point, Files, Latest> {
  kind: RunKind;
  /** Runs the job from `start` (or the checkpoint `files`), sending its events. */
  train(
    start: Start | { from: 'checkpoint'; files: Files },
    request: Request,
    onEvent: (event: RunEvent<Point, Files, Latest>) => void,
  ): Promise<TrainingOutcome>;
  control(command: 'pause' | 'cancel'): Promise<void>;
}

export function createRunStore<
  Start,
  Request,
  Point extends { step: number },
  Files extends { run: { step: number } },
  Latest = never,
>(driver: RunDriver<Start, Request, Point, Files, Latest>) {
  const storage = runStorage<Start, Request, Point, Files, Latest>(driver.kind);
  type State = RunState<Start, Request, Point, Files, Latest>;

  return create<State>((set, get) => {
    const onEvent = (event: RunEvent<Point, Files, Latest>) => {
      if (event.type === 'step') {
        const points = [...get().points, event.point];
        set({ points });
        void storage.saveMetricsChunk(points);
      } else if (event.type === 'eval') {
        set({ evals: [...get().evals, event.report] });
        void storage.saveEval(event.report);
      } else if (event.type === 'checkpoint') {
        set({ checkpoint: event.files });
        void storage.saveCheckpoint(event.files);
      } else {
        set({ latest: { step: event.step, value: event.value } });
        void storage.saveLatest(event.step, event.value);
      }
    };

    /** Keeps what a resume from the checkpoint will replay, and nothing after it. */
    const upToCheckpoint = () => {
      const step = get().checkpoint?.run.step ?? 0;
      const latest = get().latest;
      set({
        points: get().points.filter((p) => p.step <= step),
        evals: get().evals.filter((e) => e.step <= step),
        latest: latest && latest.step <= step ? latest : null,
      });
    };

    const drive = async (start: Start | { from: 'checkpoint'; files: Files }, request: Request) => {
      set({ phase: 'running', error: null, message: null, modelInEngine: true });
      try {
        const outcome = await driver.train(start, request, onEvent);
        const message = outcome.status === 'diverged' ? `${outcome.message} ${outcome.hint}` : null;
        await storage.update({ status: outcome.status, message });
        const run = get().run;
        set({ phase: outcome.status, message, run: run && { ...run, status: outcome.status, message } });
        if (outcome.status === 'diverged') upToCheckpoint();
      } catch (error) {
        // A run that never took a step (its settings could not run) leaves nothing behind.
        if (get().points.length === 0 && !get().checkpoint) {
          await storage.clear();
          set({ run: null, evals: [] });
        }
        set({ phase: get().checkpoint ? 'paused' : 'idle', error: toShownError(error) });
      }
    };

    return {
      phase: 'idle',
      run: null,
      points: [],
      evals: [],
      checkpoint: null,
      latest: null,
      modelInEngine: false,
      message: null,
      error: null,

      async restore() {
        if (get().phase !== 'idle' || get().run) return;
        set({ phase: 'restoring' });
        try {
          const stored = await storage.load();
          if (!stored) return set({ phase: 'idle' });
          // A run that was going when the page went away continues from its last checkpoint.
          const status: RunStatus = stored.run.status === 'running' ? 'paused' : stored.run.status;
          set({
            phase: status,
            run: { ...stored.run, status },
            points: stored.points,
            evals: stored.evals,
            checkpoint: stored.checkpoint,
            latest: stored.latest,
            message: stored.run.message,
          });
          if (status !== 'finished') upToCheckpoint();
        } catch (error) {
          set({ phase: 'idle', error: toShownError(error) });
        }
      },

      async start(start, request) {
        if (get().phase === 'running' || get().phase === 'pausing') return;
        const run = {
          startedAt: new Date().toISOString(),
          start,
          request,
          status: 'running' as const,
          checkpointStep: 0,
          message: null,
        };
        await storage.begin(run);
        set({ run: { ...run, id: driver.kind }, points: [], evals: [], checkpoint: null, latest: null });
        await drive(start, request);
      },

      async resume() {
        const { run, checkpoint } = get();
        if (!run || !checkpoint || get().phase === 'running') return;
        upToCheckpoint();
        await storage.update({ status: 'running' });
        await drive({ from: 'checkpoint', files: checkpoint }, run.request);
      },

      async pause() {
        if (get().phase !== 'running') return;
        set({ phase: 'pausing' });
        await driver.control('pause');
      },

      async cancel() {
        const phase = get().phase;
        if (phase === 'running' || phase === 'pausing') {
          await driver.control('cancel');
        } else if (phase === 'paused') {
          await storage.update({ status: 'cancelled' });
          set({ phase: 'cancelled' });
        }
      },

      async download(name) {
        try {
          downloadFolder(name, await connectEngine().trainedModelFiles());
        } catch (error) {
          set({ error: toShownError(error) });
        }
      },

      async adoptModel(name) {
        try {
          const info = await connectEngine().useTrainedModel(name);
          useModelStore.setState({ info, error: null });
        } catch (error) {
          set({ error: toShownError(error) });
        }
      },
    };
  });
}
