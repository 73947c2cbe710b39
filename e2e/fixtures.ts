// Shared e2e helpers: collect console errors, page errors and every request a page makes.
import { test as base, type Page } from '@playwright/test';

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

export { expect } from '@playwright/test';

/**
 * The token strip of tiny-test's output for the prompt "12+34=" at temperature 1, seed 3, 8 new
 * tokens: the GPU and the CPU rung must both show exactly this (they draw the same numbers).
 */
export const SAMPLED_STRIP = '<bos>12+34=<join>,jee␣B<answer>';
