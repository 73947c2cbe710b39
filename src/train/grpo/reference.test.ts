// The reference GRPO gradient against finite differences of the GRPO loss of the whole model, in
// float64: four rollouts in two groups, two micro-batches (one padded), ratios on both sides of the
// clip range, the dual clip and a k3 KL term. Every parameter tensor is probed at seeded elements.
// The same for multiplex rollouts (K = 3): inputs mixed from stored draws, one ratio per slot; and
// for per-token advantages with loss masks. A token with mask 0, or with advantage 0 and no KL
// term, adds nothing: the gradient is exactly the one computed without it.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../model/config.ts';
import { expectFiniteDifferenceGradients, probeWeights } from '../../model/fixtures/finiteDifferences.ts';
import { mulberry32 } from '../../testing/random.ts';
import { groupAdvantages } from './advantages.ts';
import {
  type AggregationKind,
  aggregation,
  clippedSurrogate,
  evaluatePolicyLoss,
  klPenalty,
  type PolicyLoss,
  type PolicyTokens,
} from './objective.ts';
import { type PolicyBatch, policyBatch, type RolloutTokens, tokenValues } from './policyBatch.ts';
import { referencePolicyGradient, weightedGradient } from './reference.ts';

const config = defaultConfig({
  hidden_size: 8,
  num_attention_heads: 2,
  num_key_value_heads: 1,
  head_dim: 4,
  intermediate_size: 12,
  max_position_embeddings: 12,
});

const ROLLOUTS = [
  { prompt: [0, 20, 21], response: [30, 31, 1] },
  { prompt: [0, 20, 21], response: [32, 1] },
  { prompt: [0, 40], response: [41, 42, 43, 1] },
  { prompt: [0, 40], response: [44, 1] },
];

const OBJECTIVE: PolicyLoss = {
  surrogate: clippedSurrogate({ epsLow: 0.2, epsHigh: 0.28, dualClip: 3 }),
  kl: klPenalty('k3', 0.1),
  aggregation: aggregation('token-mean'),
};

/** The same rollouts as multiplex rollouts, K = 3: thinking steps mix three draws, the last is discrete. */
const MULTIPLEX_ROLLOUTS = ROLLOUTS.map((r, i) => ({
  ...r,
  mixture: {
    width: 3,
    indices: r.response.flatMap((token, j) => [token, 50 + ((i + j) % 7), token]),
    weights: r.response.flatMap((_, j) => (j + 1 < r.response.length ? [0.5, 0.3, 0.2] : [1, 0, 0])),
  },
}));

/** Per response token: the group advantage of each rollout, scaled per token, some tokens 0. */
const TOKEN_ADVANTAGES = [
  [0.8, 0, 1.2],
  [-0.5, -1],
  [0.3, 0.6, 0, 0.9],
  [-1.1, 0],
];
/** An environment's reply in rollout 0, the first two tokens of rollout 2. */
const MASKS = [[1, 0, 1], undefined, [0, 0, 1, 1], [1, 1]];

/** Ratios exp(shift) on both sides of the clip range, never within 1e-3 of its edges. */
function offPolicy(onPolicy: ArrayLike<number>): { old: number[]; ref: number[] } {
  const shifts = [-0.6, -0.05, 0.1, 0.5, 1.5, 0.3];
  return {
    old: Array.from(onPolicy, (lp, t) => lp - shifts[t % shifts.length]),
    ref: Array.from(onPolicy, (lp, t) => lp - 0.2 * ((t % 3) + 1)),
  };
}

function expectFiniteDifferencesAgree(
  rollouts: RolloutTokens[],
  seed: number,
  perToken?: number[][],
  kind: AggregationKind = 'token-mean',
): void {
  const weights = probeWeights(config, 8);
  const batch = policyBatch(rollouts, 3, config.pad_token_id);
  expect(batch.micro).toHaveLength(2);
  const perRollout = groupAdvantages([1, 0, 0.5, 0], 2, { scaleByStd: true });
  const advantage = perToken
    ? tokenValues(batch, perToken)
    : Array.from(batch.sequence, (i) => perRollout[i]);
  const objective = { ...OBJECTIVE, aggregation: aggregation(kind) };
  const onPolicy = referencePolicyGradient(
    config,
    weights,
    batch,
    { ...objective, kl: null },
    advantage,
    null,
  );
  const { old, ref } = offPolicy(onPolicy.logProb);
  const at = () => referencePolicyGradient(config, weights, batch, objective, advantage, old, ref);
  const { result, grads } = at();
  expect(result.clipFraction).toBeGreaterThan(0);
  expect(result.clipFraction).toBeLessThan(1);
  expectFiniteDifferenceGradients(config, weights, grads, () => at().result.loss, {
    probes: 8,
    next: mulberry32(seed),
  });
}

/** The largest |a − b| over every parameter tensor. */
function maxDifference(a: Map<string, Float64Array>, b: Map<string, Float64Array>): number {
  let max = 0;
  for (const [name, values] of a) {
    const other = b.get(name) as Float64Array;
    for (let k = 0; k < values.length; k++) max = Math.max(max, Math.abs(values[k] - other[k]));
  }
  return max;
}

/**
 * The gradient of the loss over the policy tokens `kept` only (the rest are still inputs), with
 * `weights` as their aggregation weights or, absent, the aggregation's over the kept tokens.
 */
function gradientOf(
  modelWeights: Map<string, Float64Array>,
  batch: PolicyBatch,
  objective: PolicyLoss,
  tokens: PolicyTokens,
  kept: number[],
  weights?: ArrayLike<number>,
) {
  const pick = (values: ArrayLike<number>) => kept.map((t) => values[t]);
  const part = evaluatePolicyLoss(
    objective,
    {
      logProb: pick(tokens.logProb),
      oldLogProb: pick(tokens.oldLogProb),
      refLogProb: tokens.refLogProb ? pick(tokens.refLogProb) : undefined,
      advantage: pick(tokens.advantage),
      sequence: pick(tokens.sequence),
      sequences: tokens.sequences,
      position: tokens.position ? pick(tokens.position) : undefined,
    },
    weights ? pick(weights) : undefined,
  );
  const dLogProb = new Float64Array(tokens.logProb.length);
  kept.forEach((t, k) => {
    dLogProb[t] = part.dLogProb[k];
  });
  return { loss: part.loss, grads: weightedGradient(config, modelWeights, batch, dLogProb) };
}

describe('the reference GRPO gradient', () => {
  it('is the gradient finite differences give of the GRPO loss', () => {
    expectFiniteDifferencesAgree(ROLLOUTS, 9);
  });

  it('is the gradient finite differences give for multiplex rollouts, K = 3', () => {
    expect(policyBatch(MULTIPLEX_ROLLOUTS, 3, 2).width).toBe(3);
    expectFiniteDifferencesAgree(MULTIPLEX_ROLLOUTS, 10);
  });

  it.each(['token-mean', 'sequence-mean'] as const)(
    'is the gradient finite differences give with per-token advantages and loss masks (%s)',
    (kind) => {
      const masked = ROLLOUTS.map((r, i) => (MASKS[i] ? { ...r, mask: MASKS[i] } : r));
      expectFiniteDifferencesAgree(masked, 11, TOKEN_ADVANTAGES, kind);
    },
  );
});

describe('tokens that add nothing to the gradient', () => {
  const weights = probeWeights(config, 8);
  const plain = policyBatch(ROLLOUTS, 3, config.pad_token_id);
  const advantage = tokenValues(plain, TOKEN_ADVANTAGES);
  const { old, ref } = offPolicy(
    referencePolicyGradient(config, weights, plain, { ...OBJECTIVE, kl: null }, advantage, null).logProb,
  );

  it.each(['token-mean', 'sequence-mean'] as const)(
    'a token with mask 0: the gradient (k3 KL included) is the one without it in the loss (%s)',
    (kind) => {
      const objective = { ...OBJECTIVE, aggregation: aggregation(kind) };
      const batch = policyBatch(
        ROLLOUTS.map((r, i) => (MASKS[i] ? { ...r, mask: MASKS[i] } : r)),
        3,
        config.pad_token_id,
      );
      const masked = referencePolicyGradient(config, weights, batch, objective, advantage, old, ref);
      const kept = Array.from(batch.trained.keys()).filter((t) => batch.trained[t] === 1);
      expect(kept.length).toBeLessThan(batch.trained.length);
      const tokens = {
        logProb: masked.logProb,
        oldLogProb: old,
        refLogProb: ref,
        advantage,
        sequence: batch.sequence,
        sequences: batch.sequences,
      };
      const without = gradientOf(weights, batch, objective, tokens, kept);
      expect(masked.result.loss).toBe(without.loss);
      expect(maxDifference(masked.grads, without.grads)).toBe(0);
      const unmasked = referencePolicyGradient(config, weights, plain, objective, advantage, old, ref);
      expect(maxDifference(masked.grads, unmasked.grads)).toBeGreaterThan(1e-3);
    },
  );

  it('a token with advantage 0 and no KL term: the gradient is the one without it, same weights', () => {
    const objective = { ...OBJECTIVE, kl: null };
    const full = referencePolicyGradient(config, weights, plain, objective, advantage, old);
    const kept = Array.from(advantage.keys()).filter((t) => advantage[t] !== 0);
    expect(kept.length).toBe(advantage.length - 3);
    const tokens = {
      logProb: full.logProb,
      oldLogProb: old,
      advantage,
      sequence: plain.sequence,
      sequences: plain.sequences,
    };
    const weightsOfAll = objective.aggregation.weights(tokens);
    const without = gradientOf(weights, plain, objective, tokens, kept, weightsOfAll);
    expect(full.result.loss).toBe(without.loss);
    expect(maxDifference(full.grads, without.grads)).toBe(0);
  });
});
