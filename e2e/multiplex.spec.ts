// The Multiplex page end to end on the shipped model: one comparison (discrete and K = 3 on the
// same problem and seed) with both texts and verdicts, the chip strip of every thinking step, the
// distinct-draws scatter and the Pass@k section read from the published file; a malformed URL
// value named, replaced by its default, with the page still running; and a published file of
// another scenario named instead of shown.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

async function runComparison(page: Page) {
  const run = page.getByRole('button', { name: 'Run discrete and multiplex' });
  await expect(run).toBeEnabled({ timeout: 60_000 });
  await run.click();
  await expect(page.getByTestId('comparison')).toBeVisible({ timeout: 120_000 });
}

test('compares discrete and multiplex decoding and shows every thinking step', async ({ page, watch }) => {
  test.setTimeout(180_000);
  // Temperature 1.8: unsure enough that some steps mix candidates.
  await page.goto('/multiplex?max=40&temperature=1.8&problem=9');
  await expect(page.getByRole('link', { name: 'arXiv 2601.08808' })).toBeVisible();
  await runComparison(page);

  for (const column of ['run-discrete', 'run-multiplex']) {
    const run = page.getByTestId(column);
    await expect(run.locator('.token-text').first()).toHaveText(/^<think>.+/s);
    await expect(run.getByTestId('verdict')).toHaveText(/^(correct|wrong.+)$/);
    await expect(run).toContainText(/thinking \d+ tokens · generated \d+ tokens/);
  }
  await expect(page.getByTestId('run-multiplex')).toContainText('Multiplex (K = 3, reweighted)');

  const steps = page.getByTestId('mx-step');
  expect(await steps.count()).toBeGreaterThan(0);
  // Each step shows its K = 3 draws: 1 to 3 chips, and the draws they stand for add up to 3.
  for (const step of (await steps.all()).slice(0, 10)) {
    const chips = step.getByTestId('mx-chip');
    const n = await chips.count();
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(3);
    const counts = await step.locator('.mx-count').allTextContents();
    const draws = n - counts.length + counts.reduce((sum, c) => sum + Number(c.slice(1)), 0);
    expect(draws).toBe(3);
  }
  await expect(page.locator('.mx-count').first()).toHaveText(/^×[23]$/);
  await expect(page.getByTestId('agreement')).toContainText(
    /All 3 draws agreed at (\d+ of \d+|all \d+) thinking steps/,
  );
  await page.getByTestId('mx-chip').first().focus();
  await expect(page.getByTestId('mx-focus')).toContainText(/weight \d\.\d{3} · log q -?\d\.\d{3}/);

  await expect(
    page.getByTestId('distinct-scatter').locator('.recharts-scatter-symbol').first(),
  ).toBeVisible();
  const published = page.getByTestId('multiplex-results');
  await expect(published).toBeVisible();
  await expect(published.getByTestId('gaps-training-free').locator('li').first()).toHaveText(
    /^multiplex K=2 − discrete at k=1: .+ — (multiplex higher|multiplex lower|no detectable difference .+)$/,
  );
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.pageErrors).toEqual([]);
});

test('a malformed URL value is named, replaced by its default, and the page still runs', async ({
  page,
  watch,
}) => {
  test.setTimeout(150_000);
  await page.goto('/multiplex?K=99&max=12');
  await expect(page.getByText('URL parameter K="99" is outside 1..8; using 3.')).toBeVisible();
  await expect(page.getByLabel('K draws (1–8)')).toHaveValue('3');
  await runComparison(page);
  await expect(page.getByTestId('run-multiplex')).toContainText('Multiplex (K = 3, reweighted)');
  expect(watch.pageErrors).toEqual([]);
});

test('a published file of another scenario is named, not shown', async ({ page }) => {
  const decode = JSON.parse(readFileSync('public/results/decode.json', 'utf8'));
  await page.route('**/results/multiplex.json', (route) => route.fulfill({ json: decode }));
  await page.goto('/multiplex');
  await expect(page.getByTestId('multiplex-unpublished')).toHaveText(
    'The published result cannot be shown: this file holds the decode benchmark, not the multiplex benchmark; re-run npm run bench -- multiplex --full --publish.',
    { timeout: 60_000 },
  );
});
