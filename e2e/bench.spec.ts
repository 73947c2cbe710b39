// The Bench page end to end on SwiftShader: one click runs the engines' comparison on this machine
// (ours, onnxruntime-web WebGPU and wasm, transformers.js; runtimes from our origin only), and the
// step profile shows every dispatch of a decode and a training step under its WGSL file.
import { expect, test } from './fixtures.ts';

test('compares the engines with one click and profiles a decode and a training step', async ({
  page,
  watch,
}) => {
  test.setTimeout(240_000);
  await page.goto('/bench?model=tiny-test&mode=quick');
  await expect(page.getByTestId('model-badge')).toContainText('tiny-test', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Profile the loaded model' }).click();
  const profiles = page.getByTestId('step-profiles');
  await expect(profiles).toBeVisible({ timeout: 120_000 });
  await expect(profiles).toContainText('matmul.wgsl');
  await expect(profiles).toContainText('attention_matmul.wgsl');
  await expect(profiles).toContainText('adamw.wgsl');

  await page.getByRole('button', { name: 'Run the comparison' }).click();
  const result = page.getByTestId('peer-result');
  await expect(result).toBeVisible({ timeout: 180_000 });
  for (const engine of ['ours', 'ort-webgpu', 'ort-wasm', 'transformers.js', 'transformers.js-webgpu'])
    await expect(result).toContainText(engine);
  await expect(result.locator('tbody tr')).toHaveCount(15);
  const origin = new URL(page.url()).origin;
  expect(
    watch.requests.filter(
      (url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'),
    ),
  ).toEqual([]);
  expect(watch.pageErrors).toEqual([]);
  // onnxruntime's warnings (unused initializers, shape ops kept on the CPU) are not errors.
  expect(watch.consoleErrors).toEqual([]);
});
