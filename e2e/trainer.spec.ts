// The Trainer page end to end: train the tiny model a few steps, pause, reload (the run comes back
// from IndexedDB), resume to the end, and download the model as a zip whose folder our checkpoint
// loader reads back with the trained config, and so does an independent reader
// (scripts/fixtures/read_checkpoint.py: Python, json + struct only), value for value.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { loadCheckpoint } from '../src/model/checkpoint.ts';
import { expect, pauseAndReload, test } from './fixtures.ts';

const RUN = '/trainer?preset=tiny&steps=8&batch=4&rows=48&warmup=1&evalEvery=4&evalN=2&digits=2&seed=3';

test('trains, pauses, survives a reload, resumes and downloads a folder our loader reads', async ({
  page,
  watch,
}) => {
  test.setTimeout(240_000);
  await page.goto(RUN);
  await page.getByRole('button', { name: 'Start training' }).click();
  const progress = page.getByTestId('trainer-progress');
  const pausedAt = await pauseAndReload(page, progress, /Step [2-7] of 8/);
  await expect(progress).toContainText(`Step ${pausedAt} of 8`);
  await page.getByRole('button', { name: `Resume from step ${pausedAt}` }).click();
  await expect(progress).toContainText('Step 8 of 8', { timeout: 120_000 });
  await expect(progress).toContainText('finished', { timeout: 120_000 });
  await expect(page.getByTestId('trainer-eval')).toContainText('add2 think');

  await page.getByLabel('name').fill('e2e-trained');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /Download as a Hugging Face folder/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('e2e-trained.zip');
  const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
  const text = (name: string) => new TextDecoder().decode(files[`e2e-trained/${name}`]);
  const loaded = loadCheckpoint({
    config: text('config.json'),
    safetensors: files['e2e-trained/model.safetensors'],
    tokenizer: text('tokenizer.json'),
  });
  expect(loaded.config.hidden_size).toBe(32);
  expect(Object.keys(files).sort()).toEqual(
    [
      'config.json',
      'generation_config.json',
      'model.safetensors',
      'onnx/model.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
    ].map((f) => `e2e-trained/${f}`),
  );
  const folder = mkdtempSync(join(tmpdir(), 'trained-'));
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), bytes);
  }
  const independent = JSON.parse(
    execFileSync('python3', ['scripts/fixtures/read_checkpoint.py', join(folder, 'e2e-trained')], {
      encoding: 'utf8',
    }),
  ) as { tensors: Record<string, { shape: number[]; first: number; last: number }> };
  expect(Object.keys(independent.tensors).sort()).toEqual([...loaded.weights.keys()].sort());
  for (const [name, data] of loaded.weights) {
    expect(independent.tensors[name].first, name).toBe(data[0]);
    expect(independent.tensors[name].last, name).toBe(data[data.length - 1]);
  }
  expect(watch.pageErrors).toEqual([]);
});

test('settings that cannot run get a message naming the fix, and nothing starts', async ({ page }) => {
  await page.goto('/trainer?preset=tiny&rows=16&digits=4&lr=banana');
  await expect(page.getByText('URL parameter lr="banana" is not a number')).toBeVisible();
  await page.getByRole('button', { name: 'Start training' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('cannot hold this mix', { timeout: 60_000 });
  await expect(alert).toContainText('Raise the row length');
  await expect(page.getByRole('button', { name: 'Start training' })).toBeEnabled();
});

test('a number field edits a draft: typed digits stay, a value out of range is named and never reaches the URL', async ({
  page,
}) => {
  await page.goto('/trainer?preset=tiny');
  const rowLength = page.getByLabel('row length');
  await rowLength.fill('');
  await rowLength.pressSequentially('16');
  await expect(rowLength).toHaveValue('16');
  await expect(page).toHaveURL(/rows=16(&|$)/);
  await rowLength.fill('5000');
  await expect(page.getByText('5000 is outside 8..4096; still 16')).toBeVisible();
  await expect(rowLength).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/rows=16(&|$)/);
  await rowLength.blur();
  await expect(rowLength).toHaveValue('16');
  await expect(page.getByText('is outside 8..4096')).toHaveCount(0);
});
