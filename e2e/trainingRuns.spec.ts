// Two defects of the training pages that must not come back. (a) A double-clicked Start started
// two runs, and the first trained on with no Pause or Cancel anywhere: now the first click
// disables Start, the one run keeps its controls (and its ETA), it really stops when paused and
// goes on when resumed, and the engine refuses a second job naming the running one. (b) A reload before the first timed checkpoint
// showed "Step 0 … paused" and lost the run: now a run checkpoints at its start and when the page
// goes hidden, and after a reload it says which checkpoint it is back at and which steps were lost.
import type { Locator } from '@playwright/test';
import type { JobRequestOf } from '../src/engine/api.ts';
import { expect, test } from './fixtures.ts';

/** A tiny SFT run long enough to act on while it goes (no evaluation before its last step). */
const LONG_RUN =
  '/trainer?preset=tiny&steps=3000&batch=4&rows=48&warmup=1&evalEvery=0&evalN=2&digits=2&seed=3';

const SECOND_JOB: JobRequestOf<'sft'> = {
  kind: 'sft',
  start: { from: 'random', preset: 'tiny', seed: 1 },
  settings: {
    training: {
      steps: 2,
      B: 2,
      T: 48,
      accumulation: 1,
      peakLr: 1e-3,
      warmupSteps: 1,
      minLrRatio: 0.1,
      adamw: { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, clipNorm: 1 },
      evalEvery: 0,
      checkpointMinutes: 1,
      seed: 1,
    },
    mix: { add: 1, sub: 1, mul: 0, maxDigits: 2, think: 1, noThink: 0, budget: 0 },
    eval: { perCategory: 1, finalPerCategory: 1, modes: ['think'], maxNewTokens: 30, batch: 2 },
  },
};

/** The step a training page's progress heading shows. */
const stepOf = async (progress: Locator) =>
  Number((await progress.locator('h2').textContent())?.match(/Step (\d+)/)?.[1]);

test('a double-clicked Start starts one run that keeps its controls; the engine refuses a second', async ({
  page,
  watch,
}) => {
  test.setTimeout(120_000);
  await page.goto(LONG_RUN);
  await page.getByRole('button', { name: 'Start training' }).dblclick();
  const progress = page.getByTestId('trainer-progress');
  await expect(progress).toContainText(/Step [1-9]\d* of 3000/, { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  const refused = await page.evaluate(
    (request) =>
      window.reasoningLab.startJob(request).then(
        () => null,
        (error: Error) => ({ name: error.name, message: error.message }),
      ),
    SECOND_JOB,
  );
  expect(refused?.name).toBe('JobRunningError');
  expect(refused?.message).toMatch(/^A SFT job \(sft-1\) is running: step \d+ of 3000\.$/);

  await page.getByRole('button', { name: 'Pause' }).click();
  const resume = page.getByRole('button', { name: /Resume from step \d+/ });
  await expect(resume).toBeVisible();
  const pausedAt = await stepOf(progress);
  await expect(resume).toHaveText(`Resume from step ${pausedAt}`);
  // Nothing trains on behind the paused run; it goes on in place when resumed.
  await page.waitForTimeout(1500);
  expect(await stepOf(progress)).toBe(pausedAt);
  await resume.click();
  await expect.poll(() => stepOf(progress), { timeout: 60_000 }).toBeGreaterThan(pausedAt);
  await expect(progress).toContainText(/ETA (< 1|\d+) min/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toContainText('cancelled');
  expect(watch.pageErrors).toEqual([]);
});

test('a double-clicked Start RL starts one run that keeps its controls', async ({ page, watch }) => {
  test.setTimeout(120_000);
  await page.goto(
    '/rl?difficulty=1&ops=add&mode=no_think&steps=50&prompts=2&G=2&max=12&heldOut=4&evalEvery=0&retain=none',
  );
  await page.getByRole('button', { name: 'Start RL' }).dblclick();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
  const progress = page.getByTestId('rl-progress');
  await expect(progress).toContainText(/Step [1-9]\d* of 50/, { timeout: 60_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toContainText('cancelled');
  await expect(page.getByRole('button', { name: 'Start a new run' })).toBeEnabled();
  expect(watch.pageErrors).toEqual([]);
});

test('a run checkpoints at its start and when the page hides; a reload says what it lost', async ({
  page,
  watch,
}) => {
  test.setTimeout(120_000);
  await page.goto(LONG_RUN);
  await page.getByRole('button', { name: 'Start training' }).click();
  const progress = page.getByTestId('trainer-progress');
  const checkpoint = page.getByTestId('run-checkpoint');
  await expect(checkpoint).toContainText('step 0', { timeout: 60_000 });
  await expect(progress).toContainText(/Step ([3-9]|\d\d+) of 3000/, { timeout: 60_000 });

  const hiddenAt = await stepOf(progress);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect
    .poll(async () => Number((await checkpoint.textContent())?.match(/step (\d+)/)?.[1]))
    .toBeGreaterThanOrEqual(hiddenAt);

  await expect(progress).toContainText(/Step \d+ of 3000/);
  await page.reload();
  const resume = page.getByRole('button', { name: /Resume from step \d+/ });
  await expect(resume).toBeVisible({ timeout: 60_000 });
  const back = Number((await resume.textContent())?.match(/\d+/)?.[0]);
  expect(back).toBeGreaterThanOrEqual(hiddenAt);
  await expect(progress).toContainText(`Step ${back} of 3000`);
  await expect(progress).toContainText('paused');
  const notice = progress.getByRole('status');
  await expect(notice).toContainText(
    new RegExp(
      `^The page was reloaded while the run was going(: steps? [\\d–]+ (was|were) lost with the reload;|; nothing was lost:) resume it from its checkpoint at step ${back}\\.$`,
    ),
  );
  const lost = (await notice.textContent())?.match(/steps? (\d+)(?:–\d+)? (?:was|were) lost/);
  if (lost) expect(Number(lost[1])).toBe(back + 1);

  await resume.click();
  await expect.poll(() => stepOf(progress), { timeout: 60_000 }).toBeGreaterThan(back);
  await expect(progress).toContainText('running');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toContainText('cancelled');
  expect(watch.pageErrors).toEqual([]);
});
