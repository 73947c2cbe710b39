// Training runs in IndexedDB, so that a reload loses at most the steps since the last checkpoint:
// per kind of run (the Trainer's SFT, the RL page's GRPO) one current run with its start and
// request, its status, its metrics in chunks of CHUNK steps (written as they fill, so a long run
// never rewrites its whole history), its evaluations, its latest checkpoint's files and the
// rollouts of its latest step. Starting a new run of a kind replaces that kind's run.
import { type DBSchema, openDB } from 'idb';
import type { EvalReport } from '../../engine/api.ts';

export const CHUNK = 50;

export type RunKind = 'sft' | 'rl';

export type RunStatus = 'running' | 'paused' | 'finished' | 'cancelled' | 'diverged';

export interface StoredRun<Start, Request> {
  id: RunKind;
  startedAt: string;
  /** Where it started (a checkpoint start is never stored: resuming keeps the original). */
  start: Start;
  request: Request;
  status: RunStatus;
  /** The step of the stored checkpoint (0: none yet). */
  checkpointStep: number;
  message: string | null;
}

interface RunsDb extends DBSchema {
  runs: { key: RunKind; value: StoredRun<unknown, unknown> };
  metrics: { key: [RunKind, number]; value: { runId: RunKind; chunk: number; points: unknown[] } };
  evals: { key: [RunKind, number]; value: { runId: RunKind; step: number; report: EvalReport } };
  checkpoints: { key: RunKind; value: { runId: RunKind; files: unknown } };
  latest: { key: RunKind; value: { runId: RunKind; step: number; value: unknown } };
}

function database() {
  return openDB<RunsDb>('reasoning-lab-runs', 2, {
    upgrade(db, oldVersion) {
      // Version 1 kept a single SFT run under the id 'current'; its runs are dropped.
      for (const name of [...db.objectStoreNames]) if (oldVersion < 2) db.deleteObjectStore(name);
      db.createObjectStore('runs', { keyPath: 'id' });
      db.createObjectStore('metrics', { keyPath: ['runId', 'chunk'] });
      db.createObjectStore('evals', { keyPath: ['runId', 'step'] });
      db.createObjectStore('checkpoints', { keyPath: 'runId' });
      db.createObjectStore('latest', { keyPath: 'runId' });
    },
  });
}

/** Keys [kind, any number]: every chunk or evaluation of one kind's run. */
const ofKind = (kind: RunKind) =>
  IDBKeyRange.bound([kind, Number.NEGATIVE_INFINITY], [kind, Number.POSITIVE_INFINITY]);

export interface LoadedRun<Start, Request, Point, Files, Latest> {
  run: StoredRun<Start, Request>;
  points: Point[];
  evals: EvalReport[];
  checkpoint: Files | null;
  latest: { step: number; value: Latest } | null;
}

/** The stored run of one kind. Points carry their step; checkpoint files their run's step. */
export function runStorage<
  Start,
  Request,
  Point extends { step: number },
  Files extends { run: { step: number } },
  Latest = never,
>(kind: RunKind) {
  const clear = async () => {
    const db = await database();
    await Promise.all([
      db.delete('runs', kind),
      db.delete('metrics', ofKind(kind)),
      db.delete('evals', ofKind(kind)),
      db.delete('checkpoints', kind),
      db.delete('latest', kind),
    ]);
  };
  const update = async (changes: Partial<StoredRun<Start, Request>>) => {
    const db = await database();
    const run = await db.get('runs', kind);
    if (run) await db.put('runs', { ...run, ...changes });
  };
  return {
    clear,
    update,

    /** Starts a new run of this kind, dropping the previous one. */
    async begin(run: Omit<StoredRun<Start, Request>, 'id'>): Promise<void> {
      await clear();
      await (await database()).put('runs', { ...run, id: kind });
    },

    /** Writes the chunk that holds `points`' last step (points: every point so far). */
    async saveMetricsChunk(points: Point[]): Promise<void> {
      const last = points.at(-1);
      if (!last) return;
      const chunk = Math.floor((last.step - 1) / CHUNK);
      const inChunk = points.filter((p) => Math.floor((p.step - 1) / CHUNK) === chunk);
      await (await database()).put('metrics', { runId: kind, chunk, points: inChunk });
    },

    async saveEval(report: EvalReport): Promise<void> {
      await (await database()).put('evals', { runId: kind, step: report.step, report });
    },

    async saveCheckpoint(files: Files): Promise<void> {
      await (await database()).put('checkpoints', { runId: kind, files });
      await update({ checkpointStep: files.run.step });
    },

    /** What the latest step left for the page to show again after a reload (e.g. its rollouts). */
    async saveLatest(step: number, value: Latest): Promise<void> {
      await (await database()).put('latest', { runId: kind, step, value });
    },

    async load(): Promise<LoadedRun<Start, Request, Point, Files, Latest> | null> {
      const db = await database();
      const run = (await db.get('runs', kind)) as StoredRun<Start, Request> | undefined;
      if (!run) return null;
      const chunks = await db.getAll('metrics', ofKind(kind));
      const points = chunks.sort((a, b) => a.chunk - b.chunk).flatMap((c) => c.points as Point[]);
      const evals = (await db.getAll('evals', ofKind(kind)))
        .map((e) => e.report)
        .sort((a, b) => a.step - b.step);
      const checkpoint = ((await db.get('checkpoints', kind))?.files as Files | undefined) ?? null;
      const latest = (await db.get('latest', kind)) as { step: number; value: Latest } | undefined;
      return {
        run,
        points,
        evals,
        checkpoint,
        latest: latest ? { step: latest.step, value: latest.value } : null,
      };
    },
  };
}
