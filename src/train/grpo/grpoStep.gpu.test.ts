// GRPO on the GPU: the gradient of one policy update (ratios off 1, clipping, the dual clip, a k3
// KL term to a frozen reference, two micro-batches) against the CPU reference of the same loss
// (reference.ts, itself checked by finite differences); and learning: on a toy reward (the first
// answer token is a digit) a few GRPO steps from a random model raise the policy's probability
// of a digit, which the sign of any piece being wrong would lower. Multiplex rollouts: the update's
// gradient over stored mixtures equals the CPU reference, K = 1 is discrete GRPO to the last bit,
// and K = 3 learns the toy task too.
import { afterEach, describe, expect, it } from 'vitest';
import { Generator } from '../../decoding/generate.ts';
import { defaultConfig } from '../../model/config.ts';
import { parameterTable, randomWeights } from '../../model/parameters.ts';
import { ReferenceKvCache, referenceForward, tokenChunk } from '../../model/referenceModel.ts';
import { decode, tokenId } from '../../model/tokenizer.ts';
import { GpuTransformer } from '../../model/transformer.ts';
import { relativeError } from '../../testing/allclose.ts';
import { expectNoGpuErrors, testGpu } from '../../testing/gpu.ts';
import { RowScorer } from '../rowScores.ts';
import { TrainStep } from '../trainStep.ts';
import { groupAdvantages } from './advantages.ts';
import { type GrpoSettings, GrpoStep, type GrpoStepReport } from './grpoStep.ts';
import { aggregation, clippedSurrogate, klPenalty } from './objective.ts';
import { policyBatch, type RolloutTokens } from './policyBatch.ts';
import type { PolicyUpdate } from './policyUpdate.ts';
import { referencePolicyGradient } from './reference.ts';

afterEach(expectNoGpuErrors);

const config = defaultConfig();
const ADAMW = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0, clipNorm: 1e9 };

function settings(overrides: Partial<GrpoSettings> = {}): GrpoSettings {
  return {
    groupSize: 2,
    sampling: { temperature: 1, topK: 0, topP: 1 },
    maxNewTokens: 4,
    updatesPerBatch: 1,
    rowsPerMicro: 3,
    advantages: { scaleByStd: true },
    objective: {
      surrogate: clippedSurrogate({ epsLow: 0.2, epsHigh: 0.28, dualClip: 3 }),
      kl: klPenalty('k3', 0.1),
      aggregation: aggregation('token-mean'),
    },
    scoreReference: true,
    ...overrides,
  };
}

async function setUp(policySeed: number, referenceSeed: number, s: GrpoSettings) {
  const gpu = await testGpu();
  const model = await GpuTransformer.create(gpu, config, randomWeights(config, policySeed));
  const reference = await GpuTransformer.create(gpu, config, randomWeights(config, referenceSeed));
  const trainer = await TrainStep.create(gpu, model, ADAMW);
  const generator = await Generator.create(gpu, model);
  const scorer = await RowScorer.create(gpu);
  const step = new GrpoStep(generator, trainer, scorer, reference, s);
  const destroy = () => {
    scorer.destroy();
    generator.destroy();
    trainer.destroy();
    reference.destroy();
    model.destroy();
  };
  return { model, trainer, step, destroy };
}

const DIGITS = Array.from({ length: 10 }, (_, d) => tokenId(String(d)));

/** The policy's probability that the first response token after `prompt` is a digit. */
async function digitMass(model: GpuTransformer, prompt: number[]): Promise<number> {
  const weights = await model.weights.read();
  const { logProbs } = referenceForward(
    config,
    weights,
    tokenChunk([prompt], [0], 0),
    new ReferenceKvCache(config, 1),
  );
  const last = (prompt.length - 1) * config.vocab_size;
  return DIGITS.reduce((p, d) => p + Math.exp(logProbs[last + d]), 0);
}

const GRADIENT_ROLLOUTS: RolloutTokens[] = [
  { prompt: [0, 20, 21], response: [30, 31, 1] },
  { prompt: [0, 20, 21], response: [32, 1] },
  { prompt: [0, 40], response: [41, 42, 43, 44, 45, 1] },
  { prompt: [0, 40], response: [46, 1] },
];

/**
 * One policy update at lr 0 of `rollouts` (ratios off 1, clipping, the dual clip, a k3 KL term,
 * two micro-batches) has the loss, clips and gradient of the CPU reference.
 */
async function expectReferenceGradient(rollouts: RolloutTokens[]): Promise<PolicyUpdate> {
  const s = settings();
  const { trainer, step, destroy } = await setUp(21, 22, s);
  const perRollout = groupAdvantages([1, 0, 0.5, 0], 2, { scaleByStd: true });
  const batch = policyBatch(rollouts, s.rowsPerMicro, config.pad_token_id);
  const advantage = Array.from(batch.sequence, (i) => perRollout[i]);
  const policy = randomWeights(config, 21);
  const onPolicy = referencePolicyGradient(
    config,
    policy,
    batch,
    { ...s.objective, kl: null },
    advantage,
    null,
  );
  const shifts = [-0.6, -0.05, 0.1, 0.5, 1.5, 0.3];
  const behaviour = Array.from(onPolicy.logProb, (lp, t) => lp - shifts[t % shifts.length]);
  const refLogProb = referencePolicyGradient(
    config,
    randomWeights(config, 22),
    batch,
    { ...s.objective, kl: null },
    advantage,
    null,
  ).logProb;
  const perToken = rollouts.map((r, i) => new Float64Array(r.response.length).fill(perRollout[i]));
  const update = await step.updater.update(rollouts, perToken, 0, behaviour);
  const expected = referencePolicyGradient(
    config,
    policy,
    batch,
    s.objective,
    advantage,
    behaviour,
    refLogProb,
  );
  expect(relativeError(update.tokens.logProb, onPolicy.logProb)).toBeLessThan(1e-5);
  expect(relativeError(update.tokens.refLogProb as ArrayLike<number>, refLogProb)).toBeLessThan(1e-5);
  expect(update.last.loss).toBeCloseTo(expected.result.loss, 5);
  expect(Array.from(update.last.clipped)).toEqual(Array.from(expected.result.clipped));
  expect(update.last.clipFraction).toBeGreaterThan(0);
  const grads = await trainer.grads.read();
  for (const { name } of parameterTable(config)) {
    const error = relativeError(grads.get(name) as Float32Array, expected.grads.get(name) as Float64Array);
    expect(error, name).toBeLessThan(1e-4);
  }
  destroy();
  return update;
}

/**
 * Six GRPO steps of the toy task (reward 1 when the first response token is a digit) from a
 * random model; P(digit) before and after.
 */
async function trainDigitTask(s: GrpoSettings, check: (report: GrpoStepReport) => void) {
  const { model, step, destroy } = await setUp(31, 31, s);
  const prompt = [tokenId('<bos>'), ...'7?'.split('').map(tokenId)];
  const before = await digitMass(model, prompt);
  const rewards: number[] = [];
  for (let i = 0; i < 6; i++) {
    const report = await step.run({
      prompts: [prompt, prompt, prompt, prompt],
      seed: 100 + i,
      lr: 3e-2,
      reward: (_, response) => {
        const digit = /^[0-9]/.test(decode(response));
        return { reward: digit ? 1 : 0, reason: digit ? 'a digit' : 'not a digit' };
      },
    });
    expect(report.finite).toBe(true);
    check(report);
    rewards.push(report.meanReward);
  }
  const after = await digitMass(model, prompt);
  const mode = s.multiplex ? `multiplex K = ${s.multiplex.width}` : 'discrete';
  console.log(
    `${mode}: P(digit) ${before.toFixed(3)} -> ${after.toFixed(3)}; reward per step ${rewards.join(' ')}`,
  );
  destroy();
  return { before, after };
}

describe('a GRPO policy update on the GPU', () => {
  it('has the gradient of the CPU reference GRPO loss', async () => {
    await expectReferenceGradient(GRADIENT_ROLLOUTS);
  });

  it('raises the reward of a toy task in a few steps: the first answer token is a digit', async () => {
    const s = settings({ groupSize: 16, maxNewTokens: 1, objective: { ...settings().objective, kl: null } });
    const { before, after } = await trainDigitTask(s, () => undefined);
    expect(after).toBeGreaterThan(before + 0.3);
  });

  it('has the gradient of the CPU reference loss on multiplex rollouts (K = 3)', async () => {
    const update = await expectReferenceGradient(
      GRADIENT_ROLLOUTS.map((r, i) => ({
        ...r,
        mixture: {
          width: 3,
          indices: r.response.flatMap((token, j) => [token, 50 + i + j, j === 0 ? token : 60]),
          weights: r.response.flatMap((_, j) => (j + 1 < r.response.length ? [0.5, 0.3, 0.2] : [1, 0, 0])),
        },
      })),
    );
    expect(update.batch.width).toBe(3);
    expect(update.entropy).toHaveLength(update.batch.positions);
  });

  it('with multiplex K = 1 is discrete GRPO exactly: the same rollouts, the same updated weights', async () => {
    const s = settings({ groupSize: 4, maxNewTokens: 5 });
    const prompt = [tokenId('<bos>'), ...'7?'.split('').map(tokenId)];
    const input = {
      prompts: [prompt, [tokenId('<bos>'), tokenId('3')]],
      seed: 17,
      lr: 1e-2,
      reward: (_: number, response: readonly number[]) => {
        const digits = decode(response).replace(/[^0-9]/g, '').length;
        return { reward: digits / 5, reason: `${digits} digits` };
      },
    };
    const runs = [];
    for (const multiplex of [undefined, { width: 1, merge: 'reweighted' as const }]) {
      const run = await setUp(41, 42, { ...s, multiplex });
      const report = await run.step.run(input);
      runs.push({ report, weights: await run.model.weights.read() });
      run.destroy();
    }
    const [discrete, multiplex] = runs;
    expect(discrete.report.informativeGroups).toBeGreaterThan(0);
    expect(multiplex.report.rollouts.map((r) => r.response)).toEqual(
      discrete.report.rollouts.map((r) => r.response),
    );
    expect(multiplex.report.loss).toBe(discrete.report.loss);
    for (const [name, values] of discrete.weights) {
      expect(Array.from(multiplex.weights.get(name) as Float32Array), name).toEqual(Array.from(values));
    }
  });

  it('raises the reward of the toy task with K = 3 multiplex rollouts too', async () => {
    const s = settings({
      groupSize: 16,
      maxNewTokens: 2,
      objective: { ...settings().objective, kl: null },
      multiplex: { width: 3, merge: 'reweighted' },
    });
    const { before, after } = await trainDigitTask(s, (report) => {
      expect(report.meanThinkingSteps).toBeGreaterThan(0);
      expect(report.rollouts[0].multiplex?.width).toBe(3);
    });
    expect(after).toBeGreaterThan(before + 0.3);
  });
});
