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
  const skills = page.getByRole('table', { name: 'retention panel skills' });
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
  const skills = page.getByRole('table', { name: 'retention panel skills' });
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

/** A published retention sweep of two arms (the rows' real layout, made-up figures). */
function sweepFixture() {
  const arm = (name: string, guard: string, gain: number, change: number, verdict: string) => [
    ...[0, 80].map((step) => ({
      part: 'target',
      arm: name,
      step,
      correct: step ? 150 + gain : 0,
      n: 200,
      accuracy: step ? (150 + gain) / 200 : 0,
      ci_low: 0,
      ci_high: 1,
    })),
    ...[0, 80].map((step) => ({
      part: 'retention',
      arm: name,
      step,
      correct: 570 + (step ? change : 0),
      n: 600,
      accuracy: 0.95,
      ci_low: 0.9,
      ci_high: 0.97,
      change: step ? change / 600 : 0,
      change_low: step ? change / 600 - 0.03 : -0.02,
      change_high: step ? change / 600 + 0.03 : 0.02,
      verdict: step ? verdict : 'kept',
    })),
    {
      part: 'arm',
      arm: name,
      guard,
      step: 80,
      kl_kind: 'none',
      kl_coef: 0,
      replay_share: guard === 'replay' ? 0.25 : 0,
      lr: 1e-4,
      target_gain: 75 + gain / 2,
      target_gain_low: 70 + gain / 2,
      target_gain_high: 80 + gain / 2,
      retention_change: (100 * change) / 600,
      retention_change_low: (100 * change) / 600 - 3,
      retention_change_high: (100 * change) / 600 + 3,
      verdict,
      kl: 0.3,
      minutes: 40,
    },
  ];
  return {
    scenario: 'retention',
    schemaVersion: 1,
    mode: 'full',
    seed: 1,
    launches: 1,
    keys: ['part', 'arm', 'step', 'category'],
    rows: [...arm('no guard', 'none', 20, -120, 'lost'), ...arm('replay 25%', 'replay', 0, -6, 'kept')],
    goals: [],
    notes: ['a test fixture'],
    spread: [],
    adapter: { vendor: 'google', architecture: 'swiftshader' },
    gitCommit: '0123456789abcdef',
    cpu: 'test',
    browser: 'test',
    machineShared: false,
    generatedAt: '2026-12-04T00:00:00.000Z',
  };
}

test('the published retention sweep shows its trade-off and the best arm that kept the panel', async ({
  page,
}) => {
  await page.route('**/results/retention.json', (route) => route.fulfill({ json: sweepFixture() }));
  await page.goto('/rl');
  const sweep = page.getByTestId('retention-tradeoff');
  await expect(sweep.locator('[data-chart-name="retention-tradeoff"] svg').first()).toBeVisible();
  await expect(page.getByTestId('retention-best')).toContainText(
    'Best setting that kept the panel: replay 25%',
  );
  await expect(page.getByTestId('retention-arms').locator('tbody tr')).toHaveCount(2);
  await page.unroute('**/results/retention.json');
  await page.route('**/results/retention.json', (route) => route.fulfill({ status: 404, body: '' }));
  await page.reload();
  await expect(page.getByTestId('retention-unpublished')).toContainText(
    'npm run bench -- retention --shard i/7',
  );
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
