// A config that asks for unbounded memory (issue 23): the tiny test model with a million positions
// (max_position_embeddings 1048576) loads, and the Attention page, whose attention record would
// need more than a GPU buffer may hold, says which request, how large and which limit — never raw
// WebGPU text — before allocating any of it.
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';

const FOLDER = 'public/models/tiny-test';

test('a million-position config gets a message naming the record, its size and the limit', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const config = JSON.parse(readFileSync(`${FOLDER}/config.json`, 'utf8'));
  await page.goto('/models?model=tiny-test');
  await expect(page.getByTestId('current-model')).toContainText('tiny-test', { timeout: 60_000 });
  const before = await page.evaluate(() => window.reasoningLab.engine.status().then((s) => s.gpuBytesInUse));
  await page.getByLabel('name').fill('long-context');
  await page.locator('input[type=file]').setInputFiles([
    {
      name: 'config.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...config, max_position_embeddings: 1_048_576 })),
    },
    ...['model.safetensors', 'tokenizer.json'].map((name) => ({
      name,
      mimeType: 'application/octet-stream',
      buffer: readFileSync(`${FOLDER}/${name}`),
    })),
  ]);
  await expect(page.getByTestId('current-model')).toContainText('long-context', { timeout: 60_000 });
  await page.getByRole('link', { name: 'Attention' }).first().click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(
    /Generating \d+ rows? × up to \d+ new tokens on a model of 1,048,576 positions \(max_position_embeddings\), keeping the attention record \(.*\) needs [\d.]+ GiB, (over this GPU's largest buffer|but the lab's GPU memory budget)/,
    { timeout: 60_000 },
  );
  await expect(alert).toContainText('fewer positions');
  await expect(alert).not.toContainText(/mapAsync|Invalid Buffer|GPUBuffer/);
  const after = await page.evaluate(() => window.reasoningLab.engine.status().then((s) => s.gpuBytesInUse));
  // The long-context model's own buffers are held; the refused session's were never made.
  expect(after - before).toBeLessThan(1024 ** 3);
});
