// Every backward kernel against its op in the CPU reference backward (referenceBackward.ts), on
// seeded random inputs and odd sizes, ragged chunks and grouped KV heads included; accumulation
// into existing gradients is checked where the kernel offers it.
import { afterEach, describe, it } from 'vitest';
import { Matmul } from '../../gpu/kernels/matmul.ts';
import { assertAllClose } from '../../testing/allclose.ts';
import { expectNoGpuErrors, runKernels, testGpu } from '../../testing/gpu.ts';
import { mulberry32, randomArray } from '../../testing/random.ts';
import { logProbRows, rmsnormForward, ropeTable } from '../reference.ts';
import {
  crossEntropyForwardBackward,
  embeddingBackward,
  rmsnormBackward,
  ropeBackward,
  softTargetKlForwardBackward,
  swigluBackward,
} from '../referenceBackward.ts';
import { BackwardKernels } from './backward.ts';
import { Losses } from './loss.ts';

/** f32 GPU sums against float64 reference sums on values of order 1. */
const TOLERANCE = { rtol: 2e-5, atol: 2e-6 };

afterEach(expectNoGpuErrors);

let kernels: Promise<BackwardKernels> | null = null;
async function backward(): Promise<BackwardKernels> {
  kernels ??= testGpu().then((gpu) => BackwardKernels.create(gpu, new Matmul(gpu)));
  return kernels;
}

describe('embedding backward', () => {
  it.each([
    [1, 1, 1, 3, false],
    [17, 5, 1, 9, true],
    [9, 7, 3, 135, true],
  ])('R=%i C=%i K=%i V=%i accumulate=%s', async (R, C, K, V, accumulate) => {
    const next = mulberry32(R * 31 + K);
    const indices = Uint32Array.from({ length: R * K }, () => Math.floor(next() * (V + 1)));
    const weights = randomArray(R * K, 2);
    const dOut = randomArray(R * C, 3);
    const dTable0 = accumulate ? randomArray(V * C, 4) : new Float32Array(V * C);
    const expected = Float64Array.from(dTable0);
    embeddingBackward(expected, dOut, indices, weights, R, K, C, V);
    const k = await backward();
    const out = await runKernels(
      { indices, weights, dOut, dTable: dTable0 },
      { dTable: V * C, mix: R * V },
      (batch, b) =>
        k.embedding(
          batch,
          { R, C, K, V, accumulate },
          { indices: b.indices, weights: b.weights, dOut: b.dOut, mix: b.mix, dTable: b.dTable },
        ),
    );
    assertAllClose(out.dTable, expected, TOLERANCE);
  });
});

describe('rmsnorm backward', () => {
  it.each([
    [1, 1, false],
    [3, 24, true],
    [17, 33, false],
    [65, 128, true],
  ])('R=%i C=%i accumulate dx=%s (dw always accumulates)', async (R, C, accumulate) => {
    const x = randomArray(R * C, R + C, 2);
    const w = randomArray(C, C);
    const dy = randomArray(R * C, 7);
    const rstd = new Float32Array(R);
    rmsnormForward(new Float32Array(R * C), rstd, x, w, R, C, 1e-5);
    const dx0 = accumulate ? randomArray(R * C, 8) : new Float32Array(R * C);
    const dw0 = randomArray(C, 9);
    const dx = Float64Array.from(dx0);
    const dw = Float64Array.from(dw0);
    rmsnormBackward(dx, dw, dy, x, w, rstd, R, C);
    const k = await backward();
    const out = await runKernels({ dy, x, w, rstd, dx: dx0, dw: dw0 }, { dx: R * C, dw: C }, (batch, b) =>
      k.rmsnorm(
        batch,
        { R, C, accumulateDx: accumulate },
        { dy: b.dy, x: b.x, w: b.w, rstd: b.rstd, dx: b.dx, dw: b.dw },
      ),
    );
    assertAllClose(out.dx, dx, TOLERANCE);
    assertAllClose(out.dw, dw, TOLERANCE);
  });
});

describe('rope backward into the fused qkv gradient', () => {
  it.each([
    // B, T, H, KV, D, S, offsets, counts
    [1, 1, 1, 1, 2, 4, [0], [1]],
    [2, 5, 4, 2, 8, 16, [0, 3], [5, 2]],
    [3, 3, 3, 1, 10, 12, [9, 0, 4], [3, 1, 0]],
  ])('B=%i T=%i H=%i KV=%i D=%i S=%i', async (B, T, H, KV, D, S, offsets, counts) => {
    const rows = B * T;
    const dq = randomArray(rows * H * D, 11);
    const dkCache = randomArray(B * KV * S * D, 12);
    const dvCache = randomArray(B * KV * S * D, 13);
    const table = ropeTable(S, D, 10000);
    const positions = Uint32Array.from({ length: rows }, (_, r) =>
      Math.min(offsets[Math.floor(r / T)] + (r % T), S - 1),
    );
    // Reference: gather k, v rows from the cache for valid rows, rotate q and k back, interleave.
    const width = (H + 2 * KV) * D;
    const q = Float64Array.from(dq);
    const k = new Float64Array(rows * KV * D);
    const v = new Float64Array(rows * KV * D);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < counts[b]; t++) {
        for (let j = 0; j < KV; j++) {
          const from = ((b * KV + j) * S + offsets[b] + t) * D;
          k.set(dkCache.subarray(from, from + D), ((b * T + t) * KV + j) * D);
          v.set(dvCache.subarray(from, from + D), ((b * T + t) * KV + j) * D);
        }
      }
    }
    ropeBackward(q, positions, table.cos, table.sin, rows, H, D);
    ropeBackward(k, positions, table.cos, table.sin, rows, KV, D);
    const expected = new Float64Array(rows * width);
    for (let r = 0; r < rows; r++) {
      expected.set(q.subarray(r * H * D, (r + 1) * H * D), r * width);
      expected.set(k.subarray(r * KV * D, (r + 1) * KV * D), r * width + H * D);
      expected.set(v.subarray(r * KV * D, (r + 1) * KV * D), r * width + (H + KV) * D);
    }
    const seqs = Uint32Array.from(offsets.flatMap((o, b) => [o, counts[b]]));
    const kernelsReady = await backward();
    const out = await runKernels(
      { dq, dkCache, dvCache, seqs, cos: table.cos, sin: table.sin },
      { dqkv: rows * width },
      (batch, b) =>
        kernelsReady.rope(
          batch,
          { B, T, H, KV, D, S },
          {
            dq: b.dq,
            dkCache: b.dkCache,
            dvCache: b.dvCache,
            seqs: b.seqs,
            cos: b.cos,
            sin: b.sin,
            dqkv: b.dqkv,
          },
        ),
    );
    assertAllClose(out.dqkv, expected, TOLERANCE);
  });
});

describe('swiglu backward', () => {
  it.each([
    [1, 1],
    [3, 40],
    [17, 65],
  ])('R=%i F=%i', async (R, F) => {
    const gu = randomArray(R * 2 * F, R + F, 6);
    gu[0] = -100;
    const dh = randomArray(R * F, 31);
    const expected = new Float64Array(R * 2 * F);
    swigluBackward(expected, dh, gu, R, F);
    const k = await backward();
    const out = await runKernels({ gu, dh }, { dgu: R * 2 * F }, (batch, b) =>
      k.swiglu(batch, { R, F }, { gu: b.gu, dh: b.dh, dgu: b.dgu }),
    );
    assertAllClose(out.dgu, expected, TOLERANCE);
  });
});

describe('losses over the vocabulary', () => {
  it.each([
    [1, 2],
    [5, 135],
    [17, 40],
  ])('cross-entropy and soft-target KL, R=%i V=%i, with a mask', async (R, V) => {
    const next = mulberry32(R * V);
    const logits = randomArray(R * V, R + V, 4);
    const targets = Uint32Array.from({ length: R }, () => Math.floor(next() * V));
    const mask = Float32Array.from({ length: R }, (_, r) => (r % 3 === 1 ? 0 : 1));
    const maskTotal = mask.reduce((a, b) => a + b, 0);
    const targetProbs = new Float32Array(R * V);
    for (let r = 0; r < R; r++) {
      let sum = 0;
      for (let v = 0; v < V; v++) sum += targetProbs[r * V + v] = next() ** 3;
      for (let v = 0; v < V; v++) targetProbs[r * V + v] /= sum;
    }
    const ceGrad = new Float64Array(R * V);
    const ceLoss = crossEntropyForwardBackward(ceGrad, logits, targets, mask, R, V);
    const klGrad = new Float64Array(R * V);
    const klLoss = softTargetKlForwardBackward(klGrad, logits, targetProbs, mask, R, V);
    const losses = await Losses.create(await testGpu());
    const out = await runKernels(
      { logits, targets, mask, targetProbs },
      { ceGrad: R * V, ceLoss: R, klGrad: R * V, klLoss: R },
      (batch, b) => {
        const sizes = { R, V, maskTotal };
        losses.crossEntropy(batch, sizes, {
          logits: b.logits,
          targets: b.targets,
          mask: b.mask,
          dLogits: b.ceGrad,
          loss: b.ceLoss,
        });
        losses.softKl(batch, sizes, {
          logits: b.logits,
          targetProbs: b.targetProbs,
          mask: b.mask,
          dLogits: b.klGrad,
          loss: b.klLoss,
        });
      },
    );
    assertAllClose(out.ceGrad, ceGrad, TOLERANCE);
    assertAllClose(out.klGrad, klGrad, TOLERANCE);
    assertAllClose([out.ceLoss.reduce((a, b) => a + b, 0)], [ceLoss], { rtol: 1e-5, atol: 1e-6 });
    assertAllClose([out.klLoss.reduce((a, b) => a + b, 0)], [klLoss], { rtol: 1e-4, atol: 1e-6 });
  });

  it.each([
    [1, 2],
    [5, 135],
    [17, 40],
  ])('log-probability of the target and entropy per row, R=%i V=%i', async (R, V) => {
    const next = mulberry32(7 * R + V);
    const logits = randomArray(R * V, R * V, 4);
    const targets = Uint32Array.from({ length: R }, () => Math.floor(next() * V));
    const expected = logProbRows(logits, targets, R, V);
    const losses = await Losses.create(await testGpu());
    const out = await runKernels({ logits, targets }, { scores: 2 * R }, (batch, b) =>
      losses.logProbs(batch, { R, V }, { logits: b.logits, targets: b.targets, scores: b.scores }),
    );
    assertAllClose(out.scores.subarray(0, R), expected.logProb, TOLERANCE);
    assertAllClose(out.scores.subarray(R), expected.entropy, TOLERANCE);
  });

  it.each([
    [1, 2, 3],
    [5, 135, 2],
    [17, 40, 8],
  ])('with several targets per row (a multiplex position), R=%i V=%i TK=%i', async (R, V, TK) => {
    const next = mulberry32(R + V + TK);
    const logits = randomArray(R * V, R + TK, 4);
    // Repeated targets within a row included (a multiplex step may draw one token twice).
    const targets = Uint32Array.from({ length: R * TK }, (_, i) =>
      i % 4 === 3 ? 0 : Math.floor(next() * V),
    );
    const mask = Float32Array.from({ length: R * TK }, (_, i) => (i % 5 === 2 ? 0 : 0.25 + next()));
    const maskTotal = mask.reduce((a, b) => a + b, 0);
    const ceGrad = new Float64Array(R * V);
    const ceLoss = crossEntropyForwardBackward(ceGrad, logits, targets, mask, R, V);
    const expected = logProbRows(logits, targets, R, V);
    const losses = await Losses.create(await testGpu());
    const out = await runKernels(
      { logits, targets, mask },
      { ceGrad: R * V, ceLoss: R, scores: R * TK + R },
      (batch, b) => {
        losses.crossEntropy(
          batch,
          { R, V, maskTotal, targetsPerRow: TK },
          { logits: b.logits, targets: b.targets, mask: b.mask, dLogits: b.ceGrad, loss: b.ceLoss },
        );
        losses.logProbs(
          batch,
          { R, V, targetsPerRow: TK },
          { logits: b.logits, targets: b.targets, scores: b.scores },
        );
      },
    );
    assertAllClose(out.ceGrad, ceGrad, TOLERANCE);
    assertAllClose([out.ceLoss.reduce((a, b) => a + b, 0)], [ceLoss], { rtol: 1e-5, atol: 1e-6 });
    assertAllClose(out.scores.subarray(0, R * TK), expected.logProb, TOLERANCE);
    assertAllClose(out.scores.subarray(R * TK), expected.entropy, TOLERANCE);
  });
});
