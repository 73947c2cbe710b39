import type { Page } from '@playwright/test';
import { expect, SAMPLED_STRIP, test } from './fixtures.ts';

test('the attention page generates on our kernels and explains every step', async ({ page, watch }) => {
  await page.goto('/attention?model=tiny-test&prompt=12%2B34%3D&temperature=1&seed=3&max=8');
  await expect(page.getByTestId('candidate-bars')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('rung-badge')).toHaveText('rung: SwiftShader');
  await expect(page.getByTestId('untrained-notice')).toContainText('tiny-test is untrained');
  const strip = page.getByTestId('token-strip').first();
  await expect(strip.locator('button.token-chip')).toHaveCount(8);
  await expect(strip).toHaveText(SAMPLED_STRIP);
  expect(Number(await page.getByTestId('tokens-per-second').textContent())).toBeGreaterThan(0);
  await expect(page.getByTestId('candidate-bars').locator('tbody tr')).toHaveCount(10);
  await expect(page.locator('.heatmap canvas')).toHaveCount(8);
  await strip.locator('button.token-chip').nth(3).click();
  await expect(page).toHaveURL(/step=3/);
  await expect(page.getByRole('heading', { name: /^Step 3:/ })).toBeVisible();
  await page.locator('.heatmap button').nth(5).click();
  await expect(page).toHaveURL(/layer=1&head=1|head=1.*layer=1/);
  await expect(page.getByRole('heading', { name: 'Layer 1, head 1: where step 3 looked' })).toBeVisible();
  await page.setViewportSize({ width: 1200, height: 720 });
  await page.evaluate(() => window.scrollTo(0, 300));
  await expect.poll(() => controlsBelowHeader(page)).toBeCloseTo(8, 0);
  expect(watch.consoleErrors).toEqual([]);
});

// How far the sticky settings panel sits below the header once scrolled (0.5rem = 8 px when it
// is stuck); at 1200 px the header's links take two rows.
function controlsBelowHeader(page: Page): Promise<number> {
  return page.evaluate(() => {
    const header = document.querySelector('.app-header')?.getBoundingClientRect();
    const controls = document.querySelector('.controls')?.getBoundingClientRect();
    return header && controls ? controls.top - header.bottom : Number.NaN;
  });
}

test('a prompt character outside the vocabulary is named and the page keeps working', async ({ page }) => {
  await page.goto('/attention?model=tiny-test&prompt=caf%C3%A9&max=4');
  await expect(page.getByRole('alert')).toContainText('é', { timeout: 90_000 });
  await page.getByLabel('prompt').fill('cafe');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('candidate-bars')).toBeVisible({ timeout: 90_000 });
});

test('the prompt stops at its limit instead of falling back to the default', async ({ page }) => {
  await page.goto('/attention');
  const prompt = page.getByLabel('prompt');
  await prompt.fill('1'.repeat(200));
  await expect(page.getByText('200 / 200 characters')).toBeVisible();
  await prompt.press('End');
  await prompt.pressSequentially('2');
  await expect(prompt).toHaveValue('1'.repeat(200));
  await expect(page.getByText(/URL parameter prompt/)).toHaveCount(0);
});
