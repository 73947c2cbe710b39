// Models the user brought (file picker, drag and drop) or trained, kept in IndexedDB so that a
// reload loses nothing. A record is the checkpoint folder's files as bytes plus what the model
// list shows; the files are validated again whenever one is loaded. A model is one record, saved
// whole or not at all (putAtomically).
import { type DBSchema, openDB } from 'idb';
import { putAtomically } from './storage/putAtomically.ts';

export interface SavedModelInfo {
  id: string;
  name: string;
  savedAt: string;
  parameters: number;
  /** Bytes of all its files. */
  bytes: number;
}

export interface SavedModel extends SavedModelInfo {
  /** File name (config.json, model.safetensors, …) -> bytes. */
  files: Record<string, Uint8Array>;
}

interface LabDb extends DBSchema {
  models: { key: string; value: SavedModel };
}

const DB_NAME = 'reasoning-lab';
const DB_VERSION = 1;

function database() {
  return openDB<LabDb>(DB_NAME, DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('models', { keyPath: 'id' });
    },
  });
}

function summary({ files: _, ...info }: SavedModel): SavedModelInfo {
  return info;
}

/** @throws StorageFullError when the browser's storage refuses it (nothing of it is kept) */
export async function saveModel(model: SavedModel): Promise<SavedModelInfo> {
  const db = await database();
  try {
    await putAtomically(db, { what: 'model', name: model.name }, [{ store: 'models', value: model }]);
  } finally {
    db.close();
  }
  return summary(model);
}

export async function listSavedModels(): Promise<SavedModelInfo[]> {
  const db = await database();
  const all = await db.getAll('models');
  db.close();
  return all.map(summary).sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

export async function readSavedModel(id: string): Promise<SavedModel | undefined> {
  const db = await database();
  const model = await db.get('models', id);
  db.close();
  return model;
}

export async function deleteSavedModel(id: string): Promise<void> {
  const db = await database();
  await db.delete('models', id);
  db.close();
}
