// The rollout strategies against a mock generator: the default asks exactly what GrpoStep always
// asked and returns one row per sample; a forced prefix is fed after the prompt but opens the
// response (multiplex traces get one-hot steps for it); produced samples come from a promise or
// an async iterable; samples out of order or without rows are refused.
import { describe, expect, it } from 'vitest';
import type { GeneratedSequence, GenerateRequest, GenerationResult } from '../../decoding/generation.ts';
import {
  checkSamples,
  forcedPrefixRollouts,
  producedRollouts,
  type RolloutRequest,
  type RolloutSample,
  sampledRollouts,
} from './rollouts.ts';

/** Sample s of prompt p generates [10 + p, 20 + s, <eos>]; multiplex traces mix in token 30. */
function mockGenerator() {
  const requests: GenerateRequest[] = [];
  return {
    requests,
    generate: async (request: GenerateRequest): Promise<GenerationResult> => {
      requests.push(request);
      const G = request.samplesPerPrompt ?? 1;
      const sequences: GeneratedSequence[] = request.prompts.flatMap((prompt, p) =>
        Array.from({ length: G }, (_, s) => {
          const tokens = [10 + p, 20 + s, 1];
          const K = request.multiplex?.width ?? 0;
          const multiplex = K
            ? {
                width: K,
                indices: Uint32Array.from(tokens.flatMap((t) => [t, 30])),
                weights: Float32Array.from(tokens.flatMap(() => [0.5, 0.5])),
                logProbs: Float32Array.from(tokens.flatMap(() => [-1, -2])),
                thinkingSteps: 2,
              }
            : undefined;
          return {
            prompt: p,
            sample: s,
            promptTokens: prompt,
            tokens,
            logProbs: [0, 0, 0],
            entropy: [0, 0, 0],
            finish: 'eos' as const,
            ...(multiplex ? { multiplex } : {}),
          };
        }),
      );
      return {
        sequences,
        padded: { width: 3, tokens: new Uint32Array(), mask: new Uint8Array() },
        steps: 3,
        prefillMs: 0,
        decodeMs: 0,
      };
    },
  };
}

function request(
  generator: ReturnType<typeof mockGenerator>,
  extra: Partial<RolloutRequest> = {},
): RolloutRequest {
  return {
    generator,
    prompts: [
      [0, 5],
      [0, 6, 7],
    ],
    groupSize: 2,
    seed: 3,
    sampling: { temperature: 1, topK: 0, topP: 1 },
    maxNewTokens: 4,
    ...extra,
  };
}

describe('sampled rollouts (the default)', () => {
  it('ask for G samples of each prompt and make each one row, judged on its response', async () => {
    const generator = mockGenerator();
    const samples = await sampledRollouts().rollout(request(generator, { stopStrings: ['!'] }));
    expect(generator.requests).toEqual([
      {
        prompts: [
          [0, 5],
          [0, 6, 7],
        ],
        samplesPerPrompt: 2,
        sampling: { temperature: 1, topK: 0, topP: 1 },
        seed: 3,
        maxNewTokens: 4,
        stopStrings: ['!'],
        syncEvery: 16,
        multiplex: undefined,
      },
    ]);
    expect(samples.map((q) => [q.group, q.sample, q.rows.length])).toEqual([
      [0, 0, 1],
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 1],
    ]);
    expect(samples[3].rows[0]).toEqual({ prompt: [0, 6, 7], response: [11, 21, 1], finish: 'eos' });
    expect(samples[3].response).toEqual([11, 21, 1]);
    expect(() => checkSamples(samples, 2, 2)).not.toThrow();
  });
});

describe('forced-prefix rollouts', () => {
  it('feed the prefix after the prompt and open the response with it, for the reward too', async () => {
    const generator = mockGenerator();
    const strategy = forcedPrefixRollouts((group) => (group === 0 ? [7] : [8, 9]));
    const samples = await strategy.rollout(request(generator));
    expect(generator.requests[0].prompts).toEqual([
      [0, 5, 7],
      [0, 6, 7, 8, 9],
    ]);
    expect(samples[0].rows[0].prompt).toEqual([0, 5]);
    expect(samples[0].rows[0].response).toEqual([7, 10, 20, 1]);
    expect(samples[2].rows[0].prompt).toEqual([0, 6, 7]);
    expect(samples[2].response).toEqual([8, 9, 11, 20, 1]);
  });

  it('give multiplex rollouts a one-hot step for every prefix token', async () => {
    const generator = mockGenerator();
    const strategy = forcedPrefixRollouts(() => [7]);
    const samples = await strategy.rollout(
      request(generator, { multiplex: { width: 2, merge: 'reweighted' } }),
    );
    const trace = samples[0].rows[0].multiplex;
    expect(Array.from(trace?.indices ?? [])).toEqual([7, 7, 10, 30, 20, 30, 1, 30]);
    expect(Array.from(trace?.weights ?? [])).toEqual([1, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(trace?.logProbs ?? [])).toEqual([0, 0, -1, -2, -1, -2, -1, -2]);
    expect(trace?.thinkingSteps).toBe(2);
  });
});

const TWO_ROWS = (group: number, sample: number): RolloutSample => ({
  group,
  sample,
  rows: [
    { prompt: [0, 5], response: [3, 4], finish: 'eos' },
    { prompt: [0, 6], response: [8, 9, 1], mask: [0, 1, 1], finish: 'eos' },
  ],
  response: [9, 1],
  finish: 'eos',
});

describe('rows built by the method', () => {
  it('come from a promise or from an async iterable, with what the producer was given', async () => {
    const generator = mockGenerator();
    const fromPromise = producedRollouts('two rows', async (r) =>
      r.prompts.flatMap((_, g) => Array.from({ length: r.groupSize }, (_, s) => TWO_ROWS(g, s))),
    );
    const fromIterable = producedRollouts('two rows, streamed', async function* (r) {
      for (let g = 0; g < r.prompts.length; g++) for (let s = 0; s < r.groupSize; s++) yield TWO_ROWS(g, s);
    });
    const a = await fromPromise.rollout(request(generator));
    const b = await fromIterable.rollout(request(generator));
    expect(b).toEqual(a);
    expect(a).toHaveLength(4);
    expect(() => checkSamples(a, 2, 2)).not.toThrow();
  });
});

describe('sample checks', () => {
  it('refuse samples out of order, of the wrong count or without rows, and allow an empty response', () => {
    const good = [TWO_ROWS(0, 0), TWO_ROWS(0, 1)];
    expect(() => checkSamples(good, 2, 2)).toThrow(/2 samples for 2 prompts x 2/);
    expect(() => checkSamples([good[1], good[0]], 1, 2)).toThrow(/G per prompt, in order/);
    expect(() => checkSamples([{ ...good[0], rows: [] }, good[1]], 1, 2)).toThrow(/sample 0 .* has no rows/);
    const empty = { ...good[1], rows: [{ prompt: [0], response: [], finish: 'eos' as const }] };
    expect(() => checkSamples([good[0], empty], 1, 2)).not.toThrow();
  });
});
