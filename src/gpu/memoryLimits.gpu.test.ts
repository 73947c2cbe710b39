// Memory is checked before it is allocated: a buffer over the adapter's maxBufferSize and live
// bytes over the lab's budget are refused with a GpuMemoryLimitError naming the request, the size
// and the limit, and nothing is left allocated (model/kvCache.gpu.test.ts: a whole KV cache); a
// readback of a buffer that is gone is a typed GpuOperationError.
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoGpuErrors, testGpu } from '../testing/gpu.ts';
import { BufferRegistry } from './buffers.ts';
import { GpuMemoryLimitError, GpuOperationError } from './errors.ts';
import { gpuMemoryBudget } from './memoryBudget.ts';
import { readF32 } from './readback.ts';

afterEach(expectNoGpuErrors);

describe('memory limits', () => {
  it('refuses a buffer over maxBufferSize before allocating it', async () => {
    const gpu = await testGpu();
    const before = gpu.buffers.liveCount;
    const error = (() => {
      try {
        gpu.buffers.create('test.huge', gpu.device.limits.maxBufferSize + 16);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(GpuMemoryLimitError);
    expect((error as Error).message).toMatch(
      /^the buffer test\.huge needs 1\.00 GiB, over this GPU's largest buffer \(maxBufferSize\) of 1\.00 GiB\.$/,
    );
    expect(gpu.buffers.liveCount).toBe(before);
  });

  it('refuses live bytes over the budget, naming what is already held', async () => {
    const gpu = await testGpu();
    expect(gpu.buffers.budget).toBe(gpuMemoryBudget(gpu.facts));
    const registry = new BufferRegistry(gpu.device, 64 * 1024);
    const first = registry.create('test.first', 48 * 1024);
    expect(() => registry.create('test.second', 32 * 1024)).toThrow(
      /^the buffer test\.second needs 32\.0 KiB, but the lab's GPU memory budget of 64\.0 KiB has only 16\.0 KiB free \(48\.0 KiB is held already\)\.$/,
    );
    expect(registry.liveCount).toBe(1);
    registry.destroy(first);
    registry.destroy(registry.create('test.second', 32 * 1024));
  });

  it('reads a destroyed buffer back as a typed error, never raw WebGPU text', async () => {
    const gpu = await testGpu();
    const buffer = gpu.buffers.create('test.gone', 64);
    gpu.buffers.destroy(buffer);
    const error = await readF32(gpu, buffer, 16).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GpuOperationError);
    expect((error as Error).message).toBe('The GPU could not read test.gone back.');
  });
});
