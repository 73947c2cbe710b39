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
