// The benchmark runner: launches headless Chromium BENCH_LAUNCHES times, runs the scenario in the
// lab's engine worker through window.reasoningLab, merges the launches (medians) and writes
// bench/out/<scenario>.{json,md}, and public/results/<scenario>.json with BENCH_PUBLISH=1.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { chromium, test } from '@playwright/test';
import { findBrowser, WEBGPU_LAUNCH_ARGS } from '../scripts/browser.mjs';
import type { BenchMode, BenchResult } from '../src/bench/types.ts';
import { coldStartLaunch } from './coldStart.ts';
import { joinShards, mergeLaunches, shardFile, summary, toMarkdown } from './merge.ts';
import { addTrainPeer } from './peers/trainPeer.ts';

const scenario = process.env.BENCH_SCENARIO ?? '';
const mode = (process.env.BENCH_MODE ?? 'quick') as BenchMode;
const launches = Number(process.env.BENCH_LAUNCHES ?? 1);
const seed = Number(process.env.BENCH_SEED ?? 1);
const publish = process.env.BENCH_PUBLISH === '1';
const shardText = process.env.BENCH_SHARD ?? '';
const shard = shardText
  ? { index: Number(shardText.split('/')[0]), count: Number(shardText.split('/')[1]) }
  : undefined;

function gitCommit(): string {
  try {
    const commit = execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', { encoding: 'utf8' }).trim();
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown';
  }
}

/** Fraction of CPU time other processes used over one second: > 0.3 means the machine is shared. */
async function busyFraction(): Promise<number> {
  const total = () => cpus().reduce((sum, c) => sum + Object.values(c.times).reduce((a, b) => a + b, 0), 0);
  const idle = () => cpus().reduce((sum, c) => sum + c.times.idle, 0);
  const [t0, i0] = [total(), idle()];
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const [t1, i1] = [total(), idle()];
  return t1 > t0 ? 1 - (i1 - i0) / (t1 - t0) : 0;
}

/** Busy unless the machine settles within ~10 s (a server's own start, e.g. Vite's warm-up, ends). */
async function busyAfterSettling(): Promise<boolean> {
  for (let second = 0; second < 10; second++) if ((await busyFraction()) <= 0.3) return false;
  return true;
}

test(`bench ${scenario} (${mode}, ${launches} launches)`, async ({ baseURL }) => {
  const busyAtStart = await busyAfterSettling();
  const results: BenchResult[] = [];
  let browserVersion = '';
  for (let i = 0; i < launches; i++) {
    // Developer features give timestamp queries at full resolution (otherwise 100 µs steps).
    const browser = await chromium.launch({
      executablePath: findBrowser(),
      args: [...WEBGPU_LAUNCH_ARGS, '--enable-webgpu-developer-features'],
    });
    browserVersion = `Chromium ${browser.version()}`;
    const page = await browser.newPage();
    page.on('console', (m) => m.type() === 'log' && console.log(`  [page] ${m.text()}`));
    if (scenario === 'coldstart') {
      const result = await coldStartLaunch(
        page,
        baseURL ?? '/',
        process.env.BENCH_SERVER === 'dev' ? 'dev' : 'build',
      );
      console.log(`launch ${i + 1}/${launches}: first token at ${result.goals[0].measured} ms`);
      results.push(result);
      await browser.close();
      continue;
    }
    await page.goto(baseURL ?? '/');
    await page.waitForFunction(() => 'reasoningLab' in window);
    // The app loads the shipped model on start; timing only begins once it has settled, so the
    // first scenario rows do not share the two cores with that upload.
    await page.locator('[data-testid="model-badge"], .badge-error').first().waitFor({ timeout: 120_000 });
    const result = await page.evaluate(
      async ({ scenario, mode, seed, shard }) => {
        await window.reasoningLab.engine.init();
        return window.reasoningLab.runBench(scenario, { mode, seed, ...(shard ? { shard } : {}) }, (p) =>
          console.log(`${p.done}/${p.total} ${p.note}`),
        );
      },
      { scenario, mode, seed, shard },
    );
    console.log(`launch ${i + 1}/${launches} done in ${(result.durationMs / 1000).toFixed(1)} s`);
    results.push(result);
    await browser.close();
  }
  const merged = mergeLaunches(results, {
    gitCommit: gitCommit(),
    cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
    browser: browserVersion,
    machineShared: busyAtStart,
    generatedAt: new Date().toISOString(),
  });
  // The PyTorch peer runs once after the browser launches, alone on the machine.
  if (scenario === 'train') addTrainPeer(merged);
  mkdirSync('bench/out', { recursive: true });
  mkdirSync('bench/shards', { recursive: true });
  let result = merged;
  if (shard) {
    // A shard is kept under its own name; once every shard of the run is there, they join.
    writeFileSync(shardFile(scenario, shard.index, shard.count), `${JSON.stringify(merged, null, 2)}\n`);
    const files = Array.from({ length: shard.count }, (_, i) => shardFile(scenario, i + 1, shard.count));
    const missing = files.filter((file) => !existsSync(file));
    if (missing.length > 0) {
      console.log(`shard ${shard.index}/${shard.count} written; still to run: ${missing.join(', ')}`);
      return;
    }
    result = joinShards(files.map((file) => JSON.parse(readFileSync(file, 'utf8'))));
  }
  writeFileSync(`bench/out/${scenario}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`bench/out/${scenario}.md`, toMarkdown(result));
  writeFileSync('bench/out/summary.md', summary('bench/out'));
  console.log(toMarkdown(result));
  if (publish) {
    mkdirSync('public/results', { recursive: true });
    writeFileSync(`public/results/${scenario}.json`, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`published public/results/${scenario}.json`);
  }
});
