// The Trainer's runs in IndexedDB, so that a reload loses at most the steps since the last
// checkpoint: the run's request and status, its metrics in chunks of CHUNK steps (written as they
// fill, so a long run never rewrites its whole history), its evaluations, and its latest
// checkpoint's files. One run is current; starting a new one replaces it.
import { type DBSchema, openDB } from 'idb';
import type {
  CheckpointFiles,
  EvalReport,
  SftPoint,
  TrainingRequest,
  TrainingStartRequest,
} from '../../engine/api.ts';

export const CHUNK = 50;

export type RunStatus = 'running' | 'paused' | 'finished' | 'cancelled' | 'diverged';

export interface StoredRun {
  id: string;
  startedAt: string;
  /** Where it started (a checkpoint start is never stored: resuming keeps the original). */
  start: Exclude<TrainingStartRequest, { from: 'checkpoint' }>;
  request: TrainingRequest;
  status: RunStatus;
  /** The step of the stored checkpoint (0: none yet). */
  checkpointStep: number;
  message: string | null;
}

interface RunsDb extends DBSchema {
  runs: { key: string; value: StoredRun };
  metrics: { key: [string, number]; value: { runId: string; chunk: number; points: SftPoint[] } };
  evals: { key: [string, number]; value: { runId: string; step: number; report: EvalReport } };
  checkpoints: { key: string; value: { runId: string; files: CheckpointFiles } };
}

const CURRENT = 'current';

function database() {
  return openDB<RunsDb>('reasoning-lab-runs', 1, {
    upgrade(db) {
      db.createObjectStore('runs', { keyPath: 'id' });
      db.createObjectStore('metrics', { keyPath: ['runId', 'chunk'] });
      db.createObjectStore('evals', { keyPath: ['runId', 'step'] });
      db.createObjectStore('checkpoints', { keyPath: 'runId' });
    },
  });
}

/** Starts a new current run, dropping the previous one. */
export async function beginRun(run: Omit<StoredRun, 'id'>): Promise<void> {
  await clearRun();
  await (await database()).put('runs', { ...run, id: CURRENT });
}

export async function updateRun(update: Partial<StoredRun>): Promise<void> {
  const db = await database();
  const run = await db.get('runs', CURRENT);
  if (run) await db.put('runs', { ...run, ...update });
}

/** Writes the chunk that holds `points`' last step (points: every point of that chunk so far). */
export async function saveMetricsChunk(points: SftPoint[]): Promise<void> {
  const last = points.at(-1);
  if (!last) return;
  const chunk = Math.floor((last.step - 1) / CHUNK);
  const inChunk = points.filter((p) => Math.floor((p.step - 1) / CHUNK) === chunk);
  await (await database()).put('metrics', { runId: CURRENT, chunk, points: inChunk });
}

export async function saveEval(report: EvalReport): Promise<void> {
  await (await database()).put('evals', { runId: CURRENT, step: report.step, report });
}

export async function saveCheckpoint(files: CheckpointFiles): Promise<void> {
  const db = await database();
  await db.put('checkpoints', { runId: CURRENT, files });
  await updateRun({ checkpointStep: files.run.step });
}

/** The current run with its metrics up to `upTo` steps (a resume restarts from the checkpoint). */
export async function loadRun(): Promise<{
  run: StoredRun;
  points: SftPoint[];
  evals: EvalReport[];
  checkpoint: CheckpointFiles | null;
} | null> {
  const db = await database();
  const run = await db.get('runs', CURRENT);
  if (!run) return null;
  const chunks = await db.getAll('metrics');
  const points = chunks.sort((a, b) => a.chunk - b.chunk).flatMap((c) => c.points);
  const evals = (await db.getAll('evals')).map((e) => e.report).sort((a, b) => a.step - b.step);
  const checkpoint = (await db.get('checkpoints', CURRENT))?.files ?? null;
  return { run, points, evals, checkpoint };
}

export async function clearRun(): Promise<void> {
  const db = await database();
  await Promise.all([db.clear('runs'), db.clear('metrics'), db.clear('evals'), db.clear('checkpoints')]);
}
