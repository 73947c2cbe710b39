// Every forward kernel against its op in the CPU reference, on seeded random inputs and odd sizes
// (not multiples of the workgroup size of 64), including the adversarial corners of each op.
import { afterEach, describe, expect, it } from 'vitest';
import { assertAllClose } from '../../testing/allclose.ts';
import { expectNoGpuErrors, runKernels, testGpu } from '../../testing/gpu.ts';
import { mulberry32, randomArray } from '../../testing/random.ts';
import {
  attentionForward,
  embeddingForward,
  logSoftmaxForward,
  rmsnormForward,
  ropeForward,
  ropeTable,
  softmaxForward,
  swigluForward,
} from '../reference.ts';
import { Attention } from './attention.ts';
import { Embedding } from './embedding.ts';
import { RmsNorm } from './rmsnorm.ts';
import { Rope } from './rope.ts';
import { Softmax } from './softmax.ts';
import { Swiglu } from './swiglu.ts';

/** f32 kernels against float64-accumulated references on values of order 1. */
const TOLERANCE = { rtol: 1e-5, atol: 1e-6 };
/** exp/log on the GPU (WGSL allows a few ULP): softmax-like outputs. */
const TRANSCENDENTAL = { rtol: 2e-5, atol: 2e-6 };

afterEach(expectNoGpuErrors);

function randomIndices(length: number, below: number, seed: number): Uint32Array {
  const next = mulberry32(seed);
  return Uint32Array.from({ length }, () => Math.floor(next() * below));
}

describe('embedding gather', () => {
  it.each([
    [1, 1, 1, 5],
    [3, 17, 1, 9],
    [65, 24, 1, 135],
    [17, 33, 3, 40],
    [130, 7, 4, 11],
  ])('R=%i C=%i K=%i V=%i', async (R, C, K, V) => {
    const indices = randomIndices(R * K, V + 2, R + C);
    const weights = randomArray(R * K, 2);
    const table = randomArray(V * C, 3);
    const expected = new Float32Array(R * C);
    embeddingForward(expected, indices, weights, table, R, K, C, V);
    const gpu = await testGpu();
    const kernel = await Embedding.create(gpu);
    const out = await runKernels({ indices, weights, table }, { out: R * C }, (batch, b) =>
      kernel.encode(
        batch,
        { R, C, K, V },
        { indices: b.indices, weights: b.weights, table: b.table, out: b.out },
      ),
    );
    assertAllClose(out.out, expected, TOLERANCE);
  });

  it('gives exactly the embedding row for K = 1, weight 1', async () => {
    const [R, C, V] = [5, 12, 20];
    const table = randomArray(V * C, 4);
    const indices = Uint32Array.from([3, 0, 19, 3, 7]);
    const gpu = await testGpu();
    const kernel = await Embedding.create(gpu);
    const out = await runKernels(
      { indices, weights: new Float32Array(R).fill(1), table },
      { out: R * C },
      (batch, b) =>
        kernel.encode(
          batch,
          { R, C, K: 1, V },
          { indices: b.indices, weights: b.weights, table: b.table, out: b.out },
        ),
    );
    indices.forEach((index, r) => {
      expect(out.out.slice(r * C, (r + 1) * C)).toEqual(table.slice(index * C, (index + 1) * C));
    });
  });
});

describe('rmsnorm', () => {
  it.each([
    [1, 1],
    [3, 24],
    [17, 33],
    [257, 64],
    [5, 300],
  ])('R=%i C=%i', async (R, C) => {
    const x = randomArray(R * C, R, 3);
    const w = randomArray(C, C);
    const eps = 1e-5;
    const y = new Float32Array(R * C);
    const rstd = new Float32Array(R);
    rmsnormForward(y, rstd, x, w, R, C, eps);
    const gpu = await testGpu();
    const kernel = await RmsNorm.create(gpu);
    const out = await runKernels({ x, w }, { y: R * C, rstd: R }, (batch, b) =>
      kernel.encode(batch, { R, C, eps }, { x: b.x, w: b.w, y: b.y, rstd: b.rstd }),
    );
    assertAllClose(out.y, y, TOLERANCE);
    assertAllClose(out.rstd, rstd, TOLERANCE);
  });

  it('keeps an all-zero row finite (rstd = 1/sqrt(eps))', async () => {
    const [R, C, eps] = [2, 16, 1e-5];
    const gpu = await testGpu();
    const kernel = await RmsNorm.create(gpu);
    const out = await runKernels(
      { x: new Float32Array(R * C), w: new Float32Array(C).fill(1) },
      { y: R * C, rstd: R },
      (batch, b) => kernel.encode(batch, { R, C, eps }, { x: b.x, w: b.w, y: b.y, rstd: b.rstd }),
    );
    expect(out.y.every((v) => v === 0)).toBe(true);
    assertAllClose(out.rstd, [1 / Math.sqrt(eps), 1 / Math.sqrt(eps)], TOLERANCE);
  });
});

describe('rope and the KV-cache write', () => {
  it.each([
    // B, T, H, KV, D, S, offsets, counts
    [1, 1, 1, 1, 2, 4, [0], [1]],
    [2, 5, 4, 2, 8, 16, [0, 3], [5, 2]],
    [3, 3, 3, 1, 10, 64, [61, 0, 7], [3, 1, 0]],
    [2, 17, 2, 2, 64, 40, [0, 20], [17, 9]],
  ])('B=%i T=%i H=%i KV=%i D=%i S=%i', async (B, T, H, KV, D, S, offsets, counts) => {
    const rows = B * T;
    const width = (H + 2 * KV) * D;
    const qkv = randomArray(rows * width, D + T, 2);
    const table = ropeTable(S, D, 10000);
    const kCache0 = randomArray(B * KV * S * D, 5);
    const vCache0 = randomArray(B * KV * S * D, 6);
    // The reference: q and k rotated at each row's (clamped) position, written for valid rows.
    const positions = Uint32Array.from({ length: rows }, (_, r) =>
      Math.min(offsets[Math.floor(r / T)] + (r % T), S - 1),
    );
    const q = new Float32Array(rows * H * D);
    const k = new Float32Array(rows * KV * D);
    const v = new Float32Array(rows * KV * D);
    for (let r = 0; r < rows; r++) {
      q.set(qkv.subarray(r * width, r * width + H * D), r * H * D);
      k.set(qkv.subarray(r * width + H * D, r * width + (H + KV) * D), r * KV * D);
      v.set(qkv.subarray(r * width + (H + KV) * D, (r + 1) * width), r * KV * D);
    }
    ropeForward(q, positions, table.cos, table.sin, rows, H, D);
    ropeForward(k, positions, table.cos, table.sin, rows, KV, D);
    const kCache = kCache0.slice();
    const vCache = vCache0.slice();
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < counts[b]; t++) {
        for (let j = 0; j < KV; j++) {
          const from = ((b * T + t) * KV + j) * D;
          const to = ((b * KV + j) * S + offsets[b] + t) * D;
          kCache.set(k.subarray(from, from + D), to);
          vCache.set(v.subarray(from, from + D), to);
        }
      }
    }
    const seqs = Uint32Array.from(offsets.flatMap((o, b) => [o, counts[b]]));
    const gpu = await testGpu();
    const kernel = await Rope.create(gpu);
    const result = await runKernels(
      { qkv, seqs, cos: table.cos, sin: table.sin, kCache: kCache0, vCache: vCache0 },
      { q: rows * H * D, kCache: kCache.length, vCache: vCache.length },
      (batch, b) =>
        kernel.encode(
          batch,
          { B, T, H, KV, D, S },
          {
            qkv: b.qkv,
            seqs: b.seqs,
            cos: b.cos,
            sin: b.sin,
            q: b.q,
            kCache: b.kCache,
            vCache: b.vCache,
          },
        ),
    );
    assertAllClose(result.q, q, TOLERANCE);
    assertAllClose(result.kCache, kCache, TOLERANCE);
    assertAllClose(result.vCache, vCache, TOLERANCE);
  });
});

describe('attention against the cache', () => {
  it.each([
    // B, T, H, KV, D, S, offsets, counts
    [1, 1, 1, 1, 2, 1, [0], [1]],
    [2, 6, 4, 2, 8, 16, [0, 5], [6, 3]],
    [3, 1, 3, 1, 10, 80, [79, 0, 40], [1, 1, 0]],
    [1, 70, 2, 2, 16, 70, [0], [70]],
    [4, 2, 6, 3, 64, 33, [0, 31, 10, 2], [2, 2, 1, 2]],
  ])('B=%i T=%i H=%i KV=%i D=%i S=%i', async (B, T, H, KV, D, S, offsets, counts) => {
    const q = randomArray(B * T * H * D, B + T + D, 1.5);
    const kCache = randomArray(B * KV * S * D, 7, 1.5);
    const vCache = randomArray(B * KV * S * D, 8);
    const out = new Float32Array(B * T * H * D);
    const probs = new Float32Array(B * H * T * S);
    attentionForward(out, probs, q, kCache, vCache, { B, T, offsets, counts }, H, KV, D, S);
    const seqs = Uint32Array.from(offsets.flatMap((o, b) => [o, counts[b]]));
    const gpu = await testGpu();
    const kernel = await Attention.create(gpu);
    const result = await runKernels(
      { q, kCache, vCache, seqs },
      { probs: probs.length, out: out.length },
      (batch, b) =>
        kernel.encode(
          batch,
          { B, T, H, KV, D, S },
          {
            q: b.q,
            kCache: b.kCache,
            vCache: b.vCache,
            seqs: b.seqs,
            probs: b.probs,
            out: b.out,
          },
        ),
    );
    assertAllClose(result.probs, probs, TRANSCENDENTAL);
    assertAllClose(result.out, out, TRANSCENDENTAL);
  });

  it('puts all weight on the one key far above the rest, and uniform weight on equal keys', async () => {
    const [B, T, H, KV, D, S] = [1, 2, 1, 1, 4, 8];
    const q = Float32Array.from([1, 0, 0, 0, 0, 0, 0, 0]);
    const kCache = new Float32Array(S * D);
    kCache[0] = 1000;
    const vCache = Float32Array.from({ length: S * D }, (_, i) => Math.floor(i / D));
    const gpu = await testGpu();
    const kernel = await Attention.create(gpu);
    const result = await runKernels(
      { q, kCache, vCache, seqs: Uint32Array.from([2, 2]) },
      { probs: T * S, out: T * D },
      (batch, b) =>
        kernel.encode(
          batch,
          { B, T, H, KV, D, S },
          {
            q: b.q,
            kCache: b.kCache,
            vCache: b.vCache,
            seqs: b.seqs,
            probs: b.probs,
            out: b.out,
          },
        ),
    );
    expect(Array.from(result.probs.slice(0, S))).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    assertAllClose(result.probs.slice(S), [0.25, 0.25, 0.25, 0.25, 0, 0, 0, 0], TRANSCENDENTAL);
    assertAllClose(result.out.slice(D), [1.5, 1.5, 1.5, 1.5], TRANSCENDENTAL);
  });
});

describe('swiglu', () => {
  it.each([
    [1, 1],
    [3, 40],
    [17, 65],
    [64, 171],
  ])('R=%i F=%i', async (R, F) => {
    const gu = randomArray(R * 2 * F, R + F, 6);
    gu[0] = -100;
    const expected = new Float32Array(R * F);
    swigluForward(expected, gu, R, F);
    const gpu = await testGpu();
    const kernel = await Swiglu.create(gpu);
    const out = await runKernels({ gu }, { out: R * F }, (batch, b) =>
      kernel.encode(batch, { R, F }, { gu: b.gu, out: b.out }),
    );
    assertAllClose(out.out, expected, TRANSCENDENTAL);
  });
});

describe('softmax and log-softmax over the vocabulary', () => {
  it.each([
    [1, 1],
    [3, 135],
    [17, 64],
    [2, 1000],
  ])('R=%i V=%i', async (R, V) => {
    const x = randomArray(R * V, R * V, 8);
    x[0] = 80;
    const expectedSoftmax = new Float32Array(R * V);
    const expectedLog = new Float32Array(R * V);
    softmaxForward(expectedSoftmax, x, R, V);
    logSoftmaxForward(expectedLog, x, R, V);
    const gpu = await testGpu();
    const kernel = await Softmax.create(gpu);
    const out = await runKernels({ x }, { p: R * V, logp: R * V }, (batch, b) => {
      kernel.encode(batch, 'softmax', { R, V }, { x: b.x, out: b.p });
      kernel.encode(batch, 'logSoftmax', { R, V }, { x: b.x, out: b.logp });
    });
    assertAllClose(out.p, expectedSoftmax, TRANSCENDENTAL);
    assertAllClose(out.logp, expectedLog, { rtol: 2e-5, atol: 2e-5 });
    for (let r = 0; r < R; r++) {
      expect(out.p.slice(r * V, (r + 1) * V).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });
});
