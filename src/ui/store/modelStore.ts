// The UI's view of the model: the catalog of shipped models, which one is loaded, and the last
// load failure. `?model=<name>` chooses the model (every page); a name that does not load gets a
// clear message and the catalog's default is loaded instead, so the lab keeps working.
import { create } from 'zustand';
import type { ModelCatalog, ModelInfo, RandomModelSpec, SavedModelInfo } from '../../engine/api.ts';
import { connectEngine } from '../../engine/client.ts';
import { StorageFullError } from '../../engine/errors.ts';
import { type ShownError, toShownError, useEngineStore } from './engineStore.ts';
import { useStorageStore } from './storageStore.ts';

export type ModelPhase = 'idle' | 'loading' | 'ready' | 'failed';

interface ModelState {
  phase: ModelPhase;
  catalog: ModelCatalog | null;
  info: ModelInfo | null;
  /** Why the requested model is not the one loaded, or why none is. */
  error: ShownError | null;
  /** Models kept in this browser (IndexedDB), newest first. */
  saved: SavedModelInfo[];
  /** Loads `requested` (or the default when null); on failure falls back to the default. */
  load(requested: string | null): Promise<void>;
  /** Each of these keeps the current model when the new one fails, and says why. */
  loadFiles(name: string, files: Record<string, Uint8Array>): Promise<void>;
  loadSaved(id: string): Promise<void>;
  createRandom(spec: RandomModelSpec): Promise<void>;
  deleteSaved(id: string): Promise<void>;
  unload(): Promise<void>;
  refreshSaved(): Promise<void>;
}

/** The model named in the address bar, or null. */
export function requestedModel(search = window.location.search): string | null {
  return new URLSearchParams(search).get('model');
}

export const useModelStore = create<ModelState>((set, get) => ({
  phase: 'idle',
  catalog: null,
  info: null,
  error: null,
  saved: [],

  async load(requested) {
    set({ phase: 'loading' });
    await loadInto(set, requested);
    await useEngineStore.getState().refreshStatus();
  },

  async loadFiles(name, files) {
    await replaceWith(set, () => connectEngine().loadModelFiles(name, files));
    await get().refreshSaved();
  },

  async loadSaved(id) {
    await replaceWith(set, () => connectEngine().loadSavedModel(id));
  },

  async createRandom(spec) {
    await replaceWith(set, () => connectEngine().createRandomModel(spec));
  },

  async deleteSaved(id) {
    await connectEngine().deleteSavedModel(id);
    await get().refreshSaved();
  },

  async unload() {
    await connectEngine().unloadModel();
    set({ info: null, phase: 'idle', error: null });
    await useEngineStore.getState().refreshStatus();
  },

  async refreshSaved() {
    try {
      set({ saved: await connectEngine().listSavedModels() });
    } catch (error) {
      set({ error: toShownError(error) });
    }
  },
}));

/**
 * Loads a model in place of the current one; on failure the current one stays, with the reason. A
 * model the full storage could not keep is loaded all the same: the storage notice says so.
 */
async function replaceWith(set: Setter, load: () => Promise<ModelInfo>): Promise<void> {
  set({ phase: 'loading', error: null });
  try {
    set({ info: await load(), phase: 'ready' });
  } catch (error) {
    const info = await connectEngine().modelInfo();
    const full = error instanceof StorageFullError;
    if (full) useStorageStore.getState().report(error);
    set({ info, phase: info ? 'ready' : 'failed', error: full ? null : toShownError(error) });
  }
  await useEngineStore.getState().refreshStatus();
}

type Setter = (state: Partial<ModelState>) => void;

async function loadInto(set: Setter, requested: string | null): Promise<void> {
  const engine = connectEngine();
  let catalog: ModelCatalog;
  try {
    catalog = await engine.listModels();
  } catch (error) {
    set({ phase: 'failed', error: toShownError(error) });
    return;
  }
  const name = requested ?? catalog.default;
  try {
    set({ catalog, phase: 'ready', info: await engine.loadModel(name), error: null });
    return;
  } catch (error) {
    const shown = toShownError(error);
    if (name === catalog.default) {
      set({ catalog, phase: 'failed', info: null, error: shown });
      return;
    }
    try {
      const info = await engine.loadModel(catalog.default);
      const hint = `${shown.hint} The default model "${catalog.default}" is loaded instead.`;
      set({ catalog, phase: 'ready', info, error: { ...shown, hint } });
    } catch (fallbackError) {
      set({ catalog, phase: 'failed', info: null, error: toShownError(fallbackError) });
    }
  }
}
