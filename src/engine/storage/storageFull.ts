// What a save refused by a full browser storage becomes: IndexedDB reports its quota as a
// DOMException named QuotaExceededError, on the request or, once idb has wrapped it, as the error of
// the aborted transaction (the request itself then fails with an AbortError). Either is turned into
// a StorageFullError that says what was not saved, how much it needed, what goes on and what to free.
import { formatBytes } from '../../gpu/errors.ts';
import { StorageFullError } from '../errors.ts';

/** Names browsers give a refused write: the standard one, and Firefox's before it. */
const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

/** What a save was keeping; `run` names the run as the visitor knows it ("Trainer (SFT) run"). */
export type SavedThing =
  | { what: 'checkpoint'; run: string; step: number; keptStep: number | null }
  | { what: 'progress'; run: string; step: number | null }
  | { what: 'run'; run: string }
  | { what: 'model'; name: string };

function namedQuota(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    QUOTA_NAMES.has((error as { name?: unknown }).name as string)
  );
}

/** Whether a failed write was the quota: its own error, or its aborted transaction's. */
export function isQuotaExceeded(error: unknown, transactionError?: unknown): boolean {
  return namedQuota(error) || namedQuota(transactionError);
}

const FREE = 'Delete a run or a saved model you no longer need (listed with their sizes)';

/** The error a refused save of `thing` becomes; `bytes`: what it needed, null when not known. */
export function storageFullError(thing: SavedThing, bytes: number | null): StorageFullError {
  const full = `this browser's storage for the lab is full${bytes === null ? '' : ` (it needs about ${formatBytes(bytes)})`}.`;
  const details = { ...thing, bytes };
  if (thing.what === 'checkpoint') {
    const kept =
      thing.keptStep === null
        ? 'its start'
        : `the checkpoint kept at step ${thing.keptStep}, which is intact`;
    return new StorageFullError(
      `The ${thing.run}'s checkpoint at step ${thing.step} could not be saved: ${full}`,
      `The run goes on in memory: training continues, and only a reload would lose the steps after ${kept}. ${FREE}; the next checkpoint is saved once there is room.`,
      details,
    );
  }
  if (thing.what === 'progress') {
    return new StorageFullError(
      `The ${thing.run}'s progress${thing.step === null ? '' : ` at step ${thing.step}`} could not be saved: ${full}`,
      `The run goes on in memory: this page shows every step, but a reload would show only those saved before. ${FREE}.`,
      details,
    );
  }
  if (thing.what === 'run') {
    return new StorageFullError(
      `The new ${thing.run} could not be kept in this browser: ${full}`,
      `The run goes on in memory: training continues, but a reload would lose it. ${FREE}, then start it again to keep it.`,
      details,
    );
  }
  return new StorageFullError(
    `The model ${JSON.stringify(thing.name)} could not be kept in this browser: ${full}`,
    `It is loaded for this session only, and nothing of it was saved: a reload would lose it. ${FREE}, then load its files again to keep it.`,
    details,
  );
}
