// The KV cache a config asks for is checked whole before any buffer: a million positions
// (max_position_embeddings) on two rows is refused with a GpuMemoryLimitError naming the cache, its
// size and the budget, and nothing is left allocated.
import { afterEach, describe, expect, it } from 'vitest';
import { GpuMemoryLimitError } from '../gpu/errors.ts';
import { expectNoGpuErrors, testGpu } from '../testing/gpu.ts';
import { defaultConfig } from './config.ts';
import { KvCache } from './kvCache.ts';

afterEach(expectNoGpuErrors);

describe('the KV cache', () => {
  it("refuses the KV cache a config's million positions would need, before any buffer", async () => {
    const gpu = await testGpu();
    const before = gpu.buffers.liveBytes;
    const config = {
      ...defaultConfig(),
      hidden_size: 128,
      num_attention_heads: 4,
      num_key_value_heads: 4,
      head_dim: 32,
      num_hidden_layers: 2,
      max_position_embeddings: 1_048_576,
    };
    let error: unknown;
    try {
      new KvCache(gpu, config, 2);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GpuMemoryLimitError);
    expect((error as Error).message).toMatch(
      /^The KV cache of 2 rows × 1,048,576 positions \(the model's max_position_embeddings\) × 2 layers needs 4\.00 GiB, over the lab's GPU memory budget/,
    );
    expect((error as GpuMemoryLimitError).hint).toMatch(/max_position_embeddings/);
    expect(gpu.buffers.liveBytes).toBe(before);
  });
});
