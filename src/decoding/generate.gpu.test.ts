// The GPU generation loop: it equals the CPU reference loop token for token (greedy and sampled,
// ragged prompts, groups sharing a prefill, every sync interval), decoding with the cache equals a
// full recomputation, seeds reproduce, groups diverge, and every stop rule ends a sequence with
// its reason. Nothing is left allocated afterwards.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readF32 } from '../gpu/readback.ts';
import { defaultConfig } from '../model/config.ts';
import { KvCache } from '../model/kvCache.ts';
import { randomWeights } from '../model/parameters.ts';
import { tokenChunk } from '../model/referenceModel.ts';
import { GpuTransformer } from '../model/transformer.ts';
import { assertAllClose } from '../testing/allclose.ts';
import { expectNoGpuErrors, testGpu } from '../testing/gpu.ts';
import { DEFAULT_CRAEG } from './crowdingReference.ts';
import { Generator } from './generate.ts';
import { generateReference } from './generateReference.ts';
import type { GenerateRequest, GenerationResult } from './generation.ts';

afterEach(expectNoGpuErrors);

const config = defaultConfig();
/** Scaled so that the random model's distributions are peaked enough to be interesting. */
const weights = randomWeights(config, 21);
for (const [name, data] of weights) if (!name.endsWith('norm.weight')) data.set(data.map((v) => v * 15));

const PROMPTS = [
  [0, 57, 51, 56, 4],
  [0, 81],
  [0, 112, 72, 39, 49, 23, 7, 101],
];

let generator: Generator | null = null;
async function gpuGenerator(): Promise<Generator> {
  if (!generator) {
    const gpu = await testGpu();
    generator = await Generator.create(gpu, await GpuTransformer.create(gpu, config, weights));
  }
  return generator;
}
afterAll(() => {
  generator?.model.destroy();
  generator?.destroy();
});

function expectSameGeneration(actual: GenerationResult, expected: GenerationResult): void {
  expect(actual.sequences.length).toBe(expected.sequences.length);
  actual.sequences.forEach((s, r) => {
    const e = expected.sequences[r];
    expect(s.tokens, `sequence ${r} tokens`).toEqual(e.tokens);
    expect(s.finish, `sequence ${r} finish`).toBe(e.finish);
    assertAllClose(s.logProbs, e.logProbs, { rtol: 0, atol: 1e-3 });
    assertAllClose(s.entropy, e.entropy, { rtol: 0, atol: 1e-3 });
  });
  expect(Array.from(actual.padded.mask)).toEqual(Array.from(expected.padded.mask));
}

const CASES: [string, Omit<GenerateRequest, 'prompts'>][] = [
  [
    'greedy, synced every 8 steps',
    { sampling: { temperature: 0, topK: 0, topP: 1 }, seed: 1, maxNewTokens: 20 },
  ],
  [
    'sampled with top-k and top-p, 3 samples per prompt, synced every 5',
    {
      sampling: { temperature: 0.9, topK: 30, topP: 0.9 },
      seed: 7,
      maxNewTokens: 16,
      samplesPerPrompt: 3,
      syncEvery: 5,
    },
  ],
  [
    'hot sampling, synced every step',
    { sampling: { temperature: 1.5, topK: 0, topP: 1 }, seed: 3, maxNewTokens: 12, syncEvery: 1 },
  ],
  [
    'stop strings',
    { sampling: { temperature: 1.2, topK: 0, topP: 1 }, seed: 5, maxNewTokens: 30, stopStrings: ['e', '<'] },
  ],
];

describe.each(CASES)('GPU generation, %s', (_, options) => {
  it('equals the CPU reference loop token for token', async () => {
    const request = { ...options, prompts: PROMPTS };
    const actual = await (await gpuGenerator()).generate(request);
    const expected = await generateReference(config, weights, request);
    expectSameGeneration(actual, expected);
  });
});

function expectSameTraces(actual: GenerationResult, expected: GenerationResult): void {
  actual.sequences.forEach((s, r) => {
    const a = s.multiplex;
    const e = expected.sequences[r].multiplex;
    expect(a && e, `sequence ${r} has a trace`).toBeTruthy();
    if (!a || !e) return;
    expect(Array.from(a.indices), `sequence ${r} draws`).toEqual(Array.from(e.indices));
    assertAllClose(a.weights, e.weights, { rtol: 0, atol: 1e-5 });
    assertAllClose(a.logProbs, e.logProbs, { rtol: 0, atol: 1e-3 });
    expect(a.thinkingSteps).toBe(e.thinkingSteps);
  });
}

describe.each<[string, Omit<GenerateRequest, 'prompts'>]>([
  [
    'K = 3 reweighted, 2 samples per prompt',
    {
      sampling: { temperature: 1.2, topK: 0, topP: 1 },
      seed: 4,
      maxNewTokens: 14,
      samplesPerPrompt: 2,
      multiplex: { width: 3, merge: 'reweighted' },
    },
  ],
  [
    'K = 2 averaged, top-p 0.9, synced every 3',
    {
      sampling: { temperature: 1, topK: 0, topP: 0.9 },
      seed: 9,
      maxNewTokens: 12,
      syncEvery: 3,
      multiplex: { width: 2, merge: 'averaged' },
    },
  ],
])('GPU multiplex generation, %s', (_, options) => {
  it('feeds the same mixtures as the CPU reference loop and generates the same tokens', async () => {
    const request = { ...options, prompts: PROMPTS };
    const actual = await (await gpuGenerator()).generate(request);
    const expected = await generateReference(config, weights, request);
    expectSameGeneration(actual, expected);
    expectSameTraces(actual, expected);
    const mixed = actual.sequences.some((s) => s.multiplex?.weights.some((w) => w > 0 && w < 0.99));
    expect(mixed, 'some step merged different draws').toBe(true);
  });
});

describe('GPU multiplex generation against discrete decoding', () => {
  const base: Omit<GenerateRequest, 'prompts'> = {
    sampling: { temperature: 1.3, topK: 0, topP: 1 },
    seed: 6,
    maxNewTokens: 16,
    samplesPerPrompt: 2,
  };

  it('with K = 1 is discrete decoding exactly, every weight 1', async () => {
    const gen = await gpuGenerator();
    const discrete = await gen.generate({ ...base, prompts: PROMPTS });
    const multiplex = await gen.generate({
      ...base,
      prompts: PROMPTS,
      multiplex: { width: 1, merge: 'reweighted' },
    });
    multiplex.sequences.forEach((s, r) => {
      expect(s.tokens).toEqual(discrete.sequences[r].tokens);
      expect(s.logProbs).toEqual(discrete.sequences[r].logProbs);
      expect(Array.from(s.multiplex?.indices ?? [])).toEqual(s.tokens);
      expect(Array.from(s.multiplex?.weights ?? [])).toEqual(s.tokens.map(() => 1));
    });
  });

  it('greedy with K = 3 draws one token three times: the tokens of greedy decoding', async () => {
    const gen = await gpuGenerator();
    const greedy = { ...base, sampling: { temperature: 0, topK: 0, topP: 1 } };
    const discrete = await gen.generate({ ...greedy, prompts: PROMPTS });
    const multiplex = await gen.generate({
      ...greedy,
      prompts: PROMPTS,
      multiplex: { width: 3, merge: 'reweighted' },
    });
    multiplex.sequences.forEach((s, r) => {
      expect(s.tokens).toEqual(discrete.sequences[r].tokens);
    });
  });
});

describe('GPU generation properties', () => {
  it('runs min-p and CraEG in the loop and records stages and crowding as the reference does', async () => {
    const request: GenerateRequest = {
      prompts: PROMPTS,
      samplesPerPrompt: 2,
      sampling: {
        temperature: 1.1,
        topK: 0,
        topP: 0.95,
        minP: 0.02,
        craeg: { ...DEFAULT_CRAEG, kappa: 0.6 },
      },
      seed: 11,
      maxNewTokens: 10,
      record: { candidates: 4, stages: true, crowding: true },
    };
    const actual = await (await gpuGenerator()).generate(request);
    const expected = await generateReference(config, weights, request);
    expectSameGeneration(actual, expected);
    let reweighted = 0;
    actual.sequences.forEach((s, r) => {
      const e = expected.sequences[r];
      s.crowding?.forEach((step, t) => {
        const want = e.crowding?.[t];
        expect(Math.abs(step.step - (want?.step ?? -1)), `sequence ${r} step ${t} C_t`).toBeLessThan(1e-4);
        expect(Math.abs(step.lambda - (want?.lambda ?? -1))).toBeLessThan(1e-4);
        assertAllClose(step.tokens, want?.tokens ?? [], { rtol: 0, atol: 1e-4 });
        if (step.lambda > 0) reweighted++;
      });
      expect(Math.abs((s.sequenceCrowding ?? -1) - (e.sequenceCrowding ?? -2))).toBeLessThan(1e-4);
      s.candidates?.forEach((candidates, t) => {
        candidates.forEach((c, k) => {
          const want = e.candidates?.[t][k];
          expect(c.token).toBe(want?.token);
          for (const key of ['raw', 'temperature', 'truncated', 'processed'] as const) {
            expect(Math.abs((c[key] ?? -1) - (want?.[key] ?? -2)), `${key} of rank ${k}`).toBeLessThan(1e-4);
          }
        });
      });
    });
    expect(reweighted).toBeGreaterThan(0);
  });

  it('decodes with the cache to what a full recomputation gives at every position', async () => {
    const gen = await gpuGenerator();
    const result = await gen.generate({
      prompts: [PROMPTS[2]],
      sampling: { temperature: 0, topK: 0, topP: 1 },
      seed: 1,
      maxNewTokens: 24,
      record: { logSoftmax: true },
    });
    const [s] = result.sequences;
    const full = [...s.promptTokens, ...s.tokens.slice(0, -1)];
    const gpu = await testGpu();
    const cache = new KvCache(gpu, config, 1);
    const acts = await gen.model.forward(tokenChunk([full], [0], config.pad_token_id), cache);
    const V = config.vocab_size;
    const logProbs = await readF32(gpu, acts.logProbs, full.length * V);
    cache.destroy();
    s.tokens.forEach((token, t) => {
      const row = logProbs.subarray((s.promptTokens.length - 1 + t) * V, (s.promptTokens.length + t) * V);
      const argmax = row.indexOf(Math.max(...row));
      expect(token, `token ${t}`).toBe(argmax);
      const recorded = (s.rawLogSoftmax as Float32Array[])[t];
      assertAllClose(recorded, row, { rtol: 0, atol: 1e-4 });
    });
  });

  it('gives the same tokens for the same seed and other tokens for another seed', async () => {
    const gen = await gpuGenerator();
    const request: GenerateRequest = {
      prompts: PROMPTS,
      sampling: { temperature: 1, topK: 0, topP: 1 },
      seed: 11,
      maxNewTokens: 10,
    };
    const a = await gen.generate(request);
    const b = await gen.generate(request);
    const c = await gen.generate({ ...request, seed: 12 });
    expect(a.sequences.map((s) => s.tokens)).toEqual(b.sequences.map((s) => s.tokens));
    expect(a.sequences.map((s) => s.tokens)).not.toEqual(c.sequences.map((s) => s.tokens));
  });

  it('lets the G samples of a prompt diverge from its shared prefill', async () => {
    const result = await (await gpuGenerator()).generate({
      prompts: [PROMPTS[0]],
      samplesPerPrompt: 8,
      sampling: { temperature: 1.5, topK: 0, topP: 1 },
      seed: 2,
      maxNewTokens: 4,
    });
    expect(new Set(result.sequences.map((s) => s.tokens[0])).size).toBeGreaterThan(1);
    expect(result.sequences.every((s) => s.prompt === 0)).toBe(true);
  });

  it('ends a sequence at maxNewTokens, at the last position and at <eos>, as the reference does', async () => {
    const S = config.max_position_embeddings;
    const long = Array.from({ length: S - 2 }, (_, i) => 40 + (i % 90));
    // Seed 2 makes the hot sampler emit <eos> in one of the rows, and none of its draws lies within
    // 1e-5 of a cumulative-probability boundary, where f32 and float64 sums may pick neighbours
    // (both found with generateReference).
    const request: GenerateRequest = {
      prompts: [long, ...PROMPTS],
      samplesPerPrompt: 2,
      sampling: { temperature: 3, topK: 0, topP: 1 },
      seed: EOS_SEED,
      maxNewTokens: 40,
    };
    const actual = await (await gpuGenerator()).generate(request);
    expectSameGeneration(actual, await generateReference(config, weights, request));
    const finishes = new Set(actual.sequences.map((s) => s.finish));
    expect(finishes).toEqual(new Set(['context', 'length', 'eos']));
    expect(actual.sequences[0]).toMatchObject({ finish: 'context' });
    expect(actual.sequences[0].tokens).toHaveLength(3);
  });

  it('streams every token once, in order, and stops early when cancelled', async () => {
    const gen = await gpuGenerator();
    const streamed: number[][] = PROMPTS.map(() => []);
    let updates = 0;
    const result = await gen.generate({
      prompts: PROMPTS,
      sampling: { temperature: 0, topK: 0, topP: 1 },
      seed: 1,
      maxNewTokens: 20,
      syncEvery: 4,
      onTokens: (update) => {
        updates++;
        update.newTokens.forEach((t, r) => {
          streamed[r].push(...t);
        });
      },
    });
    expect(streamed).toEqual(result.sequences.map((s) => s.tokens));
    expect(updates).toBe(1 + Math.ceil(19 / 4));
    const cancelled = await gen.generate({
      prompts: PROMPTS,
      sampling: { temperature: 0, topK: 0, topP: 1 },
      seed: 1,
      maxNewTokens: 60,
      syncEvery: 4,
      isCancelled: () => true,
    });
    expect(cancelled.sequences.every((s) => s.finish === 'cancelled' && s.tokens.length === 1)).toBe(true);
  });

  it('records attention rows that match the reference for every processed position', async () => {
    const request: GenerateRequest = {
      prompts: [PROMPTS[0], PROMPTS[1]],
      sampling: { temperature: 0, topK: 0, topP: 1 },
      seed: 1,
      maxNewTokens: 6,
      record: { attention: true, candidates: 4 },
    };
    const actual = await (await gpuGenerator()).generate(request);
    const expected = await generateReference(config, weights, request);
    actual.sequences.forEach((s, r) => {
      const e = expected.sequences[r];
      const a = s.attention as Float32Array;
      expect(a.length).toBe((e.attention as Float32Array).length);
      assertAllClose(a, e.attention as Float32Array, { rtol: 0, atol: 1e-5 });
      const flat = (steps: typeof s.candidates) => (steps ?? []).flat();
      expect(flat(s.candidates).map((c) => c.token)).toEqual(flat(e.candidates).map((c) => c.token));
      assertAllClose(
        flat(s.candidates).map((c) => c.raw),
        flat(e.candidates).map((c) => c.raw),
        { rtol: 0, atol: 1e-5 },
      );
    });
  });

  it('frees everything it allocated for a generation', async () => {
    const gen = await gpuGenerator();
    const gpu = await testGpu();
    const request: GenerateRequest = {
      prompts: PROMPTS,
      samplesPerPrompt: 2,
      sampling: { temperature: 1, topK: 5, topP: 1 },
      seed: 1,
      maxNewTokens: 9,
      record: { attention: true, logSoftmax: true, candidates: 3 },
    };
    await gen.generate(request);
    const before = gpu.buffers.liveCount;
    await gen.generate(request);
    await gen.generate(request);
    expect(gpu.buffers.liveCount).toBe(before);
  });

  it('refuses an empty prompt, a token outside the vocabulary and maxNewTokens 0, naming them', async () => {
    const gen = await gpuGenerator();
    const base = { sampling: { temperature: 0, topK: 0, topP: 1 }, seed: 1, maxNewTokens: 4 };
    await expect(gen.generate({ ...base, prompts: [[0], []] })).rejects.toThrow(/prompt 1 has 0 tokens/);
    await expect(gen.generate({ ...base, prompts: [[0, 500]] })).rejects.toThrow(/token 500/);
    await expect(gen.generate({ ...base, prompts: [[0]], maxNewTokens: 0 })).rejects.toThrow(/maxNewTokens/);
  });
});

const EOS_SEED = 2;
