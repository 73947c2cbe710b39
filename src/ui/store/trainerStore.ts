// The Trainer page's run: what it was asked, every step and evaluation so far, and its phase.
// Events from the engine are mirrored into IndexedDB (trainingRuns.ts) as they come, so that a
// reloaded page finds the run paused at its last checkpoint and can resume it.
import { create } from 'zustand';
import type {
  CheckpointFiles,
  EvalReport,
  SftPoint,
  TrainingEvent,
  TrainingRequest,
  TrainingStartRequest,
} from '../../engine/api.ts';
import { connectEngine, train } from '../../engine/client.ts';
import { downloadFolder } from '../download.ts';
import { type ShownError, toShownError } from './engineStore.ts';
import { useModelStore } from './modelStore.ts';
import {
  beginRun,
  clearRun,
  loadRun,
  type RunStatus,
  type StoredRun,
  saveCheckpoint,
  saveEval,
  saveMetricsChunk,
  updateRun,
} from './trainingRuns.ts';

export type TrainerPhase = 'idle' | 'restoring' | 'running' | 'pausing' | RunStatus;

interface TrainerState {
  phase: TrainerPhase;
  run: StoredRun | null;
  points: SftPoint[];
  evals: EvalReport[];
  checkpoint: CheckpointFiles | null;
  /** Whether the engine holds this run's model (trained or resumed in this page's lifetime). */
  modelInEngine: boolean;
  /** Why a run stopped early (divergence), or null. */
  message: string | null;
  error: ShownError | null;
  restore(): Promise<void>;
  start(
    start: Exclude<TrainingStartRequest, { from: 'checkpoint' }>,
    request: TrainingRequest,
  ): Promise<void>;
  resume(): Promise<void>;
  pause(): Promise<void>;
  cancel(): Promise<void>;
  download(name: string): Promise<void>;
  adoptModel(name: string): Promise<void>;
}

export const useTrainerStore = create<TrainerState>((set, get) => {
  const onEvent = (event: TrainingEvent) => {
    if (event.type === 'step') {
      const points = [...get().points, event.point];
      set({ points });
      void saveMetricsChunk(points);
    } else if (event.type === 'eval') {
      set({ evals: [...get().evals, event.report] });
      void saveEval(event.report);
    } else {
      set({ checkpoint: event.files });
      void saveCheckpoint(event.files);
    }
  };

  const drive = async (start: TrainingStartRequest, request: TrainingRequest) => {
    set({ phase: 'running', error: null, message: null, modelInEngine: true });
    try {
      const outcome = await train(connectEngine(), start, request, onEvent);
      const message = outcome.status === 'diverged' ? `${outcome.message} ${outcome.hint}` : null;
      await updateRun({ status: outcome.status, message });
      const run = get().run;
      set({ phase: outcome.status, message, run: run && { ...run, status: outcome.status, message } });
      if (outcome.status === 'diverged') {
        const step = get().checkpoint?.run.step ?? 0;
        set({ points: get().points.filter((p) => p.step <= step) });
      }
    } catch (error) {
      // A run that never took a step (its settings could not run) leaves nothing behind.
      if (get().points.length === 0 && !get().checkpoint) {
        await clearRun();
        set({ run: null });
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
    modelInEngine: false,
    message: null,
    error: null,

    async restore() {
      if (get().phase !== 'idle' || get().run) return;
      set({ phase: 'restoring' });
      try {
        const stored = await loadRun();
        if (!stored) return set({ phase: 'idle' });
        const step = stored.checkpoint?.run.step ?? 0;
        // A run that was going when the page went away continues from its last checkpoint.
        const status: RunStatus = stored.run.status === 'running' ? 'paused' : stored.run.status;
        set({
          phase: status,
          run: { ...stored.run, status },
          points: stored.points.filter((p) => p.step <= step || status === 'finished'),
          evals: stored.evals.filter((e) => e.step <= step || status === 'finished'),
          checkpoint: stored.checkpoint,
          message: stored.run.message,
        });
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
      await beginRun(run);
      set({ run: { ...run, id: 'current' }, points: [], evals: [], checkpoint: null });
      await drive(start, request);
    },

    async resume() {
      const { run, checkpoint } = get();
      if (!run || !checkpoint || get().phase === 'running') return;
      const step = checkpoint.run.step;
      set({
        points: get().points.filter((p) => p.step <= step),
        evals: get().evals.filter((e) => e.step <= step),
      });
      await updateRun({ status: 'running' });
      await drive({ from: 'checkpoint', files: checkpoint }, run.request);
    },

    async pause() {
      if (get().phase !== 'running') return;
      set({ phase: 'pausing' });
      await connectEngine().controlTraining('pause');
    },

    async cancel() {
      const phase = get().phase;
      if (phase === 'running' || phase === 'pausing') {
        await connectEngine().controlTraining('cancel');
      } else if (phase === 'paused') {
        await updateRun({ status: 'cancelled' });
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
