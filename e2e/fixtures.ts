// Shared e2e helpers: collect console errors, page errors and every request a page makes.
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export interface PageWatch {
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
}

export const test = base.extend<{ watch: PageWatch }>({
  watch: async ({ page }: { page: Page }, use: (watch: PageWatch) => Promise<void>) => {
    const watch: PageWatch = { consoleErrors: [], pageErrors: [], requests: [] };
    page.on('console', (message) => {
      if (message.type() === 'error') watch.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => watch.pageErrors.push(error.message));
    page.on('request', (request) => watch.requests.push(request.url()));
    await use(watch);
  },
});

export { expect };

/**
 * The token strip of tiny-test's output for the prompt "12+34=" at temperature 1, seed 3, 8 new
 * tokens: the GPU and the CPU rung must both show exactly this (they draw the same numbers).
 */
export const SAMPLED_STRIP = '<bos>12+34=<join>,jee␣B<answer>';

/**
 * Pauses a training page's run once `progress` shows a step matching `running`, reloads the page
 * and waits for the run to come back from IndexedDB. Returns the step it paused at.
 */
export async function pauseAndReload(page: Page, progress: Locator, running: RegExp): Promise<number> {
  await expect(progress).toContainText(running, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const resume = page.getByRole('button', { name: /Resume from step \d/ });
  await expect(resume).toBeVisible({ timeout: 60_000 });
  const pausedAt = Number((await resume.textContent())?.match(/\d+/)?.[0]);
  await page.reload();
  await expect(page.getByRole('button', { name: `Resume from step ${pausedAt}` })).toBeVisible({
    timeout: 60_000,
  });
  return pausedAt;
}
