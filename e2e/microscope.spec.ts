// The decoding microscope end to end on the shipped model: generate with CraEG on, walk the steps
// (step, back, rewind), see every stage and the embedding map, branch at a token, and carry the
// controls through the URL and a reload; the published craeg benchmark read with its verdicts, and
// a published file of a newer layout named instead of shown.
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';

test('steps through a generation, branches at a token, and keeps its controls in the URL', async ({
  page,
  watch,
}) => {
  test.setTimeout(180_000);
  await page.goto('/microscope?temperature=1.2&max=20&seed=3&kappa=0.5');
  await expect(page.getByTestId('recon-label')).toContainText('Our reconstruction');
  await expect(page.getByLabel('κ (strength)')).toHaveValue('0.5');
  await page.getByRole('button', { name: 'Generate' }).click();
  const position = page.getByTestId('microscope-position');
  await expect(position).toHaveText(/^1 \/ \d+$/, { timeout: 120_000 });
  const total = Number((await position.textContent())?.split('/')[1]);
  await expect(page.getByTestId('stage-bars').locator('tbody tr')).toHaveCount(10);
  await expect(page.getByTestId('stage-bars').locator('thead')).toContainText('CraEG (final)');
  await expect(page.getByTestId('embedding-map').locator('circle')).toHaveCount(10);
  await expect(page.getByTestId('microscope-metrics')).toContainText('step crowding C_t');
  const verdicts = page.getByTestId('craeg-intervention').locator('tbody tr td:last-child');
  await expect(verdicts.first()).toHaveText(/^(CraEG higher|CraEG lower|no detectable difference .+)$/);

  await page.getByRole('button', { name: 'step', exact: true }).click();
  await page.getByRole('button', { name: 'step', exact: true }).click();
  await expect(position).toHaveText(`3 / ${total}`);
  await page.getByRole('button', { name: 'step back' }).click();
  await expect(position).toHaveText(`2 / ${total}`);
  await page.getByRole('button', { name: 'rewind' }).click();
  await expect(position).toHaveText(`1 / ${total}`);
  await expect(page.getByTestId('sequence-strip').locator('.token-chip')).toHaveCount(1);

  const branch = page.getByRole('button', { name: /^branch with / }).first();
  const picked = (await branch.getAttribute('aria-label'))?.replace('branch with ', '');
  await branch.click();
  const heading = page.getByTestId('microscope-step').getByRole('heading', { level: 2 });
  await expect(heading).toContainText('picked by hand', { timeout: 120_000 });
  await expect(heading.locator('code')).toHaveText(picked ?? '');
  await expect(page.getByTestId('sequence-strip').locator('.token-chip.branched')).toHaveCount(1);

  await page.getByLabel('min-p').fill('0.05');
  await expect(page).toHaveURL(/minP=0\.05/);
  await page.reload();
  await expect(page.getByLabel('min-p')).toHaveValue('0.05');
  await expect(page.getByLabel('temperature (0 = greedy)')).toHaveValue('1.2');
  expect(watch.pageErrors).toEqual([]);
});

test('a malformed URL value is named and replaced by its default', async ({ page }) => {
  await page.goto('/microscope?temperature=hot');
  await expect(page.getByText('URL parameter temperature="hot" is not a number; using 1.')).toBeVisible();
  await expect(page.getByLabel('temperature (0 = greedy)')).toHaveValue('1');
});

test('a published file of a newer layout is named, not shown', async ({ page }) => {
  const published = JSON.parse(readFileSync('public/results/craeg.json', 'utf8'));
  await page.route('**/results/craeg.json', (route) =>
    route.fulfill({ json: { ...published, schemaVersion: 2 } }),
  );
  await page.goto('/microscope');
  await expect(
    page.getByText(
      'The published file cannot be shown: this file was written by a newer version of the craeg benchmark (schema 2) than this page reads (schema 1)',
    ),
  ).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('craeg-results')).toHaveCount(0);
});
