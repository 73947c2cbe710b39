import { expect, test } from './fixtures.ts';

test('the task browser shows seeded examples and the verifier judges typed answers', async ({
  page,
  watch,
}) => {
  await page.goto('/tasks?world=arithmetic&difficulty=2&format=think&seed=7&count=2');
  const problems = page.getByTestId('problem');
  await expect(problems).toHaveCount(2);
  const first = problems.first();
  await expect(first.locator('.special-token', { hasText: '<think>' }).first()).toBeVisible();
  await expect(first.getByTestId('verdict')).toHaveText(/^reward 1 — correct/);
  const answer = (await first.locator('h3 .muted').textContent())?.replace('answer: ', '') ?? '';
  await first.locator('textarea').fill(`<answer>${Number(answer) + 1}</answer>`);
  await expect(first.getByTestId('verdict')).toContainText('reward 0');
  await first.locator('textarea').fill(`<answer>${answer}</answer><answer>${answer}</answer>`);
  await expect(first.getByTestId('verdict')).toContainText('reward 0');
  expect(watch.consoleErrors).toEqual([]);
});

test('the same seed gives the same examples, and the controls are in the URL', async ({ page }) => {
  await page.goto('/tasks?world=judge&seed=3&count=1');
  const prompt = await page.getByTestId('problem').locator('.token-text').first().textContent();
  await page.getByLabel('seed').fill('4');
  await expect(page).toHaveURL(/seed=4/);
  await expect(page.getByTestId('problem').locator('.token-text').first()).not.toHaveText(prompt ?? '');
  await page.goto('/tasks?world=judge&seed=3&count=1');
  await expect(page.getByTestId('problem').locator('.token-text').first()).toHaveText(prompt ?? '');
});

test('every world renders examples whose own targets pass the verifier', async ({ page }) => {
  for (const world of ['arithmetic', 'multi-sum', 'text-game', 'corpus', 'judge', 'instruction-pool']) {
    await page.goto(`/tasks?world=${world}&seed=2&count=1`);
    await expect(page.getByTestId('verdict')).toHaveText(/^reward 1 — correct/);
  }
});

test('an unknown world in the URL is named in a message and the page falls back', async ({ page }) => {
  await page.goto('/tasks?world=chess&count=abc');
  await expect(page.getByRole('status')).toContainText('world="chess" is not a task world');
  await expect(page.getByRole('status')).toContainText('count="abc" is not a whole number');
  await expect(page.getByTestId('problem')).toHaveCount(3);
});
