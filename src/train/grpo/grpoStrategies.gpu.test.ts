// Each rollout and advantage strategy through the one GrpoStep on the GPU, against the CPU
// reference of the same loss (reference.ts, checked by finite differences): the step at lr 0
// leaves the gradient of its update, which must be the reference gradient over the rows the
// report shows, with their per-token advantages and loss masks. The forced prefix is a response
// token: it has the behaviour log-prob of the reference forward, ratio 1 and a gradient, and the
// reward sees it. Rows built by a method: an organizer row and a worker row per sample, the
// worker's teacher-forced reply masked out, and an advantage strategy that is 0 on each row's last
// token.
import { afterEach, describe, expect, it } from 'vitest';
import { Generator } from '../../decoding/generate.ts';
import { defaultConfig } from '../../model/config.ts';
import { parameterTable, randomWeights } from '../../model/parameters.ts';
import { tokenId } from '../../model/tokenizer.ts';
import { GpuTransformer } from '../../model/transformer.ts';
import { relativeError } from '../../testing/allclose.ts';
import { expectNoGpuErrors, testGpu } from '../../testing/gpu.ts';
import { RowScorer } from '../rowScores.ts';
import { TrainStep } from '../trainStep.ts';
import { type AdvantageStrategy, groupAdvantages } from './advantages.ts';
import { type GrpoSettings, GrpoStep, type GrpoStepReport, type RewardFunction } from './grpoStep.ts';
import { aggregation, clippedSurrogate, klPenalty } from './objective.ts';
import { policyBatch, tokenValues } from './policyBatch.ts';
import { referencePolicyGradient } from './reference.ts';
import { forcedPrefixRollouts, producedRollouts, type RolloutSample } from './rollouts.ts';

afterEach(expectNoGpuErrors);

const config = defaultConfig();
const ADAMW = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0, clipNorm: 1e9 };
const BOS = tokenId('<bos>');
const PROMPTS = [
  [BOS, tokenId('7'), tokenId('?')],
  [BOS, tokenId('3')],
];

function settings(overrides: Partial<GrpoSettings> = {}): GrpoSettings {
  return {
    groupSize: 4,
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

/** A reward that differs between most samples of a random model: the token ids' sum mod 7. */
const tokenSum: RewardFunction = (_, response) => {
  const sum = response.reduce((a, b) => a + b, 0);
  return { reward: (sum % 7) / 6, reason: `sum ${sum}` };
};

/**
 * One step at lr 0 with `s` from a random policy (seed 21, reference seed 22); its gradient
 * against the CPU reference over the rows the report shows. Returns the report and the reference.
 */
async function expectStepMatchesReference(s: GrpoSettings, reward: RewardFunction = tokenSum) {
  const gpu = await testGpu();
  const model = await GpuTransformer.create(gpu, config, randomWeights(config, 21));
  const reference = await GpuTransformer.create(gpu, config, randomWeights(config, 22));
  const trainer = await TrainStep.create(gpu, model, ADAMW);
  const generator = await Generator.create(gpu, model);
  const scorer = await RowScorer.create(gpu);
  try {
    const step = new GrpoStep(generator, trainer, scorer, reference, s);
    const report = await step.run({ prompts: PROMPTS, seed: 5, lr: 0, reward });
    expect(report.informativeGroups).toBeGreaterThan(0);
    const rows = report.rollouts.map((r) => ({
      prompt: r.prompt,
      response: r.response,
      mask: r.mask,
      mixture: r.multiplex,
    }));
    const batch = policyBatch(rows, s.rowsPerMicro, config.pad_token_id);
    const advantage = tokenValues(
      batch,
      report.rollouts.map((r) => r.advantages),
    );
    const onPolicy = { ...s.objective, kl: null };
    const refLogProb = referencePolicyGradient(
      config,
      randomWeights(config, 22),
      batch,
      onPolicy,
      advantage,
      null,
    ).logProb;
    const policy = randomWeights(config, 21);
    const expected = referencePolicyGradient(config, policy, batch, s.objective, advantage, null, refLogProb);
    expect(report.loss).toBeCloseTo(expected.result.loss, 5);
    const grads = await trainer.grads.read();
    for (const { name } of parameterTable(config)) {
      const error = relativeError(grads.get(name) as Float32Array, expected.grads.get(name) as Float64Array);
      expect(error, name).toBeLessThan(1e-4);
    }
    return { report, batch, advantage, refLogProb, policy, expected };
  } finally {
    scorer.destroy();
    generator.destroy();
    trainer.destroy();
    reference.destroy();
    model.destroy();
  }
}

/** Per position of every row, flattened: the report's values. */
const flat = (report: GrpoStepReport, pick: (r: GrpoStepReport['rollouts'][number]) => ArrayLike<number>) =>
  report.rollouts.flatMap((r) => Array.from(pick(r)));

describe('GRPO strategies on the GPU against the CPU reference', () => {
  it('the default, G samples of each prompt: one row per sample, every token trained', async () => {
    const { report } = await expectStepMatchesReference(settings());
    expect(report.rollouts).toHaveLength(8);
    expect(report.rollouts.every((r) => r.row === 0 && r.mask.every((m) => m === 1))).toBe(true);
    expect(report.rollouts.every((r) => r.advantages.every((a) => a === Math.fround(r.advantage)))).toBe(
      true,
    );
  });

  it('a forced prefix is a response token: judged, scored, ratio 1 and a gradient', async () => {
    const prefixes = [[tokenId('<no_think>')], [tokenId('<budget>'), tokenId('5')]];
    const judged: number[][] = [];
    const reward: RewardFunction = (group, response, finish, sample) => {
      judged.push([...response]);
      return tokenSum(group, response, finish, sample);
    };
    const s = settings({ rollouts: forcedPrefixRollouts((g) => prefixes[g]) });
    const { report, batch, advantage, refLogProb, policy, expected } = await expectStepMatchesReference(
      s,
      reward,
    );
    for (const r of report.rollouts) {
      const prefix = prefixes[r.group];
      expect(r.prompt).toEqual(PROMPTS[r.group]);
      expect(r.response.slice(0, prefix.length)).toEqual(prefix);
      expect(Array.from(r.ratio.subarray(0, prefix.length))).toEqual(prefix.map(() => 1));
    }
    expect(judged).toEqual(report.rollouts.map((r) => r.response));
    // The behaviour log-probs, the prefix's included, are the reference forward's.
    expect(
      relativeError(
        flat(report, (r) => r.logProb),
        expected.logProb,
      ),
    ).toBeLessThan(1e-5);
    // Masking the prefix out changes the gradient: the prefix tokens carried some of it.
    const prefixMasked = policyBatch(
      report.rollouts.map((r) => ({
        prompt: r.prompt,
        response: r.response,
        mask: r.response.map((_, j) => (j < prefixes[r.group].length ? 0 : 1)),
      })),
      s.rowsPerMicro,
      config.pad_token_id,
    );
    expect(Array.from(prefixMasked.trained)).not.toEqual(Array.from(batch.trained));
    const without = referencePolicyGradient(
      config,
      policy,
      prefixMasked,
      s.objective,
      advantage,
      null,
      refLogProb,
    );
    const embedding = parameterTable(config)[0].name;
    expect(
      relativeError(
        without.grads.get(embedding) as Float64Array,
        expected.grads.get(embedding) as Float64Array,
      ),
    ).toBeGreaterThan(1e-3);
  });

  it('a forced prefix on multiplex rollouts (K = 3): fed one-hot, trained like the rest', async () => {
    const s = settings({
      rollouts: forcedPrefixRollouts(() => [tokenId('<think>')]),
      multiplex: { width: 3, merge: 'reweighted' },
    });
    const { report } = await expectStepMatchesReference(s);
    const trace = report.rollouts[0].multiplex;
    expect(trace?.width).toBe(3);
    expect(Array.from(trace?.weights.subarray(0, 3) ?? [])).toEqual([1, 0, 0]);
  });

  it('rows built by the method: organizer and worker rows, a masked reply, per-token advantages', async () => {
    const reply = [tokenId('<observation>'), tokenId('4')];
    const organizerAndWorker = producedRollouts('organizer + worker', async (r) => {
      const organizer = await r.generator.generate({
        prompts: r.prompts,
        samplesPerPrompt: r.groupSize,
        sampling: r.sampling,
        seed: r.seed,
        maxNewTokens: r.maxNewTokens,
      });
      const workerPrompts = organizer.sequences.map((q) => [BOS, ...q.tokens.slice(0, 2)]);
      const workers = await r.generator.generate({
        prompts: workerPrompts.map((p) => [...p, ...reply]),
        sampling: r.sampling,
        seed: r.seed + 1,
        maxNewTokens: r.maxNewTokens,
      });
      return organizer.sequences.map((q, i): RolloutSample => {
        const worker = workers.sequences[i];
        return {
          group: q.prompt,
          sample: q.sample,
          rows: [
            { prompt: q.promptTokens, response: q.tokens, finish: q.finish },
            {
              prompt: workerPrompts[i],
              response: [...reply, ...worker.tokens],
              mask: [...reply.map(() => 0), ...worker.tokens.map(() => 1)],
              finish: worker.finish,
            },
          ],
          response: worker.tokens,
          finish: worker.finish,
        };
      });
    });
    const lastTokenFree: AdvantageStrategy = {
      name: 'group, last token 0',
      assign({ samples, rewards, groupSize }) {
        const A = groupAdvantages(rewards, groupSize, { scaleByStd: true });
        return samples.map((q, i) => ({
          value: A[i],
          rows: q.rows.map((row) =>
            Float64Array.from(row.response, (_, j) => (j + 1 < row.response.length ? A[i] : 0)),
          ),
        }));
      },
    };
    const s = settings({ rollouts: organizerAndWorker, advantages: lastTokenFree });
    const { report } = await expectStepMatchesReference(s);
    expect(report.rollouts.map((r) => r.row)).toEqual(Array.from({ length: 16 }, (_, i) => i % 2));
    const worker = report.rollouts[1];
    expect(Array.from(worker.mask.subarray(0, 2))).toEqual([0, 0]);
    expect(worker.advantages.at(-1)).toBe(0);
    expect(worker.logProb.every(Number.isFinite)).toBe(true);
  });
});
