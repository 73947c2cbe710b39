import { describe, expect, it } from 'vitest';
import { benchmarkTables } from './benchmarkTables.ts';

describe('benchmarkTables', () => {
  it('makes one table per group, in first-seen order, without the group column or empty columns', () => {
    const tables = benchmarkTables([
      { group: 'decode', config: 'L2', B: 1, tokens_per_s: 217, kernel: null, share: null },
      { group: 'prefill', config: 'L2', B: 1, tokens_per_s: 1735, kernel: null, share: null },
      { group: 'decode', config: 'L2', B: 8, tokens_per_s: 1103, kernel: null, share: null },
      { group: 'profile', config: 'L2', B: 1, tokens_per_s: null, kernel: 'matmul', share: 57.1 },
    ]);
    expect(tables.map((t) => t.caption)).toEqual(['decode', 'prefill', 'profile']);
    expect(tables[0]?.columns).toEqual(['config', 'B', 'tokens_per_s']);
    expect(tables[0]?.rows.map((r) => r.B)).toEqual([1, 8]);
    expect(tables[2]?.columns).toEqual(['config', 'B', 'kernel', 'share']);
  });

  it('without groups, splits rows by the columns they fill and names per-kernel rows a profile, per-shape rows matmuls by shape', () => {
    const tables = benchmarkTables([
      { config: 'L2', ours_tokens_per_s: 868, kernel: null, share: null },
      { config: 'L2', kernel: 'matmul.nt', ours_ms_per_step: 789, share: 32.7 },
      { config: 'L2', kernel: 'rope.qkv', ours_ms_per_step: 45, share: 1.9 },
      { config: 'L4', ours_tokens_per_s: 145, kernel: null, share: null },
      { config: 'L2', kernel: 'matmul.nt', shape: 'nt 8x8x8', step_gflops: 5, isolated_gflops: 5.1 },
    ]);
    expect(tables.map((t) => [t.caption, t.rows.length])).toEqual([
      [null, 2],
      ['profile', 2],
      ['matmuls by shape', 1],
    ]);
    expect(tables[0]?.columns).toEqual(['config', 'ours_tokens_per_s']);
    expect(tables[1]?.columns).toEqual(['config', 'kernel', 'ours_ms_per_step', 'share']);
  });

  it('keeps a column that only some rows of a group fill', () => {
    const [cube] = benchmarkTables([
      { group: 'cube', layout: 'nt', ours_gflops: 7.2, naive_gflops: 0.26 },
      { group: 'cube', layout: 'nn', ours_gflops: 7.1, naive_gflops: null },
    ]);
    expect(cube?.columns).toEqual(['layout', 'ours_gflops', 'naive_gflops']);
  });
});
