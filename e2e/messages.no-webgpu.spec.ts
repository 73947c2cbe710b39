// What the lab says without WebGPU (#23 item 7): the Attention page's notice reads as sentences,
// and the Models page offers no GPU memory to free on the CPU rung.
import { expect, test } from './fixtures.ts';

test('without WebGPU the Attention notice says why in its own sentence', async ({ page }) => {
  await page.goto('/attention?model=tiny-test&max=4');
  const notice = page.getByRole('status').filter({ hasText: 'runs on the CPU reference' });
  await expect(notice).toHaveText(
    'WebGPU is not available here, so this page runs on the CPU reference: the same model in plain ' +
      'TypeScript, slowly. WebGPU is present but no GPU adapter was granted (requestAdapter returned null).',
    { timeout: 60_000 },
  );
});

test('without WebGPU the Models page unloads the model without offering GPU memory', async ({ page }) => {
  await page.goto('/models?model=tiny-test');
  const current = page.getByTestId('current-model');
  await expect(current).toContainText('the CPU reference (no WebGPU)', { timeout: 60_000 });
  await expect(page.getByTestId('model-gpu-bytes')).toHaveText(
    "none: the CPU reference keeps it in this tab's memory",
  );
  await expect(current.getByRole('button', { name: /GPU memory/ })).toHaveCount(0);
  await current.getByRole('button', { name: 'Unload it' }).click();
  await expect(page.getByText('No model is loaded.')).toBeVisible();
});
