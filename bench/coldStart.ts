// Benchmark `coldstart` (Node side: it needs a fresh browser per launch, so it cannot run in the
// engine like the other scenarios). What a visitor waits for after `npm start`: from navigation
// to the loaded-model badge, and to the first token of a greedy generation started the moment the
// badge appears (as if clicked at once). A script injected before the page's own records both by
// performance.now(), which counts from navigation start. Every launch is a new browser with an
// empty profile: no HTTP cache, no compiled pipelines. Goal (issue 24): first token < 2 s.
import type { Page } from '@playwright/test';
import type { BenchResult, BenchRow } from '../src/bench/types.ts';
import { goalAtMost } from '../src/bench/types.ts';

/** The prompt and length of the first generation, greedy. */
export const COLD_START_PROMPT = '12+34=';
export const COLD_START_TOKENS = 8;
export const COLD_START_GOAL_MS = 2000;

const SERVERS = { dev: 'npm start (the Vite dev server)', build: 'the production build (vite preview)' };

interface ColdStartMarks {
  badge: number | null;
  firstToken: number | null;
  done: number | null;
  error: string | null;
  loaded: number | null;
}

/** Runs in the page before its scripts: waits for the badge, then generates at once. */
function coldStartProbe({ prompt, tokens }: { prompt: string; tokens: number }): void {
  const marks: ColdStartMarks = { badge: null, firstToken: null, done: null, error: null, loaded: null };
  Object.assign(window, { coldStartMarks: marks });
  window.addEventListener('load', () => {
    marks.loaded = performance.now();
  });
  const start = () => {
    const failed = document.querySelector('.badge-error');
    if (marks.badge === null && marks.error === null && failed) {
      // A model that cannot load ends the launch with the page's own message, not a timeout.
      marks.error = `the model did not load: ${failed.textContent ?? ''}`;
      observer.disconnect();
      return;
    }
    if (marks.badge !== null || !document.querySelector('[data-testid="model-badge"]')) return;
    marks.badge = performance.now();
    observer.disconnect();
    const request = {
      prompts: [prompt],
      sampling: { temperature: 0, topK: 0, topP: 1 },
      seed: 1,
      maxNewTokens: tokens,
    };
    window.reasoningLab
      .generate(request, (update) => {
        if (marks.firstToken === null && update.newText.some((text) => text.length > 0))
          marks.firstToken = performance.now();
      })
      .then(
        () => {
          marks.done = performance.now();
        },
        (error: unknown) => {
          marks.error = `the first generation failed: ${String(error)}`;
        },
      );
  };
  const observer = new MutationObserver(start);
  document.addEventListener('DOMContentLoaded', () =>
    observer.observe(document.body, { childList: true, subtree: true, attributes: true }),
  );
}

/** One cold launch on `page` (fresh browser): the marks as rows of one table, captioned by server. */
export async function coldStartLaunch(
  page: Page,
  url: string,
  server: 'dev' | 'build',
): Promise<BenchResult> {
  await page.addInitScript(coldStartProbe, { prompt: COLD_START_PROMPT, tokens: COLD_START_TOKENS });
  const startedAt = new Date().toISOString();
  await page.goto(url);
  await page.waitForFunction(
    () => {
      const marks = (window as unknown as { coldStartMarks: ColdStartMarks }).coldStartMarks;
      return marks.done !== null || marks.error !== null;
    },
    undefined,
    { timeout: 120_000 },
  );
  const marks = await page.evaluate(
    () => (window as unknown as { coldStartMarks: ColdStartMarks }).coldStartMarks,
  );
  if (marks.error) throw new Error(`cold start: ${marks.error}`);
  const status = await page.evaluate(() => window.reasoningLab.engine.status());
  const ms = (value: number | null) => (value === null ? null : Number(value.toFixed(1)));
  const since = (from: number | null, to: number | null) =>
    from === null || to === null ? null : ms(to - from);
  return {
    scenario: 'coldstart',
    mode: 'full',
    seed: 1,
    startedAt,
    durationMs: marks.done ?? 0,
    keys: ['group', 'measure'],
    rows: (
      [
        { measure: 'page load event', ms_from_navigation: ms(marks.loaded) },
        { measure: 'model badge', ms_from_navigation: ms(marks.badge) },
        {
          measure: 'first generated token',
          ms_from_navigation: ms(marks.firstToken),
          ms_after_badge: since(marks.badge, marks.firstToken),
        },
        {
          measure: `${COLD_START_TOKENS} tokens generated`,
          ms_from_navigation: ms(marks.done),
          ms_after_badge: since(marks.badge, marks.done),
        },
      ] as BenchRow[]
    ).map((row) => ({ group: server === 'dev' ? 'served by npm start' : 'production build', ...row })),
    goals: [
      goalAtMost('navigation to the first generated token', 'ms', COLD_START_GOAL_MS, ms(marks.firstToken)),
    ],
    notes: [
      `Each launch is a new headless Chromium with an empty profile (no HTTP cache, no pipeline cache) opening the lab's home page from ${SERVERS[server]}; a script injected before the page's own starts a greedy ${COLD_START_TOKENS}-token generation of "${COLD_START_PROMPT}" through window.reasoningLab.generate the moment the loaded-model badge appears.`,
      'ms_from_navigation: performance.now() in the page (from navigation start); ms_after_badge: from the badge to that mark.',
    ],
    environment: {
      userAgent: await page.evaluate(() => navigator.userAgent),
      hardwareConcurrency: await page.evaluate(() => navigator.hardwareConcurrency),
      adapter: status.adapter,
    },
  };
}
