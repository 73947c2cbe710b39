// Attention as matmuls (attentionMatmul.ts) against the CPU reference attention and its backward
// (reference.ts, referenceBackward.ts) on training chunks: seeded random inputs, ragged counts,
// grouped KV heads, head dims that are and are not multiples of 4, T = 1 and T not a multiple of
// the matmul block, and S > T (only the chunk's rows of the cache are read and written).
import { afterEach, describe, it } from 'vitest';
import { Matmul } from '../../gpu/kernels/matmul.ts';
import { assertAllClose } from '../../testing/allclose.ts';
import { expectNoGpuErrors, runKernels, testGpu } from '../../testing/gpu.ts';
import { randomArray } from '../../testing/random.ts';
import { attentionForward } from '../reference.ts';
import { attentionBackward } from '../referenceBackward.ts';
import { AttentionMatmul } from './attentionMatmul.ts';

/** f32 GPU sums against float64 reference sums on values of order 1. */
const TOLERANCE = { rtol: 2e-5, atol: 2e-6 };

afterEach(expectNoGpuErrors);

let kernels: Promise<AttentionMatmul> | null = null;
function attention(): Promise<AttentionMatmul> {
  kernels ??= testGpu().then((gpu) => AttentionMatmul.create(gpu, new Matmul(gpu)));
  return kernels;
}

/** The first T of every S-long probability row: [B, H, T, S] -> [B, H, T, T]. */
function compactRows(probs: Float32Array, rows: number, T: number, S: number): Float32Array {
  const out = new Float32Array(rows * T);
  for (let r = 0; r < rows; r++) out.set(probs.subarray(r * S, r * S + T), r * T);
  return out;
}

/** The first T rows of every (b, kv) block of a [B, KV, S, D] cache. */
function chunkRows(cache: ArrayLike<number>, blocks: number, T: number, S: number, D: number): Float64Array {
  const out = new Float64Array(blocks * T * D);
  for (let z = 0; z < blocks; z++) for (let i = 0; i < T * D; i++) out[z * T * D + i] = cache[z * S * D + i];
  return out;
}

describe('attention as matmuls', () => {
  it.each([
    // B, T, H, KV, D, S, counts
    [1, 1, 1, 1, 2, 1, [1]],
    [2, 6, 4, 2, 8, 16, [6, 3]],
    [2, 9, 3, 1, 10, 9, [9, 4]],
    [1, 33, 2, 2, 16, 40, [33]],
    [3, 17, 4, 4, 32, 20, [17, 1, 9]],
  ])('B=%i T=%i H=%i KV=%i D=%i S=%i: forward and backward', async (B, T, H, KV, D, S, counts) => {
    const layout = { B, T, offsets: counts.map(() => 0), counts };
    const q = randomArray(B * T * H * D, 21, 1.5);
    const kCache = randomArray(B * KV * S * D, 22, 1.5);
    const vCache = randomArray(B * KV * S * D, 23);
    const dOut = randomArray(B * T * H * D, 24);
    const out = new Float32Array(B * T * H * D);
    const probs = new Float32Array(B * H * T * S);
    attentionForward(out, probs, q, kCache, vCache, layout, H, KV, D, S);
    const dq = new Float64Array(q.length);
    const dk = new Float64Array(kCache.length);
    const dv = new Float64Array(vCache.length);
    attentionBackward(dq, dk, dv, dOut, q, kCache, vCache, probs, layout, H, KV, D, S);
    const seqs = Uint32Array.from(counts.flatMap((count) => [0, count]));
    const k = await attention();
    const sizes = { B, T, H, KV, D, S };
    const heads = q.length;
    const gpu = await runKernels(
      { dOut, q, kCache, vCache, seqs },
      {
        probs: B * H * T * T,
        out: heads,
        dq: heads,
        dkCache: kCache.length,
        dvCache: vCache.length,
        dProbs: B * H * T * T,
        qHeads: heads,
        outHeads: heads,
        dOutHeads: heads,
        dqHeads: heads,
      },
      async (batch, b) => {
        await k.encodeForward(batch, sizes, {
          q: b.q,
          kCache: b.kCache,
          vCache: b.vCache,
          seqs: b.seqs,
          probs: b.probs,
          out: b.out,
          qHeads: b.qHeads,
          outHeads: b.outHeads,
        });
        await k.encodeBackward(batch, sizes, {
          dOut: b.dOut,
          q: b.q,
          kCache: b.kCache,
          vCache: b.vCache,
          seqs: b.seqs,
          probs: b.probs,
          dq: b.dq,
          dkCache: b.dkCache,
          dvCache: b.dvCache,
          dProbs: b.dProbs,
          qHeads: b.qHeads,
          dOutHeads: b.dOutHeads,
          dqHeads: b.dqHeads,
        });
      },
    );
    assertAllClose(gpu.out, out, TOLERANCE);
    assertAllClose(gpu.probs, compactRows(probs, B * H * T, T, S), TOLERANCE);
    assertAllClose(gpu.dq, dq, TOLERANCE);
    assertAllClose(chunkRows(gpu.dkCache, B * KV, T, S, D), chunkRows(dk, B * KV, T, S, D), TOLERANCE);
    assertAllClose(chunkRows(gpu.dvCache, B * KV, T, S, D), chunkRows(dv, B * KV, T, S, D), TOLERANCE);
  });
});
