import { describe, expect, it } from 'vitest';
import { entryPointFor, type MatmulShape, matmulShapeName, parseMatmulShapeName } from './matmul.ts';

const nt = (M: number, N = 256): MatmulShape => ({ layout: 'nt', M, N, K: 256 });

describe('entryPointFor', () => {
  it('picks the smallest nt block that holds M rows, and the 16 x 16 block past 16 rows', () => {
    const names = [1, 2, 4, 5, 8, 16, 17, 2048].map((M) => entryPointFor(nt(M), 'blocked').name);
    expect(names).toEqual([
      'matmul_nt_row1',
      'matmul_nt_rows4',
      'matmul_nt_rows4',
      'matmul_nt_rows8',
      'matmul_nt_rows8',
      'matmul_nt_rows8',
      'matmul_nt',
      'matmul_nt',
    ]);
  });

  it('uses the 16 x 16 block for nn and tn at any M, and one output per invocation for naive', () => {
    expect(entryPointFor({ layout: 'nn', M: 1, N: 8, K: 8 }, 'blocked')).toMatchObject({
      rows: 16,
      cols: 16,
    });
    expect(entryPointFor({ layout: 'tn', M: 1, N: 8, K: 8 }, 'blocked').name).toBe('matmul_tn');
    expect(entryPointFor(nt(8), 'naive')).toMatchObject({ name: 'matmul_naive', rows: 1, cols: 1 });
  });

  it('gives small grids workgroups of 4 so both SwiftShader threads get work', () => {
    expect(entryPointFor(nt(8, 1024), 'blocked')).toMatchObject({ cols: 32, workgroup: 4 });
    expect(entryPointFor(nt(16, 2048), 'blocked').workgroup).toBe(16);
    expect(entryPointFor(nt(1, 1024), 'blocked')).toMatchObject({ cols: 8, workgroup: 16 });
  });

  it('counts the blocks of every batch item: 64 small attention products fill workgroups of 16', () => {
    const scores: MatmulShape = { layout: 'nt', M: 14, N: 14, K: 32, batch: 64 };
    expect(entryPointFor(scores, 'blocked')).toMatchObject({ name: 'matmul_nt_rows8', workgroup: 16 });
    expect(entryPointFor({ ...scores, batch: 2 }, 'blocked').workgroup).toBe(4);
  });
});

describe('matmulShapeName', () => {
  it('names a shape as layout M x N x K, with the batch when there is one, and reads it back', () => {
    expect(matmulShapeName({ layout: 'nt', M: 2048, N: 344, K: 128 })).toBe('nt 2048x344x128');
    expect(matmulShapeName({ layout: 'tn', M: 256, N: 64, K: 256, batch: 16 })).toBe('tn 256x64x256 x16');
    expect(parseMatmulShapeName('tn 256x64x256 x16')).toEqual({
      layout: 'tn',
      M: 256,
      N: 64,
      K: 256,
      batch: 16,
    });
    expect(parseMatmulShapeName('nn 7x5x3')).toEqual({ layout: 'nn', M: 7, N: 5, K: 3 });
    expect(parseMatmulShapeName('rope.qkv')).toBeNull();
    expect(parseMatmulShapeName('xx 1x2x3')).toBeNull();
  });
});
