// What this browser keeps for the lab, for the notice of a refused save and the Models page: the
// stored runs (this page's IndexedDB) and saved models (the engine's) with their sizes, the
// browser's usage and quota when it tells them, the latest StorageFullError as the visitor sees it,
// and each kind's checkpoint held in memory only. A refused checkpoint or model outranks a refused
// step's progress, which repeats.
import { create } from 'zustand';
import type { JobKind, SavedModelInfo } from '../../engine/api.ts';
import { connectEngine } from '../../engine/client.ts';
import type { StorageFullError } from '../../engine/errors.ts';
import { type ShownError, toShownError } from './engineStore.ts';
import { type StoredRunSize, storedRunSizes } from './trainingRuns.ts';

/** A run's latest checkpoint the storage refused: its step, and the one kept (null: none). */
export interface HeldCheckpoint {
  step: number;
  keptStep: number | null;
}

export interface StorageEstimate {
  usage: number;
  quota: number;
}

interface StorageState {
  /** The save the storage refused (the most telling of those since the last dismiss), or null. */
  full: (ShownError & { what: string }) | null;
  runs: StoredRunSize[];
  models: SavedModelInfo[];
  /** navigator.storage.estimate(), or null where the browser does not tell. */
  estimate: StorageEstimate | null;
  /** Why the list could not be read, or null. */
  error: ShownError | null;
  /** Per kind, its run's checkpoint held in memory only (absent: its latest one is kept). */
  held: Partial<Record<JobKind, HeldCheckpoint>>;
  report(error: StorageFullError): void;
  hold(kind: JobKind, held: HeldCheckpoint | null): void;
  refresh(): Promise<void>;
  dismiss(): void;
}

const RANK: Record<string, number> = { checkpoint: 2, model: 2, run: 1, progress: 0 };

async function estimate(): Promise<StorageEstimate | null> {
  const found = navigator.storage?.estimate ? await navigator.storage.estimate().catch(() => null) : null;
  if (!found || found.usage === undefined || found.quota === undefined) return null;
  return { usage: found.usage, quota: found.quota };
}

export const useStorageStore = create<StorageState>((set, get) => ({
  full: null,
  runs: [],
  models: [],
  estimate: null,
  error: null,
  held: {},

  report(error) {
    const what = String(error.details.what);
    const shown = get().full;
    if (shown && RANK[shown.what] > RANK[what]) return;
    set({ full: { ...toShownError(error), what } });
    if (!shown) void get().refresh();
  },

  hold(kind, held) {
    const { [kind]: _, ...others } = get().held;
    set({ held: held ? { ...others, [kind]: held } : others });
  },

  async refresh() {
    try {
      const [runs, models, usage] = await Promise.all([
        storedRunSizes(),
        connectEngine().listSavedModels(),
        estimate(),
      ]);
      set({ runs, models, estimate: usage, error: null });
    } catch (error) {
      set({ error: toShownError(error) });
    }
  },

  dismiss() {
    set({ full: null });
  },
}));
