// Runs without the WebGPU flags: Chromium then grants no adapter (requestAdapter resolves null).
import { expect, test } from './fixtures.ts';

test('without WebGPU the lab explains what is missing and how to enable it, without crashing', async ({
  page,
  watch,
}) => {
  await page.goto('/kernels');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('WebGPU is not available here');
  await expect(alert).toContainText('no GPU adapter was granted');
  await expect(alert).toContainText('--enable-unsafe-webgpu');
  await expect(page.getByText('No WebGPU')).toBeVisible();
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Reasoning Lab', level: 1 })).toBeVisible();
  expect(watch.pageErrors).toEqual([]);
});

test('the task browser works without WebGPU', async ({ page }) => {
  await page.goto('/tasks?world=arithmetic&seed=5&count=1');
  await expect(page.getByTestId('verdict')).toHaveText(/^reward 1 — correct/);
});
