// Without WebGPU the Attention page runs the same model on the CPU reference (the CPU rung).
import { expect, SAMPLED_STRIP, test } from './fixtures.ts';

test('without WebGPU the attention page generates on the CPU reference, the same tokens as the GPU', async ({
  page,
  watch,
}) => {
  await page.goto('/attention?model=tiny-test&prompt=12%2B34%3D&temperature=1&seed=3&max=8');
  await expect(page.getByTestId('candidate-bars')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('rung-badge')).toHaveText('rung: CPU reference');
  await expect(page.getByRole('status').first()).toContainText('runs on the CPU reference');
  await expect(page.getByTestId('model-badge')).toContainText('CPU reference');
  await expect(page.getByTestId('token-strip').first()).toHaveText(SAMPLED_STRIP);
  expect(Number(await page.getByTestId('tokens-per-second').textContent())).toBeGreaterThan(0);
  expect(watch.pageErrors).toEqual([]);
});
