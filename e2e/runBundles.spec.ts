// Run bundles end to end (src/ui/bundle/FORMATS.md): a short GRPO run on the tiny test model
// downloads as one zip; dropped on the lab in a fresh browser context (empty IndexedDB) it opens
// on the RL page read-only with the same chart numbers and the same rollouts of every step; a
// broken file dropped gets its message and leaves the page's run as it was. An SFT run's bundle,
// saved after a reload (its model from the stored checkpoint) and chosen in the Trainer page's
// file input, opens again with the same charts.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { expect, test } from './fixtures.ts';

const RL_RUN =
  '/rl?model=tiny-test&difficulty=1&ops=add&mode=no_think&steps=3&prompts=2&G=2&max=16&heldOut=4&evalEvery=2&seed=4&retain=add2+think&retainN=2';
const SFT_RUN =
  '/trainer?model=tiny-test&preset=tiny&steps=4&batch=4&rows=48&warmup=1&evalEvery=2&evalN=2&digits=2&seed=3';

/** Every chart's numbers table, by its data-chart-name, as the page shows it. */
async function chartNumbers(page: Page): Promise<Record<string, string>> {
  const numbers: Record<string, string> = {};
  for (const chart of await page.locator('[data-chart-name]').all()) {
    const name = (await chart.getAttribute('data-chart-name')) as string;
    const details = chart.locator('xpath=ancestor::section[1]').locator('details.chart-numbers');
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    await details.locator('table').waitFor();
    numbers[name] = (await details.locator('th, td').allTextContents()).join('|');
  }
  return numbers;
}

/** The rollout table of the step the inspector shows. */
const rolloutRows = async (page: Page) =>
  (await page.getByTestId('rl-rollouts').locator('tbody td').allTextContents()).join('|');

async function saveBundle(page: Page): Promise<{ name: string; bytes: Uint8Array }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the run bundle (zip)' }).click(),
  ]);
  return { name: download.suggestedFilename(), bytes: new Uint8Array(readFileSync(await download.path())) };
}

/** Drops a file on the lab as a visitor's drag and drop does (a DataTransfer built in the page). */
async function dropFile(page: Page, name: string, bytes: Uint8Array) {
  await page.evaluate(
    ([fileName, base64]) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], fileName, { type: 'application/zip' }));
      document.body.dispatchEvent(
        new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
      );
    },
    [name, Buffer.from(bytes).toString('base64')] as const,
  );
}

test('a GRPO run downloads as one bundle that opens read-only in a fresh browser', async ({
  page,
  browser,
  baseURL,
  watch,
}) => {
  test.setTimeout(240_000);
  await page.goto(RL_RUN);
  await page.getByRole('button', { name: 'Start RL' }).click();
  const progress = page.getByTestId('rl-progress');
  await expect(progress).toContainText('finished', { timeout: 180_000 });
  const charts = await chartNumbers(page);
  expect(Object.keys(charts).length).toBeGreaterThanOrEqual(6);
  const latestRows = await rolloutRows(page);
  await page.getByLabel('step', { exact: true }).selectOption('1');
  await expect(page.getByRole('heading', { name: 'Rollouts of step 1' })).toBeVisible();
  const firstRows = await rolloutRows(page);

  const { name, bytes } = await saveBundle(page);
  expect(name).toMatch(/^grpo-run-\d{4}-\d\d-\d\d-\d{4}\.zip$/);
  const folder = name.replace(/\.zip$/, '');
  const files = unzipSync(bytes);
  const text = (path: string) => new TextDecoder().decode(files[`${folder}/${path}`]);
  for (const path of [
    'metrics.csv',
    'evals.csv',
    'rollouts.jsonl',
    'model/config.json',
    'model/onnx/model.onnx',
  ])
    expect(files[`${folder}/${path}`], path).toBeDefined();
  for (const chart of Object.keys(charts))
    expect(files[`${folder}/charts/${chart}.png`], chart).toBeDefined();
  const run = JSON.parse(text('run.json'));
  expect(run).toMatchObject({
    format: 'reasoning-lab-bundle/1',
    kind: 'grpo',
    status: 'finished',
    steps: 3,
    startModel: 'tiny-test',
    model: { step: 3 },
    settings: { seed: 4, groupSize: 2, promptsPerStep: 2 },
  });
  expect(text('metrics.csv').trim().split('\n')).toHaveLength(4);
  // Evaluations at steps 0, 2 and 3, each with its target category and its retention panel's.
  const evalRows = text('evals.csv').trim().split('\n').slice(1);
  expect(evalRows.filter((r) => r.endsWith(',retention'))).toHaveLength(3);
  expect(evalRows.filter((r) => r.endsWith(',target'))).toHaveLength(3);
  const rollouts = text('rollouts.jsonl')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(rollouts.map((r) => r.step)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
  expect(rollouts[0].response_ids.length).toBe(rollouts[0].log_prob.length);

  // A fresh context has an empty IndexedDB: all it shows comes from the bundle.
  const fresh = await (await browser.newContext({ baseURL })).newPage();
  await fresh.goto('/?model=tiny-test');
  await dropFile(fresh, name, bytes);
  await expect(fresh).toHaveURL(/\/rl$/);
  const banner = fresh.getByTestId('bundle-banner');
  await expect(banner).toContainText(`Viewing the run bundle ${folder} (step 3,`);
  await expect(banner).toContainText('nothing trains');
  await expect(fresh.getByTestId('rl-progress')).toContainText('From tiny-test on level 1');
  await expect(fresh.getByRole('button', { name: /^Start/ })).toBeDisabled();
  expect(await chartNumbers(fresh)).toEqual(charts);
  await expect(fresh.getByTestId('retention-panel')).toContainText('step 0 against step 3');
  await expect(fresh.getByRole('heading', { name: 'Rollouts of step 3' })).toBeVisible();
  expect(await rolloutRows(fresh)).toBe(latestRows);
  await fresh.getByLabel('step', { exact: true }).selectOption('1');
  await expect(fresh.getByRole('heading', { name: 'Rollouts of step 1' })).toBeVisible();
  expect(await rolloutRows(fresh)).toBe(firstRows);
  // The settings panel keeps the visitor's settings until asked for the run's.
  await expect(fresh.getByLabel('group size G')).toHaveValue('8');
  await banner.getByRole('button', { name: 'Use its settings' }).click();
  await expect(fresh).toHaveURL(/G=2&.*steps=3/);
  await expect(fresh.getByLabel('group size G')).toHaveValue('2');
  await banner.getByRole('button', { name: 'Close' }).click();
  await expect(banner).toHaveCount(0);
  await expect(fresh.getByRole('heading', { name: 'No run yet' })).toBeVisible();
  await fresh.context().close();

  // A broken file changes nothing: the page's own run stays as it was.
  await dropFile(page, 'broken.zip', new TextEncoder().encode('not a zip at all'));
  const alert = page.getByRole('alert').filter({ hasText: 'could not be opened as a run bundle' });
  await expect(alert).toContainText('broken.zip is not a zip archive');
  await expect(progress).toContainText('Step 3 of 3');
  await expect(progress).toContainText('finished');
  await expect(page.getByTestId('bundle-banner')).toHaveCount(0);
  expect(await chartNumbers(page)).toEqual(charts);
  expect(watch.pageErrors).toEqual([]);
});

test("an SFT run's bundle, chosen in the Trainer page's file input, opens again", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  await page.goto(SFT_RUN);
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('trainer-progress')).toContainText('finished', { timeout: 120_000 });
  // After a reload the engine no longer holds the job: the model comes from the stored checkpoint.
  await page.reload();
  await expect(page.getByTestId('trainer-progress')).toContainText('finished');
  const charts = await chartNumbers(page);
  const { name, bytes } = await saveBundle(page);
  expect(name).toMatch(/^sft-run-/);
  const folder = name.replace(/\.zip$/, '');
  const files = unzipSync(bytes);
  expect(JSON.parse(new TextDecoder().decode(files[`${folder}/run.json`]))).toMatchObject({
    kind: 'sft',
    start: { from: 'random', preset: 'tiny', seed: 3 },
    model: { step: 4 },
  });
  expect(files[`${folder}/model/model.safetensors`].length).toBeGreaterThan(1000);

  const fresh = await (await browser.newContext({ baseURL })).newPage();
  await fresh.goto('/trainer?model=tiny-test');
  await fresh
    .getByLabel('Open a run bundle')
    .setInputFiles({ name, mimeType: 'application/zip', buffer: Buffer.from(bytes) });
  await expect(fresh.getByTestId('bundle-banner')).toContainText('(step 4,');
  await expect(fresh.getByTestId('trainer-progress')).toContainText('Step 4 of 4');
  await fresh.getByRole('button', { name: 'Use its settings' }).click();
  await expect(fresh).toHaveURL(/steps=4/);
  await expect(fresh.getByLabel('row length')).toHaveValue('48');
  expect(await chartNumbers(fresh)).toEqual(charts);
  await fresh.context().close();
});
