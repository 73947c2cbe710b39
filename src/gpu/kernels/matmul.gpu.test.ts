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
