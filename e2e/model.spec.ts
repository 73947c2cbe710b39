import { expect, test } from './fixtures.ts';

test('the lab opens with the default model loaded on the GPU and says what it is', async ({
  page,
  watch,
}) => {
  await page.goto('/');
  const badge = page.getByTestId('model-badge');
  await expect(badge).toContainText('407.0k params · trained', { timeout: 60_000 });
  const picker = badge.getByRole('combobox', { name: 'Model' });
  await expect(picker).toHaveValue('lab-base');
  await picker.selectOption('tiny-test');
  await expect(badge).toContainText('22.9k params · untrained', { timeout: 60_000 });
  await expect(page).toHaveURL(/[?&]model=tiny-test/);
  expect(watch.consoleErrors).toEqual([]);
});

test('an unknown ?model= is named in a message and the default model is loaded instead', async ({ page }) => {
  await page.goto('/tasks?model=no-such-model');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('There is no model "no-such-model"', { timeout: 60_000 });
  await expect(alert).toContainText('The shipped models are: lab-base, tiny-test');
  await expect(alert).toContainText('The default model "lab-base" is loaded instead.');
  await expect(page.getByTestId('model-badge').getByRole('combobox', { name: 'Model' })).toHaveValue(
    'lab-base',
  );
  await expect(page.getByRole('heading', { name: 'Task worlds', level: 1 })).toBeVisible();
});

test('a model name that is not a folder name is refused without a request', async ({ page, watch }) => {
  await page.goto('/?model=..%2Fsecret');
  await expect(page.getByRole('alert')).toContainText('"../secret" is not a model name', { timeout: 60_000 });
  expect(watch.requests.filter((url) => url.includes('/models/') && url.includes('secret'))).toEqual([]);
});

test('the kernels page checks the model’s whole GPU forward against the CPU reference', async ({ page }) => {
  await page.goto('/kernels?seed=4');
  await expect(page.getByTestId('model-verdict')).toHaveText('matches the CPU reference', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('model-check')).toContainText('24 random tokens (seed 4)');
});

test('after a lost device and Restart GPU the model is loaded again', async ({ page }) => {
  await page.goto('/kernels');
  await expect(page.getByTestId('model-verdict')).toBeVisible({ timeout: 90_000 });
  await page.evaluate(() => window.reasoningLab.engine.simulateDeviceLoss());
  await page.getByRole('alert').getByRole('button', { name: 'Restart GPU' }).click();
  await expect(page.getByTestId('model-verdict')).toHaveText('matches the CPU reference', {
    timeout: 90_000,
  });
  expect(await page.evaluate(() => window.reasoningLab.engine.status().then((s) => s.model?.name))).toBe(
    'lab-base',
  );
});
