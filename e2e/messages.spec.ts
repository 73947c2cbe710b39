// What the lab says when it cannot use what it was given (#23 items 5-7), as a visitor sees it:
// a long value is cut to its start and its length; a value a page adjusts is named with what it
// shows instead; a refused size or seed is named beside its field; messages name the form or the
// real problem and what to do in the lab, never a source file; a cancelled run shows no ETA.
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';

const TINY_CONFIG = JSON.parse(readFileSync('public/models/tiny-test/config.json', 'utf8')) as Record<
  string,
  unknown
>;

test('a 100 kB URL value and a long model name give short messages that fit the page', async ({ page }) => {
  await page.goto('/tasks?count=1');
  await expect(page.getByTestId('problem')).toHaveCount(1);
  // Past what a server takes in a request line, so it arrives as an in-page navigation.
  await page.evaluate((long) => {
    history.pushState(null, '', `/tasks?count=1&world=${long}`);
    dispatchEvent(new PopStateEvent('popstate'));
  }, 'x'.repeat(100_000));
  const notice = page.getByRole('status');
  await expect(notice).toContainText(
    `URL parameter world="${'x'.repeat(40)}…" (100000 characters) is longer`,
  );
  expect((await notice.textContent())?.length).toBeLessThan(200);
  expect(await notice.evaluate((n) => n.scrollWidth <= n.clientWidth)).toBe(true);

  await page.goto(`/tasks?count=1&model=${'y'.repeat(5000)}`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`"${'y'.repeat(40)}…" (5000 characters) is not a model name.`, {
    timeout: 60_000,
  });
  expect((await alert.textContent())?.length).toBeLessThan(500);
});

test('the Tasks page names a difficulty or format its world lacks, and what it shows instead', async ({
  page,
}) => {
  await page.goto('/tasks?world=arithmetic&difficulty=42&format=zzz&count=1');
  const notice = page.getByRole('status');
  await expect(notice).toContainText(
    /URL parameter difficulty="42" is not a difficulty of Arithmetic \(1, 2, 3, 4\); using 2\./,
  );
  await expect(notice).toContainText(
    'URL parameter format="zzz" is not a format of Arithmetic (think, plain, no_think, budget); using think.',
  );
  await expect(page.getByLabel('difficulty')).toHaveValue('2');
  await expect(page.getByLabel('format')).toHaveValue('think');
  await expect(page.getByTestId('problem')).toHaveCount(1);
});

test('the Attention page names a step, layer and head past the last, and shows the last', async ({
  page,
}) => {
  await page.goto('/attention?model=tiny-test&temperature=1&seed=3&max=8&step=255&layer=63&head=63');
  await expect(page.getByTestId('candidate-bars')).toBeVisible({ timeout: 90_000 });
  const notice = page.getByRole('status').filter({ hasText: 'URL parameter' });
  await expect(notice).toContainText(
    /URL parameter step="255" is past the last generated step \((\d+)\); using \1\./,
  );
  await expect(notice).toContainText(
    'URL parameter layer="63" is past this model\'s last layer (1); using 1.',
  );
  await expect(notice).toContainText('URL parameter head="63" is past this model\'s last head (3); using 3.');
  await expect(page.getByRole('heading', { name: /^Layer 1, head 3: where step \d+ looked$/ })).toBeVisible();
});

test('random init names a size or seed it refuses beside its field, and uses the value it says', async ({
  page,
}) => {
  await page.goto('/models?model=tiny-test');
  await expect(page.getByTestId('current-model')).toContainText('tiny-test', { timeout: 60_000 });
  await page.getByLabel('layers').fill('0');
  await expect(page.getByText('0 is outside 1..64; still 2')).toBeVisible();
  await page.getByLabel('seed').fill('1e300');
  await expect(page.getByText('1e300 is not a whole number; still 1')).toBeVisible();
  await page.getByRole('button', { name: 'Create and load' }).click();
  await expect(page.getByTestId('current-model')).toContainText('random-L2-C32-seed1', { timeout: 60_000 });
});

test('a random init that cannot be built names the form, not a config.json', async ({ page }) => {
  await page.goto('/models?model=tiny-test');
  await expect(page.getByTestId('current-model')).toContainText('tiny-test', { timeout: 60_000 });
  await page.getByLabel('KV heads').fill('3');
  await page.getByRole('button', { name: 'Create and load' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(
    'Random init: "num_key_value_heads" (3) must divide num_attention_heads (4)',
  );
  await expect(alert).toContainText('Random init form');
  await expect(alert).not.toContainText('config.json');
  await expect(page.getByTestId('current-model')).toContainText('tiny-test');
});

test('a bad checkpoint is explained by its real problem and what to do in the lab', async ({ page }) => {
  await page.goto('/models?model=tiny-test');
  await expect(page.getByTestId('current-model')).toContainText('tiny-test', { timeout: 60_000 });
  const drop = (config: string) =>
    page.getByTestId('drop-zone').evaluate((zone, text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'config.json'));
      transfer.items.add(new File([new Uint8Array([1, 2, 3])], 'model.safetensors'));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, config);
  const alert = page.getByRole('alert');

  await drop('{"model_type": "llama"');
  await expect(alert).toContainText('config.json is not valid JSON');
  await expect(alert.locator('.error-hint')).toContainText('Download its folder');
  await expect(alert.locator('.error-hint')).not.toContainText('src/');

  const noHeadDim: Record<string, unknown> = { ...TINY_CONFIG, hidden_size: 30 };
  delete noHeadDim.head_dim;
  await drop(JSON.stringify(noHeadDim));
  await expect(alert).toContainText(
    'config.json: "hidden_size" (30) is not divisible by num_attention_heads (4), so head_dim has no default',
  );
  await expect(alert.locator('.error-hint')).not.toContainText('saveCheckpoint');
});

test('a cancelled run shows no ETA from the moment Cancel is pressed', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(
    '/trainer?preset=tiny&steps=3000&batch=4&rows=48&warmup=1&evalEvery=0&evalN=2&digits=2&seed=3',
  );
  await page.getByRole('button', { name: 'Start training' }).click();
  const progress = page.getByTestId('trainer-progress');
  await expect(progress).toContainText(/ETA (< 1|\d+) min/, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  // Read once, right after the click: the job stops only after its step, and no ETA may show meanwhile.
  expect(await progress.textContent()).not.toContain('ETA');
  await expect(progress).toContainText('cancelled');
  await expect(progress).not.toContainText('ETA');
});
