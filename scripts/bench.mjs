// `npm run bench -- <scenario> [--quick|--full] [--publish] [--launches N] [--seed S] [--dev]`
// Runs a benchmark scenario in headless Chromium through Playwright (bench/playwright.config.ts,
// never part of `npm test`) and writes bench/out/<scenario>.json and .md; --publish also writes
// public/results/<scenario>.json, which the pages read. Default: --full, 3 launches (--quick: 1).
// --dev serves the lab as `npm start` does (Vite's dev server) instead of the production build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const args = process.argv.slice(2);
const usage =
  'usage: npm run bench -- <scenario> [--quick|--full] [--publish] [--launches N] [--seed S] [--shard i/n] [--dev]';
const scenario = args.find((a) => !a.startsWith('--') && !/^\d+(\/\d+)?$/.test(a));
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
const known = new Set(['--quick', '--full', '--publish', '--launches', '--seed', '--shard', '--dev']);
const unknown = args.filter((a) => a.startsWith('--') && !known.has(a));
if (unknown.length) {
  console.error(`unknown option ${unknown.join(', ')}\n${usage}`);
  process.exit(2);
}
const mode = args.includes('--quick') ? 'quick' : 'full';
const shardAt = args.indexOf('--shard');
const shard = shardAt < 0 ? '' : (args[shardAt + 1] ?? '');
if (shardAt >= 0) {
  const [i, n] = shard.split('/').map(Number);
  if (!/^\d+\/\d+$/.test(shard) || i < 1 || i > n) {
    console.error(`--shard needs i/n with 1 <= i <= n, e.g. --shard 2/4\n${usage}`);
    process.exit(2);
  }
}
const env = {
  ...process.env,
  BENCH_SCENARIO: scenario,
  BENCH_MODE: mode,
  BENCH_LAUNCHES: String(numberOption('--launches', mode === 'quick' ? 1 : 3)),
  BENCH_SEED: String(numberOption('--seed', 1)),
  BENCH_PUBLISH: args.includes('--publish') ? '1' : '',
  BENCH_SHARD: shard,
  BENCH_SERVER: args.includes('--dev') ? 'dev' : 'build',
  CI: '1',
};
// Benchmark `train` runs a PyTorch peer (bench/peers/train_torch.py): Debian's python3-torch, with
// OpenBLAS (its torch otherwise calls the reference BLAS). Install them when missing.
const systemPython = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const openblas = '/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3';
if (
  scenario === 'train' &&
  (spawnSync(systemPython, ['-c', 'import torch']).status !== 0 || !existsSync(openblas))
) {
  console.log('benchmark train needs python3-torch and OpenBLAS for its PyTorch peer: installing');
  const install = spawnSync(
    'sh',
    ['-c', 'apt-get update && apt-get install -y python3-torch python3-numpy libopenblas0-openmp'],
    { stdio: 'inherit' },
  );
  if (install.status !== 0) {
    console.error(
      'Could not install python3-torch (needs root and Debian): apt-get install python3-torch libopenblas0-openmp',
    );
    process.exit(1);
  }
}
const result = spawnSync('npx', ['playwright', 'test', '-c', 'bench/playwright.config.ts'], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
