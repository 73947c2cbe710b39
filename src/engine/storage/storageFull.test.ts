import { describe, expect, it } from 'vitest';
import { deserializeError, StorageFullError, serializeError } from '../errors.ts';
import { isQuotaExceeded, storageFullError } from './storageFull.ts';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
const aborted = () => new DOMException('The transaction was aborted.', 'AbortError');

describe('isQuotaExceeded', () => {
  it('knows the quota on the request, and when idb reports the abort with the quota on its transaction', () => {
    expect(isQuotaExceeded(quota())).toBe(true);
    expect(isQuotaExceeded(aborted(), quota())).toBe(true);
    expect(isQuotaExceeded({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
  });

  it('leaves every other failure alone', () => {
    expect(isQuotaExceeded(aborted(), null)).toBe(false);
    expect(isQuotaExceeded(new DOMException('no such store', 'NotFoundError'))).toBe(false);
    expect(isQuotaExceeded(new Error('QuotaExceededError'))).toBe(false);
    expect(isQuotaExceeded('QuotaExceededError')).toBe(false);
  });
});

describe('storageFullError', () => {
  it('says which checkpoint was not saved, what it needed, that the run goes on and which one is kept', () => {
    const error = storageFullError(
      { what: 'checkpoint', run: 'Trainer (SFT) run', step: 12, keptStep: 0 },
      3 * 1024 * 1024,
    );
    expect(error).toBeInstanceOf(StorageFullError);
    expect(error.message).toBe(
      "The Trainer (SFT) run's checkpoint at step 12 could not be saved: this browser's storage for the lab is full (it needs about 3.0 MiB).",
    );
    expect(error.hint).toMatch(
      /^The run goes on in memory: training continues, and only a reload would lose the steps after the checkpoint kept at step 0, which is intact\. Delete a run or a saved model/,
    );
    expect(error.details).toEqual({
      what: 'checkpoint',
      run: 'Trainer (SFT) run',
      step: 12,
      keptStep: 0,
      bytes: 3 * 1024 * 1024,
    });
  });

  it('leaves the size out when it is not known, and tells a model that is loaded but not kept', () => {
    const error = storageFullError({ what: 'model', name: 'my-model' }, null);
    expect(error.message).toBe(
      'The model "my-model" could not be kept in this browser: this browser\'s storage for the lab is full.',
    );
    expect(error.hint).toMatch(/^It is loaded for this session only, and nothing of it was saved/);
  });

  it('crosses the worker with its class and details', () => {
    const copy = deserializeError(
      structuredClone(serializeError(storageFullError({ what: 'model', name: 'm' }, 9))),
    );
    expect(copy).toBeInstanceOf(StorageFullError);
    expect((copy as StorageFullError).details).toEqual({ what: 'model', name: 'm', bytes: 9 });
  });
});
