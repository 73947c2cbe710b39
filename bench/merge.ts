// Merges one scenario's results from several browser launches into the published form: each
// numeric cell becomes the median over launches (with min and max kept as spread), goals are
// re-judged on the median, and the result is stamped with where and when it ran and with the
// layout of its rows (schemaVersion, which the pages check). summary() gathers every scenario's
// latest result into bench/out/summary.md.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaVersionOf } from '../src/bench/readPublished.ts';
import {
  type BenchGoal,
  type BenchResult,
  type BenchRow,
  isPublishedResult,
  meets,
  type PublishedResult,
} from '../src/bench/types.ts';

export interface RunStamp {
  gitCommit: string;
  cpu: string;
  browser: string;
  machineShared: boolean;
  generatedAt: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const rowKey = (row: BenchRow, keys: string[]) => keys.map((k) => String(row[k])).join('|');

export function mergeLaunches(launches: BenchResult[], stamp: RunStamp): PublishedResult {
  if (launches.length === 0) throw new Error('no launches to merge');
  const first = launches[0];
  const rows: BenchRow[] = [];
  const spread: PublishedResult['spread'] = [];
  for (const row of first.rows) {
    const key = rowKey(row, first.keys);
    const same = launches
      .map((l) => l.rows.find((r) => rowKey(r, first.keys) === key))
      .filter(Boolean) as BenchRow[];
    const merged: BenchRow = {};
    const rowSpread: Record<string, { min: number; max: number }> = {};
    for (const [column, value] of Object.entries(row)) {
      const numbers = same.map((r) => r[column]).filter((v): v is number => typeof v === 'number');
      if (typeof value === 'number' && !first.keys.includes(column) && numbers.length > 0) {
        merged[column] = Number(median(numbers).toPrecision(4));
        rowSpread[column] = { min: Math.min(...numbers), max: Math.max(...numbers) };
      } else {
        merged[column] = value;
      }
    }
    rows.push(merged);
    spread.push(rowSpread);
  }
  const goals: BenchGoal[] = first.goals.map((g, i) => {
    const measured = launches
      .map((l) => l.goals[i]?.measured)
      .filter((v): v is number => typeof v === 'number');
    const value = measured.length ? Number(median(measured).toPrecision(4)) : null;
    return { ...g, measured: value, met: meets(g, value) };
  });
  return {
    scenario: first.scenario,
    schemaVersion: schemaVersionOf(first),
    mode: first.mode,
    seed: first.seed,
    launches: launches.length,
    keys: first.keys,
    rows,
    goals,
    notes: first.notes,
    spread,
    adapter: first.environment.adapter,
    ...stamp,
  };
}

/** A Markdown table of the merged rows, with the goals above it. */
export function toMarkdown(result: PublishedResult): string {
  // Every column of any row, in order of first appearance (a scenario's parts may differ).
  const columns = [...new Set(result.rows.flatMap((row) => Object.keys(row)))];
  const cell = (v: unknown) => (v === null || v === undefined ? '—' : String(v));
  const lines = [
    `# Benchmark \`${result.scenario}\` (${result.mode}, median of ${result.launches} launches)`,
    '',
    `Commit ${result.gitCommit}, ${result.browser}, adapter ${result.adapter.vendor}/${result.adapter.architecture}, ` +
      `CPU ${result.cpu}, seed ${result.seed}, ${result.generatedAt}` +
      (result.machineShared ? ' — the machine was busy when the run started' : ''),
    '',
    ...result.goals.map(
      (g) =>
        `- ${g.name}: goal ${g.bound === 'most' ? '<=' : '>='} ${g.target} ${g.unit}, measured ${g.measured ?? 'n/a'}` +
        (g.met === null ? '' : g.met ? ' (met)' : ' (not met)'),
    ),
    '',
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...result.rows.map((row) => `| ${columns.map((c) => cell(row[c])).join(' | ')} |`),
    '',
    ...result.notes.map((n) => `${n}  `),
  ];
  return `${lines.join('\n')}\n`;
}

/** Every scenario's latest result in `dir` (its <scenario>.json files) as one Markdown page. */
export function summary(dir: string): string {
  const results = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown)
    .filter(isPublishedResult);
  return `# Benchmark results in ${dir}\n\n${results.map(toMarkdown).join('\n')}`;
}

/**
 * Where shard i of n of a run is kept: bench/shards/, which is committed, so a run whose shards
 * take hours each (the retention sweep) can span sessions and machines and join from what is there.
 */
export function shardFile(scenario: string, index: number, count: number): string {
  return `bench/shards/${scenario}.shard-${index}-of-${count}.json`;
}

/**
 * The shards of one run as one result: their rows and spreads in shard order, notes once each.
 * @throws Error when the shards hold rows of different layouts (written by different versions)
 */
export function joinShards(shards: PublishedResult[]): PublishedResult {
  const [first] = shards;
  const versions = [...new Set(shards.map(schemaVersionOf))];
  if (versions.length > 1) {
    throw new Error(
      `the shards of ${first.scenario} hold rows of schema versions ${versions.join(' and ')}; re-run every shard with one version of the lab`,
    );
  }
  return {
    ...first,
    rows: shards.flatMap((s) => s.rows),
    spread: shards.flatMap((s) => s.spread),
    goals: shards.flatMap((s) => s.goals),
    notes: [...new Set(shards.flatMap((s) => s.notes)), `Joined from ${shards.length} shards.`],
    machineShared: shards.some((s) => s.machineShared),
    generatedAt:
      shards
        .map((s) => s.generatedAt)
        .sort()
        .at(-1) ?? first.generatedAt,
  };
}
