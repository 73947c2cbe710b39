// A full browser storage (#23 item 4), made by the test seam that fails IndexedDB writes with a
// QuotaExceededError (window.reasoningLab.testing.failStorage): a refused checkpoint is a notice
// naming what was not saved, the run goes on in memory, the checkpoint kept before is intact (its
// run record rolled back with the refused one) and resumes after a reload; the notice lists what is
// kept with sizes and Delete frees it; a model the storage refuses is loaded but leaves no record.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const TINY = ['config.json', 'model.safetensors', 'tokenizer.json'].map(
  (f) => `public/models/tiny-test/${f}`,
);

/** A tiny SFT run long enough to act on while it goes. */
const RUN =
  '/trainer?model=tiny-test&preset=tiny&steps=3000&batch=4&rows=48&warmup=1&evalEvery=0&evalN=2&digits=2&seed=3';

const SIZE = /\d+(\.\d+)? (B|KiB|MiB)/;

const stepOf = async (progress: Locator) =>
  Number((await progress.locator('h2').textContent())?.match(/Step (\d+)/)?.[1]);

/** The SFT run's record and its checkpoint as IndexedDB holds them: the steps each names. */
function storedSteps(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ run: number; files: number }>((resolve, reject) => {
        const open = indexedDB.open('reasoning-lab-runs');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['runs', 'checkpoints']);
          const run = tx.objectStore('runs').get('sft');
          const checkpoint = tx.objectStore('checkpoints').get('sft');
          tx.oncomplete = () => {
            db.close();
            resolve({ run: run.result.checkpointStep, files: checkpoint.result.files.run.step });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

async function openModels(page: Page) {
  await page.goto('/models?model=tiny-test');
  await expect(page.getByTestId('current-model')).toContainText('tiny-test', { timeout: 60_000 });
}

test('a refused checkpoint: a notice, the run goes on in memory, the kept one resumes after a reload, Delete frees space', async ({
  page,
  watch,
}) => {
  test.setTimeout(240_000);
  // A saved model, for the notice to offer.
  await openModels(page);
  await page.getByLabel('name').fill('spare-model');
  await page.locator('input[type=file]').setInputFiles(TINY);
  await expect(page.getByTestId('saved-models').locator('li', { hasText: 'spare-model' })).toBeVisible({
    timeout: 60_000,
  });

  await page.goto(RUN);
  await page.getByRole('button', { name: 'Start training' }).click();
  const progress = page.getByTestId('trainer-progress');
  const checkpoint = page.getByTestId('run-checkpoint');
  await expect(checkpoint).toContainText('kept in this browser): step 0', { timeout: 60_000 });
  await expect(progress).toContainText(/Step ([3-9]|\d\d+) of 3000/, { timeout: 60_000 });
  await expect(page.getByTestId('storage-notice')).toHaveCount(0);

  // Checkpoints are refused from now on; the run's record, written first in the same transaction,
  // must be rolled back with it. Hiding the page asks for a checkpoint.
  await page.evaluate(() => window.reasoningLab.testing.failStorage({ stores: ['checkpoints'] }));
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const notice = page.getByTestId('storage-notice');
  await expect(notice.locator('[data-error-name="StorageFullError"]')).toBeVisible({ timeout: 60_000 });
  await expect(notice).toContainText(
    /The Trainer \(SFT\) run's checkpoint at step [1-9]\d* could not be saved: this browser's storage for the lab is full \(it needs about \d+(\.\d+)? (KiB|MiB)\)\./,
  );
  await expect(notice).toContainText(
    'The run goes on in memory: training continues, and only a reload would lose the steps after the checkpoint kept at step 0, which is intact.',
  );
  await expect(checkpoint).toContainText(
    /last checkpoint: step [1-9]\d* \(in memory only; kept in this browser: step 0\)/,
  );
  await expect(progress.getByRole('status')).toContainText(/is held in memory only .* the run goes on/);

  // The run goes on.
  const refusedAt = await stepOf(progress);
  await expect.poll(() => stepOf(progress), { timeout: 60_000 }).toBeGreaterThan(refusedAt + 2);
  await expect(progress).toContainText('running');

  // What is kept, with sizes: the run going (not offered) and the saved model (offered).
  const list = notice.getByTestId('storage-list');
  const run = list.locator('li', { hasText: 'Trainer (SFT) run' });
  await expect(run).toContainText(SIZE);
  await expect(run).toContainText('in use');
  await expect(run.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  const spare = list.locator('li', { hasText: 'spare-model' });
  await expect(spare).toContainText(/saved model · [\d,]+ params/);
  await expect(spare).toContainText(SIZE);
  await expect(notice.getByTestId('storage-estimate')).toContainText(/the lab uses .+ of the .+ it may keep/);
  await spare.getByRole('button', { name: 'Delete' }).click();
  await expect(spare).toHaveCount(0);
  expect(await page.evaluate(() => window.reasoningLab.engine.listSavedModels())).toEqual([]);

  // Nothing half-written: the run record still names the checkpoint it has, step 0's.
  expect(await storedSteps(page)).toEqual({ run: 0, files: 0 });

  await page.reload();
  const resume = page.getByRole('button', { name: 'Resume from step 0' });
  await expect(resume).toBeVisible({ timeout: 60_000 });
  await expect(progress.getByRole('status')).toContainText('resume it from its checkpoint at step 0.');
  await resume.click();
  await expect.poll(() => stepOf(progress), { timeout: 60_000 }).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toContainText('cancelled');
  expect(watch.pageErrors).toEqual([]);
});

test('a model the full storage refuses: the same notice, loaded for this session, no record of it left', async ({
  page,
  watch,
}) => {
  test.setTimeout(180_000);
  await openModels(page);
  // A kilobyte is left: the model's record (its files, tens of KiB) does not fit.
  await page.evaluate(() => window.reasoningLab.testing.failStorage({ afterBytes: 1024 }));
  await page.getByLabel('name').fill('full-model');
  await page.locator('input[type=file]').setInputFiles(TINY);
  const notice = page.getByTestId('storage-notice');
  await expect(notice.locator('[data-error-name="StorageFullError"]')).toBeVisible({ timeout: 60_000 });
  await expect(notice).toContainText(
    /The model "full-model" could not be kept in this browser: this browser's storage for the lab is full \(it needs about \d+(\.\d+)? KiB\)\./,
  );
  await expect(notice).toContainText('It is loaded for this session only, and nothing of it was saved');
  await expect(notice.getByTestId('storage-list')).toContainText('Nothing is kept');
  const current = page.getByTestId('current-model');
  await expect(current).toContainText('full-model');
  await expect(current).toContainText('for this session only');
  await expect(page.getByTestId('saved-models').locator('li')).toHaveCount(0);

  await page.reload();
  await expect(current).toContainText('tiny-test', { timeout: 60_000 });
  expect(await page.evaluate(() => window.reasoningLab.engine.listSavedModels())).toEqual([]);

  // With room again the same files are kept, and the Models page lists them with their size.
  await page.getByLabel('name').fill('full-model');
  await page.locator('input[type=file]').setInputFiles(TINY);
  await expect(page.getByTestId('saved-models').locator('li', { hasText: 'full-model' })).toBeVisible({
    timeout: 60_000,
  });
  const kept = page.locator('section.panel', {
    has: page.getByRole('heading', { name: 'Browser storage' }),
  });
  await expect(kept.locator('li', { hasText: 'full-model' })).toContainText(SIZE);
  await expect(page.getByTestId('storage-notice')).toHaveCount(0);
  expect(watch.pageErrors).toEqual([]);
});
