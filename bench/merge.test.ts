import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../src/bench/types.ts';
import { goalAtMost, inShard } from '../src/bench/types.ts';
import { joinShards, mergeLaunches, summary, toMarkdown } from './merge.ts';

function launch(gflops: number): BenchResult {
  return {
    scenario: 'matmul',
    mode: 'quick',
    seed: 1,
    startedAt: '',
    durationMs: 1,
    keys: ['M'],
    rows: [
      { M: 1, ours: gflops, timer: 'wall' },
      { M: 8, ours: gflops * 2, timer: 'wall' },
    ],
    goals: [{ name: 'fast', unit: 'GFLOP/s', target: 3, measured: gflops, met: gflops >= 3 }],
    notes: ['n'],
    environment: {
      userAgent: 'x',
      hardwareConcurrency: 2,
      adapter: {
        vendor: 'google',
        architecture: 'swiftshader',
        device: '',
        description: '',
        isFallbackAdapter: true,
        rung: 'swiftshader',
        features: [],
        limits: {},
      },
    },
  };
}

const stamp = { gitCommit: 'abc', cpu: 'cpu', browser: 'chromium', machineShared: false, generatedAt: 't' };

describe('merging benchmark launches', () => {
  it('takes the median of each numeric cell, keeps key and text columns, and records the spread', () => {
    const merged = mergeLaunches([launch(1), launch(5), launch(2)], stamp);
    expect(merged.rows).toEqual([
      { M: 1, ours: 2, timer: 'wall' },
      { M: 8, ours: 4, timer: 'wall' },
    ]);
    expect(merged.spread[0].ours).toEqual({ min: 1, max: 5 });
    expect(merged.launches).toBe(3);
  });

  it('judges goals on the median, not on any single launch', () => {
    const merged = mergeLaunches([launch(1), launch(5), launch(2)], stamp);
    expect(merged.goals[0]).toMatchObject({ measured: 2, met: false });
    expect(mergeLaunches([launch(4), launch(1), launch(3)], stamp).goals[0]).toMatchObject({
      measured: 3,
      met: true,
    });
  });

  it('judges an at-most goal (a latency) as met when the median is at or below its target', () => {
    const latency = (ms: number): BenchResult => ({
      ...launch(ms),
      goals: [goalAtMost('first token', 'ms', 2000, ms)],
    });
    const fast = mergeLaunches([latency(2100), latency(1900), latency(1800)], stamp);
    expect(fast.goals[0]).toMatchObject({ measured: 1900, met: true, bound: 'most' });
    expect(mergeLaunches([latency(2100), latency(1900), latency(2200)], stamp).goals[0]).toMatchObject({
      measured: 2100,
      met: false,
    });
    expect(toMarkdown(fast)).toContain('- first token: goal <= 2000 ms, measured 1900 (met)');
  });

  it('stamps the layout of the rows: the schema version of the scenario, 1 when it states none', () => {
    expect(mergeLaunches([launch(1)], stamp).schemaVersion).toBe(1);
    expect(mergeLaunches([{ ...launch(1), schemaVersion: 3 }], stamp).schemaVersion).toBe(3);
  });

  it('writes a Markdown table with the goals', () => {
    const markdown = toMarkdown(mergeLaunches([launch(2)], stamp));
    expect(markdown).toContain('| M | ours | timer |');
    expect(markdown).toContain('- fast: goal >= 3 GFLOP/s, measured 2 (not met)');
  });

  it('gathers every result of a folder into one summary, skipping files that are not results', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-'));
    writeFileSync(join(dir, 'matmul.json'), JSON.stringify(mergeLaunches([launch(2)], stamp)));
    writeFileSync(join(dir, 'other.json'), '{"not": "a result"}');
    const text = summary(dir);
    expect(text).toContain('# Benchmark results');
    expect(text).toContain('| M | ours | timer |');
    expect(text.match(/# Benchmark `/g)).toHaveLength(1);
  });

  it('splits cells over shards without overlap and joins the shards back in order', () => {
    const cells = [0, 1, 2, 3, 4];
    const shards = [1, 2, 3].map((index) => cells.filter((i) => inShard(i, { index, count: 3 })));
    expect(shards).toEqual([[0, 3], [1, 4], [2]]);
    expect(cells.filter((i) => inShard(i, undefined))).toEqual(cells);
    const joined = joinShards([
      mergeLaunches([launch(1)], stamp),
      mergeLaunches([launch(5)], { ...stamp, machineShared: true }),
    ]);
    expect(joined.rows.map((r) => r.ours)).toEqual([1, 2, 5, 10]);
    expect(joined.machineShared).toBe(true);
    expect(joined.notes).toEqual(['n', 'Joined from 2 shards.']);
    const newer = mergeLaunches([{ ...launch(5), schemaVersion: 2 }], stamp);
    expect(() => joinShards([mergeLaunches([launch(1)], stamp), newer])).toThrow(/schema versions 1 and 2/);
  });
});
