// The built lab's security policy (scripts/securityPolicy.ts) as the browser enforces it: the
// headers and the <meta> policy at the top of index.html, an injected inline script refused by the
// headers and by the meta alone (as on a static host that sends no headers), and no page of the
// lab tripping the policy or requesting anything off its origin.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** Each page with the test id that shows its content has arrived. */
const PAGES: { path: string; ready: string }[] = [
  { path: '/', ready: 'methods-running' },
  { path: '/attention', ready: 'candidate-bars' },
  { path: '/microscope', ready: 'recon-label' },
  { path: '/multiplex', ready: 'method-note-link' },
  { path: '/trainer', ready: 'adapter-badge' },
  { path: '/rl', ready: 'method-note-link' },
  { path: '/bench?model=tiny-test', ready: 'adapter-badge' },
  { path: '/models?model=tiny-test', ready: 'current-model' },
  { path: '/kernels', ready: 'kernel-verdict' },
  { path: '/tasks', ready: 'adapter-badge' },
  { path: '/notes/multiplex', ready: 'method-note' },
];

type Probe = Window & { inlineScriptRan?: boolean; cspViolations?: string[] };

/** Appends an inline <script> and reports whether it ran and which directive refused it. */
function injectInlineScript(page: Page): Promise<{ ran: boolean; refusedBy: string }> {
  return page.evaluate(
    () =>
      new Promise<{ ran: boolean; refusedBy: string }>((resolve) => {
        const probe = window as Probe;
        const settle = (refusedBy: string) => resolve({ ran: probe.inlineScriptRan === true, refusedBy });
        document.addEventListener('securitypolicyviolation', (event) => settle(event.effectiveDirective), {
          once: true,
        });
        setTimeout(() => settle('nothing'), 2000);
        const script = document.createElement('script');
        script.textContent = 'window.inlineScriptRan = true;';
        document.body.append(script);
      }),
  );
}

test('the built page sends the policy headers and opens its head with the same policy as a meta', async ({
  page,
}) => {
  const response = await page.goto('/');
  const headers = response?.headers() ?? {};
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  const header = headers['content-security-policy'] ?? '';
  for (const directive of [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval';",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
  ])
    expect(header).toContain(directive);
  const first = page.locator('head > :first-child');
  await expect(first).toHaveAttribute('http-equiv', 'Content-Security-Policy');
  // The meta is the header without frame-ancestors, which a <meta> policy cannot carry.
  expect(`${await first.getAttribute('content')}; frame-ancestors 'none'`).toBe(header);
  await expect(page.locator('head > meta[name=referrer]')).toHaveAttribute('content', 'no-referrer');
  const asset = await page.request.get('/favicon.svg');
  expect(asset.headers()['x-content-type-options']).toBe('nosniff');
});

test('an injected inline script is refused, by the headers and by the meta alone', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('methods-running')).toBeVisible();
  expect(await injectInlineScript(page)).toEqual({ ran: false, refusedBy: 'script-src-elem' });

  // A static host sends no headers: strip them and the meta must refuse the script on its own.
  await page.route(
    (url) => url.pathname === '/',
    async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['content-security-policy'];
      await route.fulfill({ response, headers });
    },
  );
  const bare = await page.goto('/');
  expect(bare?.headers()['content-security-policy']).toBeUndefined();
  await expect(page.getByTestId('methods-running')).toBeVisible();
  expect(await injectInlineScript(page)).toEqual({ ran: false, refusedBy: 'script-src-elem' });
});

test('every page of the lab loads without a policy violation or a request off the origin', async ({
  page,
  watch,
  baseURL,
}) => {
  test.setTimeout(240_000);
  // Init scripts run outside the page's policy, so this listener is in place before any script.
  await page.addInitScript(() => {
    const probe = window as Probe;
    probe.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      probe.cspViolations?.push(`${event.effectiveDirective} refused ${event.blockedURI}`),
    );
  });
  const violations: string[] = [];
  for (const { path, ready } of PAGES) {
    await page.goto(path);
    await expect(page.getByTestId(ready).first()).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('model-badge')).toBeVisible({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    for (const violation of await page.evaluate(() => (window as Probe).cspViolations ?? []))
      violations.push(`${path}: ${violation}`);
  }
  expect(violations).toEqual([]);
  expect(watch.consoleErrors.filter((text) => /Content Security Policy|Refused to/.test(text))).toEqual([]);
  expect(watch.pageErrors).toEqual([]);
  const origin = new URL(baseURL ?? '').origin;
  expect(watch.requests.filter((url) => !url.startsWith(origin) && !/^(data|blob):/.test(url))).toEqual([]);
  expect(watch.requests.length).toBeGreaterThan(PAGES.length);
});
