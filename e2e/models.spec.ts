import { expect, test } from './fixtures.ts';

const TINY = ['config.json', 'model.safetensors', 'tokenizer.json'].map(
  (f) => `public/models/tiny-test/${f}`,
);

test('a checkpoint folder chosen from files loads, is kept in IndexedDB across a reload, and can be deleted', async ({
  page,
}) => {
  await page.goto('/models?model=tiny-test');
  await expect(page.getByTestId('current-model')).toContainText('tiny-test', { timeout: 60_000 });
  await page.getByLabel('name').fill('from-disk');
  await page.locator('input[type=file]').setInputFiles(TINY);
  await expect(page.getByTestId('current-model')).toContainText('from-disk', { timeout: 60_000 });
  await expect(page.getByTestId('model-badge')).toContainText('from-disk');
  await page.reload();
  const saved = page.getByTestId('saved-models').locator('li', { hasText: 'from-disk' });
  await expect(saved).toBeVisible({ timeout: 60_000 });
  await saved.getByRole('button', { name: 'Load' }).click();
  await expect(page.getByTestId('current-model')).toContainText('from-disk');
  await saved.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('saved-models').locator('li', { hasText: 'from-disk' })).toHaveCount(0);
});

test('a damaged file dropped on the page is named in a message and the current model stays', async ({
  page,
}) => {
  await page.goto('/models?model=tiny-test');
  await expect(page.getByTestId('current-model')).toContainText('tiny-test', { timeout: 60_000 });
  await page.getByTestId('drop-zone').evaluate((zone) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['{"model_type": "llama"'], 'config.json'));
    transfer.items.add(new File([new Uint8Array([1, 2, 3])], 'model.safetensors'));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });
  await expect(page.getByRole('alert')).toContainText('config.json is not valid JSON');
  await expect(page.getByTestId('current-model')).toContainText('tiny-test');
});

test('a random init of a chosen shape loads, generates, and unloading frees its GPU memory', async ({
  page,
}) => {
  await page.goto('/models?model=tiny-test');
  await expect(page.getByTestId('current-model')).toContainText('tiny-test', { timeout: 60_000 });
  await page.getByLabel('layers').fill('1');
  await page.getByLabel('hidden size').fill('48');
  await page.getByRole('button', { name: 'Create and load' }).click();
  await expect(page.getByTestId('current-model')).toContainText('random-L1-C48-seed1', { timeout: 60_000 });
  await page.getByRole('link', { name: 'Attention' }).first().click();
  await expect(page.getByTestId('candidate-bars')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('model-badge')).toContainText('random-L1-C48-seed1');
  await page.getByRole('link', { name: 'random-L1-C48-seed1' }).click();
  const gpuBytes = () =>
    page.evaluate(() => window.reasoningLab.engine.status().then((s) => s.gpuBytesInUse));
  const loaded = await gpuBytes();
  await page.getByRole('button', { name: /Unload/ }).click();
  await expect(page.getByText('No model is loaded.')).toBeVisible();
  // At least the weights (20,448 f32 parameters) are freed.
  expect(await gpuBytes()).toBeLessThanOrEqual(loaded - 4 * 20_448);
});
