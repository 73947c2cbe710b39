// Every page passes an axe-core scan with no serious or critical violation, once its content has
// loaded (the shipped model, published benchmarks, a method note); the pages pageState.spec.ts
// does not cover have every control reachable by Tab.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';
import { expectEveryControlReachable } from './keyboard.ts';

const PAGES: { path: string; ready: string }[] = [
  { path: '/', ready: 'methods-running' },
  { path: '/attention', ready: 'adapter-badge' },
  { path: '/microscope', ready: 'recon-label' },
  { path: '/multiplex', ready: 'method-note-link' },
  { path: '/trainer', ready: 'adapter-badge' },
  { path: '/rl', ready: 'method-note-link' },
  { path: '/bench', ready: 'adapter-badge' },
  { path: '/models', ready: 'adapter-badge' },
  { path: '/kernels', ready: 'published-matmul' },
  { path: '/tasks', ready: 'adapter-badge' },
  { path: '/notes', ready: 'method-note' },
  { path: '/notes/multiplex', ready: 'method-note' },
];

test('every page passes an axe scan with no serious or critical violation', async ({ page }) => {
  test.setTimeout(240_000);
  const found: string[] = [];
  for (const { path, ready } of PAGES) {
    await page.goto(path);
    await expect(page.getByTestId(ready).first()).toBeVisible();
    await expect(page.getByTestId('model-badge')).toBeVisible({ timeout: 60_000 });
    const { violations } = await new AxeBuilder({ page }).analyze();
    for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
      found.push(
        `${path}: ${v.id} (${v.impact}, ${v.nodes.length}) ${v.help} — ${v.nodes[0]?.target.join(' ')}`,
      );
    }
  }
  expect(found).toEqual([]);
});

test('a chart opens its numbers as a table, by keyboard too', async ({ page }) => {
  await page.goto('/multiplex');
  const numbers = page.locator('.chart-numbers').first();
  await numbers.locator('summary').focus();
  await page.keyboard.press('Enter');
  const table = numbers.getByRole('region', { name: /the numbers of/ }).getByRole('table');
  await expect(table.getByRole('columnheader', { name: 'k', exact: true })).toBeVisible();
  expect(await table.getByRole('row').count()).toBeGreaterThan(2);
});

test('every control of the pages without settings in the URL is reachable by Tab', async ({ page }) => {
  for (const path of ['/', '/bench', '/models', '/kernels', '/notes/grpo']) {
    await page.goto(path);
    await expect(page.getByLabel('Model', { exact: true })).toBeEnabled({ timeout: 60_000 });
    // Published results arrive after the model: their tables must be there before the round.
    await page.waitForLoadState('networkidle');
    await expectEveryControlReachable(page);
  }
});
