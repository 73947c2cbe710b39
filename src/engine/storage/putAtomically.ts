// Saves records to IndexedDB in one transaction, so that a save is all its records or none: a
// refused write (a full disk) aborts the transaction, and what it held before stays as it was. A
// quota failure becomes a StorageFullError naming what was not saved (storageFull.ts). The test
// seam (storageFaults.ts) fails writes here, inside the transaction, as the quota would.
import type { DBSchema, IDBPDatabase, StoreNames, StoreValue } from 'idb';
import { recordBytes } from './recordBytes.ts';
import { plannedFault } from './storageFaults.ts';
import { isQuotaExceeded, type SavedThing, storageFullError } from './storageFull.ts';

/** One record to put, with the store it goes to. */
export type Put<DB extends DBSchema> = {
  [S in StoreNames<DB> & string]: { store: S; value: StoreValue<DB, S> };
}[StoreNames<DB> & string];

/**
 * Puts every record of `puts` in one readwrite transaction.
 * @throws StorageFullError when the browser's storage refuses it (nothing of it is kept)
 */
export async function putAtomically<DB extends DBSchema>(
  db: IDBPDatabase<DB>,
  thing: SavedThing,
  puts: Put<DB>[],
): Promise<void> {
  const tx = db.transaction([...new Set(puts.map((p) => p.store))], 'readwrite');
  const sizes = puts.map((p) => recordBytes(p.value));
  const pending: Promise<unknown>[] = [tx.done];
  try {
    puts.forEach(({ store, value }, i) => {
      const fault = plannedFault(store, sizes[i]);
      if (fault) {
        tx.abort();
        throw fault;
      }
      pending.push(tx.objectStore(store).put(value));
    });
    await Promise.all(pending);
  } catch (error) {
    // The aborted transaction fails its other requests too: each is awaited, none left unheard.
    await Promise.allSettled(pending);
    if (isQuotaExceeded(error, tx.error))
      throw storageFullError(
        thing,
        sizes.reduce((n, b) => n + b, 0),
      );
    throw error;
  }
}
