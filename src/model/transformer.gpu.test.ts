// The GPU transformer against the CPU reference and the PyTorch golden fixtures: several configs
// (odd head dims, grouped KV heads, head_dim * heads != hidden), ragged batches, decoding with the
// cache, embedding mixtures, kept activations, and no buffer growth across forwards.
import { afterEach, describe, expect, it } from 'vitest';
import { readF32 } from '../gpu/readback.ts';
import { relativeError } from '../testing/allclose.ts';
import { expectNoGpuErrors, testGpu } from '../testing/gpu.ts';
import { mulberry32 } from '../testing/random.ts';
import { defaultConfig, type LlamaConfig } from './config.ts';
import { fetchGolden, GOLDEN_MODELS } from './fixtures/golden.ts';
import { KvCache } from './kvCache.ts';
import { type ModelWeights, randomWeights } from './parameters.ts';
import { type ChunkInput, ReferenceKvCache, referenceForward, tokenChunk } from './referenceModel.ts';
import { GpuTransformer } from './transformer.ts';

/**
 * Logits: max |GPU - reference| / max |reference| <= 1e-4 (the aim). f32 sums on the GPU
 * against float64-accumulated ones; these test weights are scaled up so that rounding differences
 * are amplified layer by layer, and the worst case measured here is printed by each test.
 */
const RELATIVE_ERROR = 1e-4;

function expectClose(actual: Float32Array, expected: Float32Array, what: string): void {
  const error = relativeError(actual, expected);
  console.log(`${what}: relative error ${error.toExponential(2)} over ${actual.length} values`);
  expect(error, what).toBeLessThanOrEqual(RELATIVE_ERROR);
}
const PAD = 2;

afterEach(expectNoGpuErrors);

/** Random weights scaled up so that every layer moves the logits (GPT-2 init barely does). */
function strongWeights(config: LlamaConfig, seed: number): ModelWeights {
  const weights = randomWeights(config, seed);
  for (const [name, data] of weights) if (!name.endsWith('norm.weight')) data.set(data.map((v) => v * 20));
  return weights;
}

function randomSequences(lengths: number[], seed: number): number[][] {
  const next = mulberry32(seed);
  return lengths.map((n) => Array.from({ length: n }, () => Math.floor(next() * 135)));
}

/** The valid rows of a [B*T, V] logits array, sequence by sequence, concatenated. */
function validRows(logits: Float32Array, input: ChunkInput, V: number): Float32Array {
  const parts: number[] = [];
  for (let b = 0; b < input.B; b++) {
    parts.push(...logits.subarray(b * input.T * V, (b * input.T + input.counts[b]) * V));
  }
  return Float32Array.from(parts);
}

async function gpuLogits(model: GpuTransformer, cache: KvCache, input: ChunkInput): Promise<Float32Array> {
  const acts = await model.forward(input, cache);
  return readF32(await testGpu(), acts.logits, acts.R * model.dims.V);
}

const CONFIGS: [string, LlamaConfig][] = [
  ['tiny test model (GQA 4:2, D 8)', defaultConfig()],
  [
    'odd sizes (C 40, H 5 on KV 1, D 6, F 72, 3 layers)',
    defaultConfig({
      hidden_size: 40,
      num_attention_heads: 5,
      num_key_value_heads: 1,
      head_dim: 6,
      intermediate_size: 72,
      num_hidden_layers: 3,
    }),
  ],
  [
    'wide heads (C 64, H 2, D 64, theta 500)',
    defaultConfig({
      hidden_size: 64,
      num_attention_heads: 2,
      num_key_value_heads: 2,
      head_dim: 64,
      rope_theta: 500,
    }),
  ],
];

describe.each(CONFIGS)('GPU forward, %s', (_, config) => {
  const weights = strongWeights(config, 11);
  const V = config.vocab_size;

  it('matches the reference on a ragged batch of prefills', async () => {
    const gpu = await testGpu();
    const model = await GpuTransformer.create(gpu, config, weights);
    const cache = new KvCache(gpu, config, 3);
    const input = tokenChunk(randomSequences([9, 1, 17], 5), [0, 0, 0], PAD);
    const actual = validRows(await gpuLogits(model, cache, input), input, V);
    const expected = referenceForward(config, weights, input, new ReferenceKvCache(config, 3)).logits;
    expectClose(actual, validRows(expected, input, V), expect.getState().currentTestName ?? '');
    model.destroy();
    cache.destroy();
  });

  it('decodes a batch token by token with the cache to the logits of one prefill', async () => {
    const gpu = await testGpu();
    const model = await GpuTransformer.create(gpu, config, weights);
    const cache = new KvCache(gpu, config, 2);
    const sequences = randomSequences([12, 8], 6);
    const full = tokenChunk(sequences, [0, 0], PAD);
    const expected = validRows(
      referenceForward(config, weights, full, new ReferenceKvCache(config, 2)).logits,
      full,
      V,
    );
    // Prefill the first 4 tokens of each, then one token per step; the shorter sequence stops early.
    const rows: Float32Array[][] = [[], []];
    const prefill = tokenChunk(
      sequences.map((s) => s.slice(0, 4)),
      [0, 0],
      PAD,
    );
    const first = await gpuLogits(model, cache, prefill);
    rows[0].push(first.slice(0, 4 * V));
    rows[1].push(first.slice(4 * V, 8 * V));
    for (let p = 4; p < 12; p++) {
      const step = tokenChunk(
        sequences.map((s) => (p < s.length ? [s[p]] : [])),
        [p, Math.min(p, sequences[1].length)],
        PAD,
      );
      const logits = await gpuLogits(model, cache, step);
      sequences.forEach((s, b) => {
        if (p < s.length) rows[b].push(logits.slice(b * V, (b + 1) * V));
      });
    }
    const actual = Float32Array.from(rows.flat().flatMap((r) => Array.from(r)));
    expectClose(actual, expected, expect.getState().currentTestName ?? '');
    model.destroy();
    cache.destroy();
  });
});

describe.each(GOLDEN_MODELS)('GPU forward on golden model %s', (name) => {
  it('matches the PyTorch logits for both sequences as one ragged batch', async () => {
    const golden = await fetchGolden(name);
    const gpu = await testGpu();
    const model = await GpuTransformer.create(gpu, golden.config, golden.weights);
    const cache = new KvCache(gpu, golden.config, 2);
    const input = tokenChunk(golden.ids, [0, 0], PAD);
    const actual = validRows(await gpuLogits(model, cache, input), input, golden.config.vocab_size);
    const expected = Float32Array.from(golden.logits.flatMap((l) => Array.from(l)));
    expectClose(actual, expected, expect.getState().currentTestName ?? '');
    model.destroy();
    cache.destroy();
  });
});

describe('GPU forward details', () => {
  const config = defaultConfig();
  const weights = strongWeights(config, 12);

  it('mixes K = 3 embeddings per position as the reference does', async () => {
    const gpu = await testGpu();
    const model = await GpuTransformer.create(gpu, config, weights);
    const cache = new KvCache(gpu, config, 1);
    const next = mulberry32(9);
    const T = 6;
    const input: ChunkInput = {
      B: 1,
      T,
      offsets: [0],
      counts: [T],
      K: 3,
      indices: Uint32Array.from({ length: 3 * T }, () => Math.floor(next() * 135)),
      weights: Float32Array.from({ length: 3 * T }, () => next() / 3),
    };
    const actual = await gpuLogits(model, cache, input);
    const expected = referenceForward(config, weights, input, new ReferenceKvCache(config, 1)).logits;
    expectClose(actual, expected, expect.getState().currentTestName ?? '');
    model.destroy();
    cache.destroy();
  });

  it('keeps per-layer activations on request without changing the logits', async () => {
    const gpu = await testGpu();
    const model = await GpuTransformer.create(gpu, config, weights);
    const cache = new KvCache(gpu, config, 1);
    const input = tokenChunk(randomSequences([7], 3), [0], PAD);
    const plain = await gpuLogits(model, cache, input);
    const acts = await model.forward(input, cache, { keep: true });
    expect(await readF32(gpu, acts.logits, plain.length)).toEqual(plain);
    const reference = referenceForward(config, weights, input, new ReferenceKvCache(config, 1));
    const { H, maxT: S } = model.dims;
    for (let l = 0; l < config.num_hidden_layers; l++) {
      expect(acts.layers[l].xIn).not.toBeNull();
      const probs = await readF32(gpu, acts.layers[l].probs, H * input.T * S);
      expectClose(probs, reference.attention[l], `layer ${l} attention`);
    }
    model.destroy();
    cache.destroy();
  });

  it('holds the same live buffers after many forwards and frees them all on destroy', async () => {
    const gpu = await testGpu();
    const before = gpu.buffers.liveCount;
    const model = await GpuTransformer.create(gpu, config, weights);
    const cache = new KvCache(gpu, config, 2);
    const shapes = [tokenChunk([[1, 2, 3], [4]], [0, 0], PAD), tokenChunk([[5], [6]], [3, 1], PAD)];
    await gpuLogits(model, cache, shapes[0]);
    await gpuLogits(model, cache, shapes[1]);
    const steady = gpu.buffers.liveCount;
    for (let i = 0; i < 10; i++) await gpuLogits(model, cache, shapes[i % 2]);
    expect(gpu.buffers.liveCount).toBe(steady);
    model.destroy();
    cache.destroy();
    expect(gpu.buffers.liveCount).toBe(before);
  });

  it('refuses a chunk that runs past the last position, naming the sequence', async () => {
    const gpu = await testGpu();
    const model = await GpuTransformer.create(gpu, config, weights);
    const cache = new KvCache(gpu, config, 1);
    const S = config.max_position_embeddings;
    await expect(model.forward(tokenChunk([[1, 2]], [S - 1], PAD), cache)).rejects.toThrow(/sequence 0/);
    model.destroy();
    cache.destroy();
  });
});
