import { afterEach, describe, expect, it } from 'vitest';
import { assertAllClose } from '../../testing/allclose.ts';
import { expectNoGpuErrors, testGpu } from '../../testing/gpu.ts';
import { randomArray } from '../../testing/random.ts';
import { CommandBatch } from '../dispatch.ts';
import { KernelArgumentError } from '../errors.ts';
import { readF32 } from '../readback.ts';
import { Matmul, type MatmulLayout, type MatmulShape, type MatmulVariant } from './matmul.ts';
import { matmulReference } from './matmulReference.ts';

// f32 sums of K products of values in [-1, 1): error grows ~ sqrt(K) * 2^-24 * |terms|.
const TOLERANCE = { rtol: 1e-4, atol: 2e-5 };

async function runMatmul(shape: MatmulShape, variant: MatmulVariant, seed: number, withBias = false) {
  const gpu = await testGpu();
  const matmul = new Matmul(gpu);
  const batch = shape.batch ?? 1;
  const strideA = shape.strideA ?? shape.M * shape.K;
  const strideB = shape.strideB ?? shape.N * shape.K;
  const strideC = shape.strideC ?? shape.M * shape.N;
  const a = randomArray((batch - 1) * strideA + shape.M * shape.K, seed);
  const b = randomArray((batch - 1) * strideB + shape.N * shape.K, seed + 1);
  const c0 = randomArray((batch - 1) * strideC + shape.M * shape.N, seed + 2);
  const bias = withBias ? randomArray(shape.N, seed + 3) : undefined;
  const buffers = {
    a: gpu.buffers.upload('test.a', a),
    b: gpu.buffers.upload('test.b', b),
    c: gpu.buffers.upload('test.c', c0),
    bias: bias ? gpu.buffers.upload('test.bias', bias) : undefined,
  };
  const commands = new CommandBatch(gpu, 'test');
  await matmul.encode(commands, shape, buffers, variant);
  commands.submit();
  const actual = await readF32(gpu, buffers.c, c0.length);
  for (const buffer of Object.values(buffers)) if (buffer) gpu.buffers.destroy(buffer);
  matmul.destroy();
  const expected = matmulReference(c0.slice(), a, b, shape, bias);
  return { actual, expected };
}

const LAYOUTS: MatmulLayout[] = ['nt', 'nn', 'tn'];
const ODD_SIZES: [number, number, number][] = [
  [1, 1, 1],
  [3, 17, 5],
  [17, 3, 255],
  [1, 257, 255],
  [255, 17, 3],
  [257, 33, 64],
  [64, 256, 128],
  [16, 40, 12],
  [9, 100, 20],
];

afterEach(expectNoGpuErrors);

describe('matmul on the GPU equals the CPU reference', () => {
  for (const variant of ['blocked', 'naive'] as const) {
    for (const layout of LAYOUTS) {
      for (const [M, N, K] of ODD_SIZES) {
        it(`${variant} ${layout} M=${M} N=${N} K=${K}`, async () => {
          const { actual, expected } = await runMatmul({ layout, M, N, K }, variant, M * 1000 + N * 10 + K);
          assertAllClose(actual, expected, TOLERANCE);
        });
      }
    }
  }

  for (const layout of LAYOUTS) {
    // M = 1, 3, 6 and 17 reach each nt entry point (row1, rows4, rows8, the 16 x 16 block).
    for (const M of [1, 3, 6, 17]) {
      it(`${layout} M=${M} with a batch of 3, a shared B, bias and accumulate`, async () => {
        const shape: MatmulShape = { layout, M, N: 12, K: 8, batch: 3, strideB: 0, accumulate: true };
        const { actual, expected } = await runMatmul(shape, 'blocked', 7 + M, true);
        assertAllClose(actual, expected, TOLERANCE);
      });
    }

    // Whole 16 x 16 blocks take the direct-store path (its accumulate form a pipeline of its own);
    // N = 36 leaves a partial column block beside them, on the store loop.
    for (const accumulate of [false, true]) {
      it(`${layout} whole and partial blocks M=48 N=36 K=20, batch 2${accumulate ? ', accumulate' : ''}`, async () => {
        const shape: MatmulShape = { layout, M: 48, N: 36, K: 20, batch: 2, accumulate };
        const { actual, expected } = await runMatmul(shape, 'blocked', accumulate ? 21 : 22);
        assertAllClose(actual, expected, TOLERANCE);
      });
    }

    it(`${layout} aligned decode shape M=8 N=64 K=32 with its own B per batch item`, async () => {
      const { actual, expected } = await runMatmul({ layout, M: 8, N: 64, K: 32, batch: 2 }, 'blocked', 11);
      assertAllClose(actual, expected, TOLERANCE);
    });
  }

  it('rejects a buffer too small for the shape, naming it', async () => {
    const gpu = await testGpu();
    const small = gpu.buffers.create('test.small', 16);
    const commands = new CommandBatch(gpu, 'test');
    const error = await new Matmul(gpu)
      .encode(commands, { layout: 'nt', M: 4, N: 4, K: 4 }, { a: small, b: small, c: small })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KernelArgumentError);
    expect(String((error as Error).message)).toContain('test.small');
    gpu.buffers.destroy(small);
  });
});

// Causal attention shapes: G heads of T rows stacked; row r of the attention matrix has entries in
// columns <= r % T only. Sizes cover aligned and unaligned T and D, one and several heads, and
// T not a multiple of the 16-row block.
describe('causal matmuls skip only what is zero', () => {
  const CASES = [
    { T: 17, G: 1, D: 5 },
    { T: 20, G: 3, D: 8 },
    { T: 64, G: 2, D: 64 },
    { T: 33, G: 2, D: 12 },
  ];

  /** [G T, T] with the causal zeros, the other entries random. */
  function attentionMatrix(T: number, G: number, seed: number): Float32Array {
    const values = randomArray(G * T * T, seed);
    for (let r = 0; r < G * T; r++) for (let j = (r % T) + 1; j < T; j++) values[r * T + j] = 0;
    return values;
  }

  async function both(shape: MatmulShape, a: Float32Array, b: Float32Array, T: number) {
    const gpu = await testGpu();
    const matmul = new Matmul(gpu);
    const inputs = { a: gpu.buffers.upload('test.a', a), b: gpu.buffers.upload('test.b', b) };
    const cells = shape.M * shape.N;
    const run = async (causalPeriod?: number) => {
      const c = gpu.buffers.upload('test.c', new Float32Array(cells).fill(7));
      const commands = new CommandBatch(gpu, 'test');
      await matmul.encode(commands, { ...shape, causalPeriod }, { ...inputs, c });
      commands.submit();
      const out = await readF32(gpu, c, cells);
      gpu.buffers.destroy(c);
      return out;
    };
    const dense = await run();
    const causal = await run(T);
    for (const buffer of Object.values(inputs)) gpu.buffers.destroy(buffer);
    matmul.destroy();
    return { dense, causal };
  }

  for (const { T, G, D } of CASES) {
    it(`nt scores G=${G} T=${T} D=${D}: the lower triangle equals the dense product exactly`, async () => {
      const q = randomArray(G * T * D, T);
      const k = randomArray(T * D, T + 1);
      const shape: MatmulShape = { layout: 'nt', M: G * T, N: T, K: D };
      const { dense, causal } = await both(shape, q, k, T);
      assertAllClose(dense, matmulReference(new Float32Array(G * T * T), q, k, shape), TOLERANCE);
      for (let r = 0; r < G * T; r++) {
        for (let j = 0; j <= r % T; j++) expect(causal[r * T + j]).toBe(dense[r * T + j]);
      }
    });

    it(`nn probs · V G=${G} T=${T} D=${D}: equals the dense product exactly`, async () => {
      const p = attentionMatrix(T, G, T + 2);
      const v = randomArray(T * D, T + 3);
      const shape: MatmulShape = { layout: 'nn', M: G * T, N: D, K: T };
      const { dense, causal } = await both(shape, p, v, T);
      assertAllClose(dense, matmulReference(new Float32Array(G * T * D), p, v, shape), TOLERANCE);
      expect(Array.from(causal)).toEqual(Array.from(dense));
    });

    it(`tn probsᵀ · dOut G=${G} T=${T} D=${D}: equals the dense product exactly`, async () => {
      const p = attentionMatrix(T, G, T + 4);
      const dOut = randomArray(G * T * D, T + 5);
      const shape: MatmulShape = { layout: 'tn', M: T, N: D, K: G * T };
      const { dense, causal } = await both(shape, p, dOut, T);
      assertAllClose(dense, matmulReference(new Float32Array(T * D), p, dOut, shape), TOLERANCE);
      expect(Array.from(causal)).toEqual(Array.from(dense));
    });
  }

  it('rejects a causal period below 1', async () => {
    const gpu = await testGpu();
    const buffer = gpu.buffers.create('test.any', 64);
    const error = await new Matmul(gpu)
      .encode(
        new CommandBatch(gpu, 'test'),
        { layout: 'nn', M: 4, N: 4, K: 4, causalPeriod: 0 },
        {
          a: buffer,
          b: buffer,
          c: buffer,
        },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KernelArgumentError);
    expect(String((error as Error).message)).toContain('causalPeriod');
    gpu.buffers.destroy(buffer);
  });
});
