import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { build, createServer, type Rolldown } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, PREVIEW_HEADERS, securityPolicyMeta } from './securityPolicy.ts';

const INDEX = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>t</title>
  </head>
  <body>
    <script type="module" src="/main.js"></script>
  </body>
</html>
`;
const root = mkdtempSync(join(tmpdir(), 'security-policy-'));
writeFileSync(join(root, 'index.html'), INDEX);
writeFileSync(join(root, 'main.js'), 'document.title = "ok";\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The content of the CSP <meta>, decoded as a browser reads the attribute. */
function metaPolicy(html: string): string | undefined {
  const content = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1];
  return content?.replaceAll('&#39;', "'");
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('the security policy', () => {
  it('allows only our origin, wasm compilation and blob: workers; the meta form drops frame-ancestors', () => {
    const header = contentSecurityPolicy();
    for (const directive of [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "worker-src 'self' blob:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'none'",
    ])
      expect(header).toContain(directive);
    const scriptSrc = header.split('; ').find((d) => d.startsWith('script-src '));
    expect(scriptSrc).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(PREVIEW_HEADERS).toMatchObject({
      'Content-Security-Policy': header,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    const meta = contentSecurityPolicy({ meta: true, scriptSources: ["'sha256-x'"] });
    expect(meta).not.toContain('frame-ancestors');
    expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-x';");
  });

  it('is the first thing in the built index.html, with no inline script allowed', async () => {
    const output = (await build({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [securityPolicyMeta()],
      build: { write: false },
    })) as Rolldown.RolldownOutput;
    const html = String(
      (output.output.find((file) => file.fileName === 'index.html') as Rolldown.OutputAsset).source,
    );
    expect(metaPolicy(html)).toBe(contentSecurityPolicy({ meta: true }));
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<script'));
    // The charset only counts within the first 1024 bytes.
    expect(html.indexOf('<meta charset')).toBeLessThan(1024);
  });

  it('allows the dev server its React refresh preamble by hash, and leaves other pages alone', async () => {
    const server = await createServer({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [react(), securityPolicyMeta()],
      server: { middlewareMode: true, ws: false, watch: null },
    });
    try {
      const html = await server.transformIndexHtml('/index.html', INDEX);
      const preamble = html.match(/<script type="module">([\s\S]*?)<\/script>/)?.[1] ?? '';
      expect(preamble).toContain('injectIntoGlobalHook');
      expect(metaPolicy(html)).toBe(contentSecurityPolicy({ meta: true, scriptSources: [sha256(preamble)] }));
      expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<script'));
      const other = await server.transformIndexHtml('/tester.html', INDEX);
      expect(metaPolicy(other)).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
