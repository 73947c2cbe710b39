// The lab's security policy, written once: a same-origin Content-Security-Policy, nosniff and a
// Referrer-Policy. vite.config.ts sends them as headers (`vite preview`, and all but the CSP from
// the dev server); the plugin writes the CSP and the referrer policy into index.html as <meta>, in
// the build and in dev, so a static deploy of dist/ and `npm start` carry the same policy.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { HtmlTagDescriptor, Plugin } from 'vite';

/**
 * Only our origin. onnxruntime-web compiles wasm ('wasm-unsafe-eval', which allows no JS eval) and
 * starts workers from blob: URLs; React and the charts set inline styles.
 */
const DIRECTIVES: readonly (readonly [string, string])[] = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['worker-src', "'self' blob:"],
  ['connect-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['font-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'self'"],
  ['frame-ancestors', "'none'"],
];

/** A <meta> policy ignores these, and Chrome logs a console error for each. */
const HEADER_ONLY = new Set(['frame-ancestors']);

const REFERRER_POLICY = 'no-referrer';

export interface PolicyOptions {
  /** The <meta> form: without the header-only directives. */
  meta?: boolean;
  /** Sources such as "'sha256-…'" added to script-src. */
  scriptSources?: readonly string[];
}

export function contentSecurityPolicy({ meta = false, scriptSources = [] }: PolicyOptions = {}): string {
  return DIRECTIVES.filter(([name]) => !(meta && HEADER_ONLY.has(name)))
    .map(([name, sources]) => [name, sources, ...(name === 'script-src' ? scriptSources : [])].join(' '))
    .join('; ');
}

/** What every response of the lab's servers carries. */
export const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': REFERRER_POLICY,
} as const;

/** SECURITY_HEADERS plus the full policy (frame-ancestors included), for `vite preview`. */
export const PREVIEW_HEADERS = { ...SECURITY_HEADERS, 'Content-Security-Policy': contentSecurityPolicy() };

/** The 'sha256-…' source of each inline <script> in html. */
function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter(([, attrs, body]) => !/\ssrc\s*=/i.test(attrs) && body.length > 0)
    .map(([, , body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
}

/**
 * Prepends the <meta> policy to the head of index.html, before every script. In dev it allows the
 * dev server's own inline scripts (the React refresh preamble) by hash; the build has none, and
 * an inline script added to index.html would be refused there. Other HTML (Vitest's browser-mode
 * tester page) is left alone.
 */
export function securityPolicyMeta(): Plugin {
  let indexHtml = '';
  return {
    name: 'security-policy-meta',
    configResolved(config) {
      indexHtml = resolve(config.root, 'index.html');
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx): HtmlTagDescriptor[] | undefined {
        if (resolve(ctx.filename) !== indexHtml) return undefined;
        const scriptSources = ctx.server ? inlineScriptHashes(html) : [];
        return [
          {
            tag: 'meta',
            attrs: {
              'http-equiv': 'Content-Security-Policy',
              content: contentSecurityPolicy({ meta: true, scriptSources }),
            },
            injectTo: 'head-prepend',
          },
          { tag: 'meta', attrs: { name: 'referrer', content: REFERRER_POLICY }, injectTo: 'head-prepend' },
        ];
      },
    },
  };
}
