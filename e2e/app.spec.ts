import { expect, test } from './fixtures.ts';

test('the app loads with no console errors and shows the SwiftShader adapter', async ({ page, watch }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Reasoning Lab', level: 1 })).toBeVisible();
  await expect(page.getByTestId('adapter-badge')).toHaveText('SwiftShader: CPU emulation, slow');
  await expect(page.getByRole('link', { name: /Kernels/ }).first()).toBeVisible();
  const running = page.getByTestId('methods-running');
  const craeg = running.getByRole('listitem').filter({ hasText: 'CraEG' });
  await expect(craeg.getByRole('link', { name: 'Microscope' })).toHaveAttribute('href', '/microscope');
  await expect(craeg.getByRole('link', { name: /Yang.*2026/ })).toHaveAttribute(
    'href',
    'https://arxiv.org/abs/2601.22536',
  );
  await expect(page.getByTestId('methods-planned')).toContainText('OEL');
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.pageErrors).toEqual([]);
});

test('the kernels page checks every kernel against the CPU reference', async ({ page, watch }) => {
  await page.goto('/kernels?seed=5');
  await expect(page.getByTestId('kernel-verdict')).toHaveText(/All \d+ kernels match the CPU reference/, {
    timeout: 60_000,
  });
  const checks = page.getByTestId('kernel-checks');
  await expect(checks.locator('tbody tr')).toHaveCount(6);
  for (const entryPoint of ['matmul_nt_row1', 'matmul_nt_rows4', 'matmul_nt_rows8', 'matmul_nn', 'matmul_tn'])
    await expect(checks.getByText(entryPoint, { exact: true })).toBeVisible();
  await expect(page.getByText('swiftshader', { exact: true })).toBeVisible();
  expect(watch.consoleErrors).toEqual([]);
});

test('a malformed URL parameter gets a clear message and the page still works', async ({ page }) => {
  await page.goto('/kernels?seed=banana');
  await expect(page.getByRole('status')).toContainText(
    'URL parameter seed="banana" is not a whole number; using 1.',
  );
  await expect(page.getByTestId('kernel-verdict')).toHaveText(/match the CPU reference/, { timeout: 60_000 });
});

test('an unknown address says so and links home', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'No such page' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the start page' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('a lost GPU device is explained and the lab recovers with Restart GPU', async ({ page, watch }) => {
  await page.goto('/kernels');
  await expect(page.getByTestId('kernel-verdict')).toBeVisible({ timeout: 60_000 });
  await page.evaluate(() => window.reasoningLab.engine.simulateDeviceLoss());
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The GPU device was lost (destroyed)');
  await expect(page.getByText('GPU lost')).toBeVisible();
  await alert.getByRole('button', { name: 'Restart GPU' }).click();
  await expect(page.getByTestId('adapter-badge')).toBeVisible();
  await expect(page.getByTestId('kernel-verdict')).toHaveText(/match the CPU reference/, { timeout: 60_000 });
  expect(watch.pageErrors).toEqual([]);
});

test('the built app sends a same-origin Content-Security-Policy and no request leaves the origin', async ({
  page,
  watch,
  baseURL,
}) => {
  const response = await page.goto('/kernels');
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).toContain("worker-src 'self' blob:");
  await expect(page.getByTestId('kernel-verdict')).toBeVisible({ timeout: 60_000 });
  await page.goto('/');
  const origin = new URL(baseURL ?? '').origin;
  const outside = watch.requests.filter((url) => !url.startsWith(origin) && !/^(data|blob):/.test(url));
  expect(outside).toEqual([]);
  expect(watch.requests.length).toBeGreaterThan(3);
});
