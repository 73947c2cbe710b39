// Training runs in IndexedDB, so that a reload loses at most the steps since the last checkpoint:
// per job kind (the Trainer's SFT, the RL page's GRPO) one current run with its start and
// settings, its status, its metrics in chunks of CHUNK steps (written as they fill, so a long run
// never rewrites its whole history), its evaluations, its latest checkpoint's files and what every
// step left to show (GRPO: its rollouts), one record per step, read one step at a time. Starting a
// new run of a kind replaces that kind's run. Every save is one transaction (a checkpoint with its
// run's checkpointStep): a full storage refuses it whole with a StorageFullError.
import { type DBSchema, openDB } from 'idb';
import {
  type EvalReport,
  type JobKind,
  type Put,
  putAtomically,
  recordBytes,
  type SavedThing,
} from '../../engine/api.ts';

export const CHUNK = 50;

export type RunStatus = 'running' | 'paused' | 'finished' | 'cancelled' | 'diverged';

export interface StoredRun<Start, Settings> {
  id: JobKind;
  startedAt: string;
  /** Where it started (a checkpoint start is never stored: resuming keeps the original). */
  start: Start;
  settings: Settings;
  status: RunStatus;
  /** The step of the stored checkpoint. */
  checkpointStep: number;
  message: string | null;
  /** The loaded model's name when the run started from it (absent in runs stored before). */
  startModel?: string | null;
}

interface RunsDb extends DBSchema {
  runs: { key: JobKind; value: StoredRun<unknown, unknown> };
  metrics: { key: [JobKind, number]; value: { runId: JobKind; chunk: number; points: unknown[] } };
  evals: { key: [JobKind, number]; value: { runId: JobKind; step: number; report: EvalReport } };
  checkpoints: { key: JobKind; value: { runId: JobKind; files: unknown } };
  latest: { key: [JobKind, number]; value: { runId: JobKind; step: number; value: unknown } };
}

type RunsDatabase = Awaited<ReturnType<typeof database>>;

function database() {
  return openDB<RunsDb>('reasoning-lab-runs', 4, {
    async upgrade(db, oldVersion, _newVersion, transaction) {
      if (oldVersion < 3) {
        // Version 1 kept one SFT run under the id 'current', version 2 the kinds 'sft' and 'rl' with
        // checkpoints of two formats; their runs are dropped (the one run format cannot read them).
        for (const name of [...db.objectStoreNames]) db.deleteObjectStore(name);
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('metrics', { keyPath: ['runId', 'chunk'] });
        db.createObjectStore('evals', { keyPath: ['runId', 'step'] });
        db.createObjectStore('checkpoints', { keyPath: 'runId' });
      }
      // Version 3 kept only the latest step's value, keyed by run: it becomes that step's record.
      const kept = oldVersion === 3 ? await transaction.objectStore('latest').getAll() : [];
      if (oldVersion === 3) db.deleteObjectStore('latest');
      const latest = db.createObjectStore('latest', { keyPath: ['runId', 'step'] });
      for (const record of kept) await latest.put(record);
    },
  });
}

/** What the notices and the storage list call each kind's run. */
export const RUN_NAMES: Record<JobKind, string> = { sft: 'Trainer (SFT) run', grpo: 'RL (GRPO) run' };

/** Keys [kind, any number]: every chunk or evaluation of one kind's run. */
const ofKind = (kind: JobKind) =>
  IDBKeyRange.bound([kind, Number.NEGATIVE_INFINITY], [kind, Number.POSITIVE_INFINITY]);

export interface LoadedRun<Start, Settings, Point, Files, Latest> {
  run: StoredRun<Start, Settings>;
  points: Point[];
  evals: EvalReport[];
  checkpoint: Files | null;
  latest: { step: number; value: Latest } | null;
  /** The steps that left a value to show, in order (latestAt reads one). */
  latestSteps: number[];
}

/** The stored run of one kind. Points carry their step; checkpoint files their run's step. */
export function runStorage<
  Start,
  Settings,
  Point extends { step: number },
  Files extends { run: { step: number } },
  Latest,
>(kind: JobKind) {
  // Writes go one after another, in the order they were asked: update() reads the run, then
  // writes it whole, so two at once would lose one's change.
  let writes: Promise<unknown> = Promise.resolve();
  const queued = <T>(write: () => Promise<T>): Promise<T> => {
    const done = writes.then(write, write);
    writes = done.catch(() => undefined);
    return done;
  };
  const runName = RUN_NAMES[kind];
  const progress = (step: number | null) => ({ what: 'progress', run: runName, step }) as const;
  const put = (db: RunsDatabase, thing: SavedThing, ...puts: Put<RunsDb>[]) => putAtomically(db, thing, puts);
  const update = (changes: Partial<StoredRun<Start, Settings>>) =>
    queued(async () => {
      const db = await database();
      const stored = await db.get('runs', kind);
      if (stored) await put(db, progress(null), { store: 'runs', value: { ...stored, ...changes } });
    });
  const clear = () =>
    queued(async () => {
      const db = await database();
      await Promise.all([
        db.delete('runs', kind),
        db.delete('metrics', ofKind(kind)),
        db.delete('evals', ofKind(kind)),
        db.delete('checkpoints', kind),
        db.delete('latest', ofKind(kind)),
      ]);
    });
  return {
    clear,
    update,

    /** Starts a new run of this kind, dropping the previous one. */
    async begin(run: Omit<StoredRun<Start, Settings>, 'id'>): Promise<void> {
      await clear();
      await queued(async () =>
        put(await database(), { what: 'run', run: runName }, { store: 'runs', value: { ...run, id: kind } }),
      );
    },

    /** Writes the chunk that holds `points`' last step (points: every point so far). */
    async saveMetricsChunk(points: Point[]): Promise<void> {
      const last = points.at(-1);
      if (!last) return;
      const chunk = Math.floor((last.step - 1) / CHUNK);
      const inChunk = points.filter((p) => Math.floor((p.step - 1) / CHUNK) === chunk);
      await queued(async () =>
        put(await database(), progress(last.step), {
          store: 'metrics',
          value: { runId: kind, chunk, points: inChunk },
        }),
      );
    },

    async saveEval(report: EvalReport): Promise<void> {
      await queued(async () =>
        put(await database(), progress(report.step), {
          store: 'evals',
          value: { runId: kind, step: report.step, report },
        }),
      );
    },

    /**
     * Keeps `files` in place of the run's checkpoint, with its step on the run, in one transaction;
     * `run` is written too when its start could not be kept (the storage was full then).
     * @throws StorageFullError when the storage refuses it: the checkpoint kept before stays
     */
    async saveCheckpoint(files: Files, run: StoredRun<Start, Settings>): Promise<void> {
      await queued(async () => {
        const db = await database();
        const stored = (await db.get('runs', kind)) ?? run;
        const { step } = files.run;
        const kept = (await db.getKey('checkpoints', kind)) === undefined ? null : stored.checkpointStep;
        await put(
          db,
          { what: 'checkpoint', run: runName, step, keptStep: kept },
          { store: 'runs', value: { ...stored, checkpointStep: step } },
          { store: 'checkpoints', value: { runId: kind, files } },
        );
      });
    },

    /** What a step left for the page to show (e.g. its rollouts), kept beside the step's before. */
    async saveLatest(step: number, value: Latest): Promise<void> {
      await queued(async () =>
        put(await database(), progress(step), { store: 'latest', value: { runId: kind, step, value } }),
      );
    },

    /** What step `step` left to show, or null when it left nothing. */
    async latestAt(step: number): Promise<Latest | null> {
      const record = await (await database()).get('latest', [kind, step]);
      return record ? (record.value as Latest) : null;
    },

    async load(): Promise<LoadedRun<Start, Settings, Point, Files, Latest> | null> {
      const db = await database();
      const run = (await db.get('runs', kind)) as StoredRun<Start, Settings> | undefined;
      if (!run) return null;
      const chunks = await db.getAll('metrics', ofKind(kind));
      const points = chunks.sort((a, b) => a.chunk - b.chunk).flatMap((c) => c.points as Point[]);
      const evals = (await db.getAll('evals', ofKind(kind)))
        .map((e) => e.report)
        .sort((a, b) => a.step - b.step);
      const checkpoint = ((await db.get('checkpoints', kind))?.files as Files | undefined) ?? null;
      const latestSteps = (await db.getAllKeys('latest', ofKind(kind))).map(([, step]) => step);
      const last = latestSteps.at(-1);
      const latest = last === undefined ? undefined : await db.get('latest', [kind, last]);
      return {
        run,
        points,
        evals,
        checkpoint,
        latest: latest ? { step: latest.step, value: latest.value as Latest } : null,
        latestSteps,
      };
    },
  };
}

/** A stored run as the storage list shows it: whose it is and the bytes all its records take. */
export interface StoredRunSize {
  kind: JobKind;
  name: string;
  startedAt: string;
  status: RunStatus;
  checkpointStep: number;
  bytes: number;
}

/** Every kind's stored run with its size (its run, metrics, evaluations, checkpoint, steps' values). */
export async function storedRunSizes(): Promise<StoredRunSize[]> {
  const db = await database();
  const runs = await db.getAll('runs');
  return Promise.all(
    runs.map(async (run) => {
      const kind = run.id;
      const records = await Promise.all([
        db.getAll('metrics', ofKind(kind)),
        db.getAll('evals', ofKind(kind)),
        db.get('checkpoints', kind),
        db.getAll('latest', ofKind(kind)),
      ]);
      const { startedAt, status, checkpointStep } = run;
      const bytes = recordBytes(run) + recordBytes(records);
      return { kind, name: RUN_NAMES[kind], startedAt, status, checkpointStep, bytes };
    }),
  );
}
