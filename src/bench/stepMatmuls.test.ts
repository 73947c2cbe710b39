import { describe, expect, it } from 'vitest';
import type { ProfileEntry } from '../gpu/profiler.ts';
import { gflopsOf, stepMatmuls } from './stepMatmuls.ts';

const entry = (label: string, ms: number, shape?: string, flops = 0): ProfileEntry => ({
  label,
  file: 'matmul.wgsl',
  entryPoint: 'x',
  startMs: 0,
  ms,
  ...(shape ? { work: { shape, flops } } : {}),
});

describe('stepMatmuls', () => {
  it('sums the calls of each kernel and shape, leaves out dispatches without work, slowest first', () => {
    const rows = stepMatmuls([
      entry('matmul.nt.aligned', 2, 'nt 8x8x8', 1024),
      entry('rope.qkv', 5),
      entry('matmul.nt.aligned', 3, 'nt 8x8x8', 1024),
      entry('matmul.tn.aligned', 7, 'tn 8x8x16', 2048),
      entry('matmul.tn', 1, 'tn 8x8x16', 2048),
    ]);
    expect(rows).toEqual([
      { kernel: 'matmul.tn.aligned', shape: 'tn 8x8x16', calls: 1, ms: 7, flops: 2048 },
      { kernel: 'matmul.nt.aligned', shape: 'nt 8x8x8', calls: 2, ms: 5, flops: 2048 },
      { kernel: 'matmul.tn', shape: 'tn 8x8x16', calls: 1, ms: 1, flops: 2048 },
    ]);
  });

  it('turns flops over milliseconds into GFLOP/s, and no time into no rate', () => {
    expect(gflopsOf(7e9, 1000)).toBe(7);
    expect(gflopsOf(5, 0)).toBeNull();
  });
});
