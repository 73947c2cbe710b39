// The reference GRPO gradient against finite differences of the GRPO loss of the whole model, in
// float64: four rollouts in two groups, two micro-batches (one padded), ratios on both sides of the
// clip range, the dual clip and a k3 KL term. Every parameter tensor is probed at seeded elements.
// The same for multiplex rollouts (K = 3): inputs mixed from stored draws, one ratio per slot.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../model/config.ts';
import { expectFiniteDifferenceGradients, probeWeights } from '../../model/fixtures/finiteDifferences.ts';
import { mulberry32 } from '../../testing/random.ts';
import { groupAdvantages } from './advantages.ts';
import { aggregation, clippedSurrogate, klPenalty, type PolicyLoss } from './objective.ts';
import { policyBatch, type RolloutTokens } from './policyBatch.ts';
import { referencePolicyGradient } from './reference.ts';

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

function expectFiniteDifferencesAgree(rollouts: RolloutTokens[], seed: number): void {
  const weights = probeWeights(config, 8);
  const batch = policyBatch(rollouts, 3, config.pad_token_id);
  expect(batch.micro).toHaveLength(2);
  const perRollout = groupAdvantages([1, 0, 0.5, 0], 2, { scaleByStd: true });
  const advantage = Array.from(batch.sequence, (i) => perRollout[i]);
  const onPolicy = referencePolicyGradient(
    config,
    weights,
    batch,
    { ...OBJECTIVE, kl: null },
    advantage,
    null,
  );
  // Ratios exp(shift) on both sides of the clip range, never within 1e-3 of its edges.
  const shifts = [-0.6, -0.05, 0.1, 0.5, 1.5, 0.3];
  const old = Array.from(onPolicy.logProb, (lp, t) => lp - shifts[t % shifts.length]);
  const ref = Array.from(onPolicy.logProb, (lp, t) => lp - 0.2 * ((t % 3) + 1));
  const at = () => referencePolicyGradient(config, weights, batch, OBJECTIVE, advantage, old, ref);
  const { result, grads } = at();
  expect(result.clipFraction).toBeGreaterThan(0);
  expect(result.clipFraction).toBeLessThan(1);
  expectFiniteDifferenceGradients(config, weights, grads, () => at().result.loss, {
    probes: 8,
    next: mulberry32(seed),
  });
}

describe('the reference GRPO gradient', () => {
  it('is the gradient finite differences give of the GRPO loss', () => {
    expectFiniteDifferencesAgree(ROLLOUTS, 9);
  });

  it('is the gradient finite differences give for multiplex rollouts, K = 3', () => {
    expect(policyBatch(MULTIPLEX_ROLLOUTS, 3, 2).width).toBe(3);
    expectFiniteDifferencesAgree(MULTIPLEX_ROLLOUTS, 10);
  });
});
