// The study runner on a fake generator: problems chunked to the rows a call may hold, one seed per
// chunk shared by every arm, samples grouped per problem and judged by the task's verifier, the
// method's per-sample hook, progress per problem, the arm's throughput, and a trained arm's
// retention panel from its run's evaluations.
import { describe, expect, it } from 'vitest';
import type { GeneratedSequence, GenerateRequest, GenerationResult } from '../../decoding/generation.ts';
import { encode } from '../../model/tokenizer.ts';
import type { ArithmeticProblem } from '../../tasks/index.ts';
import { arithmeticAdapter } from '../arithmetic/arithmeticTask.ts';
import { chunkSeed, runArm, runStudy, type StudyArm, type StudySetup } from './studyRunner.ts';

const ADAPTER = arithmeticAdapter({ difficulty: 2, ops: ['add'], mode: 'think' });
const PROBLEMS = ADAPTER.problems(7, 5);
const WRONG = encode('</think><answer>0</answer><eos>');

/**
 * Answers sample g of every prompt correctly when g is even; returns the sequences sample by
 * sample across prompts, so the runner must group them by prompt itself. Each call takes 10 ms.
 */
function fakeGenerator() {
  const requests: GenerateRequest[] = [];
  return {
    requests,
    async generate(request: GenerateRequest): Promise<GenerationResult> {
      requests.push(request);
      const G = request.samplesPerPrompt ?? 1;
      const sequences: GeneratedSequence[] = request.prompts.flatMap((prompt, b) => {
        const posed = PROBLEMS.find((p) => p.prompt.join() === prompt.join());
        if (!posed) throw new Error('the runner sent a prompt that is no problem of the study');
        return Array.from({ length: G }, (_, g) => {
          const tokens = g % 2 === 0 ? posed.target : WRONG;
          return {
            prompt: b,
            sample: g,
            promptTokens: prompt,
            tokens,
            logProbs: tokens.map(() => 0),
            entropy: tokens.map(() => g),
            finish: 'eos' as const,
          };
        });
      });
      return {
        sequences: sequences.sort((x, y) => x.sample - y.sample),
        padded: { width: 0, tokens: new Uint32Array(), mask: new Uint8Array() },
        steps: 1,
        prefillMs: 4,
        decodeMs: 6,
      };
    },
  };
}

const ARM: StudyArm = {
  name: 'plain',
  sampling: { temperature: 1, topK: 0, topP: 1 },
  record: { crowding: true },
};

function setup(overrides: Partial<StudySetup<ArithmeticProblem, { meanEntropy: number }>> = {}) {
  return {
    adapter: ADAPTER,
    problems: PROBLEMS,
    samples: 4,
    seed: 11,
    rowsPerCall: 10,
    measure: (s: GeneratedSequence) => ({ meanEntropy: s.entropy[0] }),
    ...overrides,
  };
}

describe('the study runner', () => {
  it('puts floor(rows per call / k) problems in each call, seeded by the chunk start', async () => {
    const generator = fakeGenerator();
    await runArm(generator, ARM, setup());
    const { requests } = generator;
    expect(requests.map((r) => r.prompts.length)).toEqual([2, 2, 1]);
    expect(requests.map((r) => r.seed)).toEqual([11, 11 + 2 * 7919, 11 + 4 * 7919]);
    expect(requests.flatMap((r) => r.prompts)).toEqual(PROBLEMS.map((p) => p.prompt));
    for (const r of requests) {
      expect(r).toMatchObject({ samplesPerPrompt: 4, sampling: ARM.sampling, record: ARM.record });
      expect(r.maxNewTokens).toBe(ADAPTER.spec.tokenBudget + 8);
      expect(r.multiplex).toBeUndefined();
    }
  });

  it('keeps one problem per call when k exceeds the rows, and wraps seeds to 32 bits', async () => {
    const generator = fakeGenerator();
    await runArm(generator, ARM, setup({ rowsPerCall: 3, seed: 2 ** 32 - 1 }));
    expect(generator.requests.map((r) => r.prompts.length)).toEqual([1, 1, 1, 1, 1]);
    expect(generator.requests[2].seed).toBe(2 * 7919 - 1);
    expect(chunkSeed(2 ** 32 - 1, 2)).toBe(2 * 7919 - 1);
  });

  it('judges every sample with the verifier and groups them by problem, with the measures of the hook', async () => {
    const notes: string[] = [];
    const run = await runArm(fakeGenerator(), ARM, setup({ onProblem: (arm) => notes.push(arm) }));
    expect(run.problems).toHaveLength(PROBLEMS.length);
    run.problems.forEach((samples, i) => {
      expect(samples.map((s) => s.correct)).toEqual([true, false, true, false]);
      expect(samples.map((s) => s.answer)).toEqual([
        PROBLEMS[i].problem.answer,
        '0',
        PROBLEMS[i].problem.answer,
        '0',
      ]);
      expect(samples.map((s) => s.meanEntropy)).toEqual([0, 1, 2, 3]);
      expect(samples[0].tokens).toEqual(PROBLEMS[i].target);
    });
    expect(notes).toEqual(PROBLEMS.map(() => 'plain'));
    const tokens = PROBLEMS.reduce((a, p) => a + 2 * p.target.length + 2 * WRONG.length, 0);
    expect(run.generatedTokens).toBe(tokens);
    expect(run.tokensPerSecond).toBeCloseTo((1000 * tokens) / (3 * 10), 9);
  });

  it('runs every arm on the same problems and seeds, by name', async () => {
    const generator = fakeGenerator();
    const multiplex = { ...ARM, name: 'multiplex', multiplex: { width: 2, merge: 'reweighted' as const } };
    const runs = await runStudy(generator, [ARM, multiplex], setup());
    expect(Object.keys(runs)).toEqual(['plain', 'multiplex']);
    const [plainCalls, multiplexCalls] = [generator.requests.slice(0, 3), generator.requests.slice(3)];
    expect(multiplexCalls.map((r) => [r.seed, r.prompts])).toEqual(
      plainCalls.map((r) => [r.seed, r.prompts]),
    );
    expect(multiplexCalls.every((r) => r.multiplex === multiplex.multiplex)).toBe(true);
    expect(runs.multiplex.problems).toEqual(runs.plain.problems);
  });

  it("reports a trained arm's retention panel, first evaluation against last, and none otherwise", async () => {
    const panel = (correct: number) => [{ name: 'add3 think', n: 100, correct, formatOk: 100 }];
    const evals = [
      { step: 0, tokens: 0, ms: 1, categories: [], retention: panel(98) },
      { step: 20, tokens: 9, ms: 1, categories: [], retention: panel(90) },
      { step: 40, tokens: 18, ms: 1, categories: [], retention: panel(40) },
    ];
    const trained = await runArm(fakeGenerator(), { ...ARM, trained: { evals } }, setup());
    expect(trained.retention?.pooled.start).toEqual({ correct: 98, n: 100 });
    expect(trained.retention?.pooled.now).toEqual({ correct: 40, n: 100 });
    expect(trained.retention?.verdict).toBe('lost');
    expect((await runArm(fakeGenerator(), ARM, setup())).retention).toBeNull();
    const unpanelled = { evals: evals.map(({ retention: _r, ...e }) => e) };
    expect((await runArm(fakeGenerator(), { ...ARM, trained: unpanelled }, setup())).retention).toBeNull();
  });
});
