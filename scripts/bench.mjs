// `npm run bench -- <scenario> [--quick|--full] [--publish] [--launches N] [--seed S]`
// Runs a benchmark scenario in headless Chromium through Playwright (bench/playwright.config.ts,
// never part of `npm test`) and writes bench/out/<scenario>.json and .md; --publish also writes
// public/results/<scenario>.json, which the pages read. Default: --full, 3 launches (--quick: 1).
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const usage = 'usage: npm run bench -- <scenario> [--quick|--full] [--publish] [--launches N] [--seed S]';
const scenario = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
if (!scenario) {
  console.error(usage);
  process.exit(2);
}
const numberOption = (flag, fallback) => {
  const at = args.indexOf(flag);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${flag} needs a whole number\n${usage}`);
    process.exit(2);
  }
  return value;
};
const known = new Set(['--quick', '--full', '--publish', '--launches', '--seed']);
const unknown = args.filter((a) => a.startsWith('--') && !known.has(a));
if (unknown.length) {
  console.error(`unknown option ${unknown.join(', ')}\n${usage}`);
  process.exit(2);
}
const mode = args.includes('--quick') ? 'quick' : 'full';
const env = {
  ...process.env,
  BENCH_SCENARIO: scenario,
  BENCH_MODE: mode,
  BENCH_LAUNCHES: String(numberOption('--launches', mode === 'quick' ? 1 : 3)),
  BENCH_SEED: String(numberOption('--seed', 1)),
  BENCH_PUBLISH: args.includes('--publish') ? '1' : '',
  CI: '1',
};
const result = spawnSync('npx', ['playwright', 'test', '-c', 'bench/playwright.config.ts'], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
