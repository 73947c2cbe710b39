// `npm test`: every check, in order — typecheck, lint, Vitest (unit in Node, gpu in headless
// Chromium on WebGPU), Playwright e2e against the production build. Each runner writes a report;
// this script prints the slowest test files and ends with one line "N passed, N failed" over all
// runners. A runner whose report is missing counts as failed. Exit code 0 only if all passed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { printSizes } from './size.mjs';

const REPORTS = 'reports';
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

function run(title, command, args, env = {}) {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = (Date.now() - started) / 1000;
  console.log(`=== ${title}: exit ${result.status ?? result.signal} in ${seconds.toFixed(1)} s`);
  return { ok: result.status === 0, seconds };
}

const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

let passed = 0;
let failed = 0;
const fileTimes = [];

const typecheck = run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
typecheck.ok ? passed++ : failed++;
const lint = run('lint', 'npx', ['biome', 'ci', '--colors=off', '.']);
lint.ok ? passed++ : failed++;

run('vitest (unit + gpu)', 'npx', ['vitest', 'run']);
const vitest = readJson(`${REPORTS}/vitest.json`);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  for (const file of vitest.testResults ?? []) {
    fileTimes.push({
      file: relative(process.cwd(), file.name),
      seconds: (file.endTime - file.startTime) / 1000,
    });
  }
} else {
  console.log('vitest wrote no report: counted as failed');
  failed++;
}

run('playwright e2e', 'npx', ['playwright', 'test'], { CI: '1' });
const playwright = readJson(`${REPORTS}/playwright.json`);
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
  const perFile = new Map();
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const ms = (t.results ?? []).reduce((sum, r) => sum + (r.duration ?? 0), 0);
        perFile.set(spec.file, (perFile.get(spec.file) ?? 0) + ms);
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of playwright.suites ?? []) visit(suite);
  for (const [file, ms] of perFile) fileTimes.push({ file: `e2e/${file}`, seconds: ms / 1000 });
} else {
  console.log('playwright wrote no report: counted as failed');
  failed++;
}

console.log('\nSlowest test files:');
for (const { file, seconds } of fileTimes.sort((a, b) => b.seconds - a.seconds).slice(0, 10)) {
  console.log(`  ${seconds.toFixed(1).padStart(7)} s  ${file}`);
}
printSizes();
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
