import { afterEach, describe, expect, it } from 'vitest';
import rngWgsl from '../../shaders/rng.wgsl?raw';
import rngTestWgsl from '../../shaders/rng_test.wgsl?raw';
import { CommandBatch, compileKernel } from '../gpu/dispatch.ts';
import { readF32, readU32 } from '../gpu/readback.ts';
import { uniformLayout } from '../gpu/uniforms.ts';
import { expectNoGpuErrors, testGpu } from '../testing/gpu.ts';
import { pcg4d, rngUniform } from './rng.ts';

afterEach(expectNoGpuErrors);

const sizes = uniformLayout('RngTestSizes', {
  count: 'u32',
  seed: 'u32',
  sequence: 'u32',
  step0: 'u32',
  slots: 'u32',
});

describe('the RNG on the GPU', () => {
  it('gives bit-identical words and draws to the TypeScript mirror', async () => {
    const gpu = await testGpu();
    const kernel = await compileKernel(gpu, {
      label: 'rng.fill',
      wgsl: `${rngWgsl}\n${rngTestWgsl}`,
      entryPoint: 'rng_fill',
      uniforms: sizes,
    });
    const count = 1000;
    const key = { count, seed: 0xdeadbeef, sequence: 17, step0: 4000000000, slots: 7 };
    const out = gpu.buffers.create('test.rngOut', 4 * count);
    const words = gpu.buffers.create('test.rngWords', 16 * count);
    const batch = new CommandBatch(gpu, 'test');
    batch.dispatch(kernel, key, [out, words], [Math.ceil(count / 64)]);
    batch.submit();
    const draws = await readF32(gpu, out, count);
    const bits = await readU32(gpu, words, 4 * count);
    for (let i = 0; i < count; i++) {
      const step = key.step0 + Math.floor(i / key.slots);
      const slot = i % key.slots;
      expect([...bits.subarray(4 * i, 4 * i + 4)]).toEqual(pcg4d([key.seed, key.sequence, step, slot]));
      expect(draws[i]).toBe(rngUniform(key.seed, key.sequence, step, slot));
    }
    gpu.buffers.destroy(out);
    gpu.buffers.destroy(words);
  });
});
