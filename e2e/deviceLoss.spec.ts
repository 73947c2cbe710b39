// The GPU device lost in the middle of training (issue 23): an SFT run on the Trainer page and a
// GRPO run on the RL page each lose the device a few steps in; the lab acquires a new one, goes on
// from the run's last checkpoint and says which steps are trained again, and the run ends finished.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const stepOf = async (progress: Locator) =>
  Number((await progress.locator('h2').textContent())?.match(/Step (\d+)/)?.[1]);

async function loseDeviceAndRecover(page: Page, progress: Locator, total: number) {
  await expect.poll(() => stepOf(progress), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  await page.evaluate(() => window.reasoningLab.engine.simulateDeviceLoss());
  await expect(progress).toContainText(
    /The GPU device was lost at step \d+: the lab acquired a new one and the run goes on from its checkpoint at step \d+/,
    { timeout: 60_000 },
  );
  await expect(progress).toContainText(`Step ${total} of ${total}`, { timeout: 120_000 });
  await expect(progress).toContainText('finished');
}

test('an SFT run goes on from its checkpoint after the GPU device is lost', async ({ page, watch }) => {
  test.setTimeout(240_000);
  await page.goto(
    '/trainer?preset=tiny&steps=40&batch=4&rows=48&warmup=1&evalEvery=0&evalN=2&digits=2&seed=3',
  );
  await page.getByRole('button', { name: 'Start training' }).click();
  await loseDeviceAndRecover(page, page.getByTestId('trainer-progress'), 40);
  expect(watch.pageErrors).toEqual([]);
});

test('a GRPO run goes on from its checkpoint after the GPU device is lost', async ({ page, watch }) => {
  test.setTimeout(240_000);
  await page.goto(
    '/rl?model=tiny-test&difficulty=1&ops=add&mode=no_think&steps=12&prompts=2&G=2&max=12&heldOut=4&evalEvery=0&retain=none&seed=4',
  );
  await page.getByRole('button', { name: 'Start RL' }).click();
  await loseDeviceAndRecover(page, page.getByTestId('rl-progress'), 12);
  expect(watch.pageErrors).toEqual([]);
});
