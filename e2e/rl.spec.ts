// The RL page end to end on the shipped model: a few GRPO steps, the charts, the rollout table and
// the token inspector; pause, reload (the run, its metrics and its latest rollouts come back from
// IndexedDB), resume to the end, with a retention panel and replay of its skills; the URL carries
// every control; the panel's default comes from the model's card; settings that cannot run say
// why; a short run with Multiplex Thinking rollouts.
import { expect, pauseAndReload, test } from './fixtures.ts';

const RUN =
  '/rl?difficulty=1&ops=add,mul&mode=no_think&steps=5&prompts=2&G=4&heldOut=8&evalEvery=2&warmup=1&updates=2&seed=4&max=26&retain=add2+think,sub2+think&retainN=3&replay=0.5';

test('trains the shipped model, pauses, survives a reload and resumes to the end', async ({
  page,
  watch,
}) => {
  test.setTimeout(240_000);
  await page.goto(RUN);
  await expect(page.getByLabel('group size G')).toHaveValue('4');
  await expect(page.getByLabel('mul', { exact: true })).toBeChecked();
  await expect(page.getByLabel('sub', { exact: true })).not.toBeChecked();
  const skills = page.getByRole('group', { name: 'retention panel skills' });
  await expect(skills.getByLabel(/^add2 think/)).toBeChecked();
  await expect(skills.getByLabel(/^mul2x2 think/)).not.toBeChecked();
  await expect(page.getByTestId('replay-note')).toContainText(
    '1 of 2 prompts per step replay the checked skills',
  );
  await page.getByRole('button', { name: 'Start RL' }).click();
  const progress = page.getByTestId('rl-progress');
  const pausedAt = await pauseAndReload(page, progress, /Step [2-4] of 5/);
  await expect(progress).toContainText('From lab-base on level 1 (add, mul, no-think)');
  await expect(progress).toContainText(`Step ${pausedAt} of 5`);
  await expect(page.getByTestId('rl-rollouts').locator('tbody tr')).toHaveCount(8);
  await expect(page.getByTestId('rl-accuracy')).toContainText('held-out accuracy at step 0');
  await page.getByRole('button', { name: `Resume from step ${pausedAt}` }).click();
  await expect(progress).toContainText('Step 5 of 5', { timeout: 120_000 });
  await expect(progress).toContainText('finished', { timeout: 120_000 });
  await expect(page.getByTestId('rl-accuracy')).toContainText('→ at step 5');
  await expect(progress).toContainText('replay 50% of prompts');
  await expect(page.getByTestId('rl-kl')).toContainText('KL to the start model');
  const panel = page.getByTestId('retention-panel');
  await expect(panel).toContainText('step 0 against step 5');
  await expect(panel.locator('tbody tr')).toHaveCount(3);
  await expect(panel.getByRole('rowheader', { name: 'add2 think' })).toBeVisible();
  await expect(panel.getByRole('rowheader', { name: 'whole panel' })).toBeVisible();
  await expect(page.getByTestId('retention-verdict')).toHaveAttribute(
    'data-verdict',
    /^(kept|lost|undecided)$/,
  );
  await expect(
    page.getByRole('region', { name: 'Held-out accuracy (greedy)' }).locator('.recharts-legend-wrapper'),
  ).toContainText('retention panel');

  for (const chart of [
    'Mean reward',
    'Held-out accuracy (greedy)',
    'Response length',
    'Policy entropy',
    'KL to the reference',
    'Clip fraction',
  ]) {
    await expect(page.getByRole('region', { name: chart }).getByRole('application')).toBeVisible();
  }
  await expect(page.getByRole('heading', { name: 'Token inspector, step 5' })).toBeVisible();
  await page.getByTestId('rl-inspector').locator('.token-chip').first().hover();
  const details = page.getByTestId('rl-token-details');
  await expect(details).toContainText('ratio π/π_old');
  await expect(details).toContainText('log π_ref');
  await expect(page.getByRole('heading', { name: 'The trained model' })).toBeVisible();
  expect(watch.pageErrors).toEqual([]);
});

test('the retention panel defaults to what the card says the model solved, less the task', async ({
  page,
}) => {
  await page.goto('/rl?difficulty=2&ops=add&mode=think');
  const skills = page.getByRole('group', { name: 'retention panel skills' });
  await expect(skills.getByLabel(/^mul2x2 think/)).toBeChecked();
  await expect(skills.getByLabel(/^mul2x2 think/)).toHaveAccessibleName(/87%/);
  await expect(skills.getByLabel(/^add2 think/)).toBeDisabled();
  await expect(skills.getByLabel(/^add2 no-think/)).not.toBeChecked();
  await skills.getByLabel(/^add3 think/).uncheck();
  await expect(page).toHaveURL(/retain=sub2/);
  await page.getByRole('button', { name: "Use the card's choice" }).click();
  await expect(page).toHaveURL(/retain=card|^(?!.*retain=)/);
  await expect(skills.getByLabel(/^add3 think/)).toBeChecked();
  await page.goto('/rl?retain=add9+think');
  await expect(page.getByText(/URL parameter retain="add9 think" names add9 think/)).toBeVisible();
});

test('settings that cannot run get a message naming the fix; bad URL values are named', async ({ page }) => {
  await page.goto('/rl?difficulty=2&ops=add&mode=think&max=8&G=banana');
  await expect(page.getByText('URL parameter G="banana" is not a whole number')).toBeVisible();
  await expect(page.getByLabel('group size G')).toHaveValue('8');
  await page.getByRole('button', { name: 'Start RL' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('would cut correct answers', { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Start RL' })).toBeEnabled();
});

test('trains with Multiplex Thinking rollouts (K = 3) and inspects them', async ({ page, watch }) => {
  test.setTimeout(180_000);
  await page.goto(
    '/rl?difficulty=1&ops=add&mode=think&steps=2&prompts=2&G=2&heldOut=4&evalEvery=0&K=3&seed=2&retain=none',
  );
  await expect(page.getByLabel('multiplex K (1: discrete)')).toHaveValue('3');
  await expect(page.getByLabel('merge')).toHaveValue('reweighted');
  await page.getByRole('button', { name: 'Start RL' }).click();
  const progress = page.getByTestId('rl-progress');
  await expect(progress).toContainText('multiplex rollouts (K 3, reweighted)');
  await expect(progress).toContainText('finished', { timeout: 150_000 });
  await expect(page.getByTestId('rl-rollouts').locator('tbody tr')).toHaveCount(4);
  await expect(page.getByRole('heading', { name: 'Token inspector, step 2' })).toBeVisible();
  expect(watch.pageErrors).toEqual([]);
});
