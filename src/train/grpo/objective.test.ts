// The GRPO pieces on hand-computed cases, and the derivative of the whole loss in every token's
// log-probability against central finite differences (float64).
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../testing/random.ts';
import { groupAdvantages } from './advantages.ts';
import {
  aggregation,
  clippedSurrogate,
  evaluatePolicyLoss,
  klPenalty,
  type PolicyLoss,
  type PolicyTokens,
} from './objective.ts';

function close(actual: ArrayLike<number>, expected: number[], digits = 6): void {
  for (const [i, e] of expected.entries()) expect(actual[i]).toBeCloseTo(e, digits);
}

describe('group advantages', () => {
  it('centre each group and divide by its sample deviation', () => {
    // Group 1: mean 0.75, sample std sqrt(0.75 / 3) = 0.5. Group 2: all equal, no signal.
    close(
      groupAdvantages([1, 0, 1, 1, 3, 3, 3, 3], 4, { scaleByStd: true }),
      [0.5, -1.5, 0.5, 0.5, 0, 0, 0, 0],
      5,
    );
    close(groupAdvantages([1, 0, 1, 1], 4, { scaleByStd: false }), [0.25, -0.75, 0.25, 0.25]);
  });

  it('keep the raw reward in a group of one and refuse a batch that does not split', () => {
    close(groupAdvantages([0.5, 2], 1, { scaleByStd: true }), [0.5, 2]);
    expect(() => groupAdvantages([1, 2, 3], 2, { scaleByStd: true })).toThrow(/groups of 2/);
  });
});

const tokensOf = (ratios: number[], advantages: number[]): PolicyTokens => ({
  logProb: ratios.map((r) => Math.log(r) - 1),
  oldLogProb: ratios.map(() => -1),
  advantage: advantages,
  sequence: ratios.map((_, i) => i),
  sequences: ratios.length,
});

describe('the clipped surrogate', () => {
  it('clips a positive advantage above 1 + ε_high and a negative one below 1 − ε_low', () => {
    const surrogate = clippedSurrogate({ epsLow: 0.2, epsHigh: 0.28, dualClip: null });
    const out = surrogate.evaluate(tokensOf([1.5, 0.5, 0.5, 1.1, 2], [1, 1, -1, -1, -1]));
    close(out.value, [-1.28, -0.5, 0.8, 1.1, 2]);
    close(out.dLogProb, [0, -0.5, 0, 1.1, 2]);
    expect(Array.from(out.clipped)).toEqual([1, 0, 1, 0, 0]);
  });

  it('caps a negative advantage at −c·A with the dual clip', () => {
    const surrogate = clippedSurrogate({ epsLow: 0.2, epsHigh: 0.2, dualClip: 3 });
    const out = surrogate.evaluate(tokensOf([5, 2], [-1, -1]));
    close(out.value, [3, 2]);
    close(out.dLogProb, [0, 2]);
    expect(Array.from(out.clipped)).toEqual([1, 0]);
  });

  it('has ratio 1 and gradient −A on policy', () => {
    const out = clippedSurrogate({ epsLow: 0.2, epsHigh: 0.2, dualClip: 3 }).evaluate(
      tokensOf([1, 1], [0.7, -2]),
    );
    close(out.ratio, [1, 1]);
    close(out.dLogProb, [-0.7, 2]);
  });

  it('refuses settings that make no clip range', () => {
    expect(() => clippedSurrogate({ epsLow: 1, epsHigh: 0.2, dualClip: null })).toThrow(/ε_low/);
    expect(() => clippedSurrogate({ epsLow: 0.2, epsHigh: 0.2, dualClip: 1 })).toThrow(/dual clip/);
  });
});

describe('KL penalties and aggregation', () => {
  it('k1 and k3 on hand-computed log-ratios', () => {
    const logProb = [-1, -2];
    const ref = [-1.5, -1];
    close(klPenalty('k1', 0.1).evaluate(logProb, ref).value, [0.5, -1]);
    const k3 = klPenalty('k3', 0.1).evaluate(logProb, ref);
    close(k3.value, [Math.exp(-0.5) + 0.5 - 1, Math.exp(1) - 1 - 1]);
    close(k3.dLogProb, [1 - Math.exp(-0.5), 1 - Math.exp(1)]);
  });

  it('token-mean weighs tokens alike, sequence-mean weighs rollouts alike', () => {
    const tokens: PolicyTokens = {
      ...tokensOf([1, 1, 1, 1], [1, 1, 1, 1]),
      sequence: [0, 1, 1, 1],
      sequences: 3,
    };
    close(aggregation('token-mean').weights(tokens), [0.25, 0.25, 0.25, 0.25]);
    close(aggregation('sequence-mean').weights(tokens), [0.5, 1 / 6, 1 / 6, 1 / 6]);
  });

  it('gives every slot of a multiplex position the weight of the position', () => {
    // Rollout 0: one position with 3 slots; rollout 1: two positions, 1 slot and 2 slots.
    const tokens: PolicyTokens = {
      ...tokensOf([1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]),
      sequence: [0, 0, 0, 1, 1, 1],
      sequences: 2,
      position: [0, 0, 0, 1, 2, 2],
    };
    close(
      aggregation('token-mean').weights(tokens),
      [1, 1, 1, 1, 1, 1].map(() => 1 / 3),
    );
    close(aggregation('sequence-mean').weights(tokens), [0.5, 0.5, 0.5, 0.25, 0.25, 0.25]);
  });

  it('counts no token whose mask is 0: not in the token count, not in a rollout’s length', () => {
    // Rollout 0: 1 of 2 tokens trained; rollout 1: none (not a rollout of the mean); rollout 2: 2 of 3.
    const tokens: PolicyTokens = {
      ...tokensOf([1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1]),
      sequence: [0, 0, 1, 2, 2, 2, 2],
      sequences: 3,
      position: [0, 1, 2, 3, 4, 4, 5],
      mask: [1, 0, 0, 1, 0, 0, 1],
    };
    close(aggregation('token-mean').weights(tokens), [1 / 3, 0, 0, 1 / 3, 0, 0, 1 / 3]);
    close(aggregation('sequence-mean').weights(tokens), [1 / 2, 0, 0, 1 / 4, 0, 0, 1 / 4]);
    const none = { ...tokens, mask: Array.from(tokens.sequence, () => 0) };
    expect(Array.from(aggregation('token-mean').weights(none))).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('the whole policy loss', () => {
  it.each(['token-mean', 'sequence-mean'] as const)(
    'has the derivative of its value in every log-probability (%s, k3, dual clip)',
    (kind) => {
      const next = mulberry32(kind.length);
      const n = 40;
      const sequence = Array.from({ length: n }, (_, t) => Math.floor((t * 5) / n));
      const oldLogProb = Array.from({ length: n }, () => -3 * next());
      // Ratios spread over both sides of the clip range, never on its edges.
      const logProb = oldLogProb.map((o, t) => o + [-0.6, -0.05, 0.1, 0.5, 1.5][t % 5]);
      const tokens: PolicyTokens = {
        logProb,
        oldLogProb,
        refLogProb: oldLogProb.map((o) => o - next()),
        advantage: sequence.map((s) => [1.2, -0.4, -1.5, 0.3, 0.9][s]),
        sequence,
        sequences: 5,
      };
      const objective: PolicyLoss = {
        surrogate: clippedSurrogate({ epsLow: 0.2, epsHigh: 0.28, dualClip: 3 }),
        kl: klPenalty('k3', 0.05),
        aggregation: aggregation(kind),
      };
      const result = evaluatePolicyLoss(objective, tokens);
      const h = 1e-6;
      for (let t = 0; t < n; t++) {
        const at = (delta: number) =>
          evaluatePolicyLoss(objective, {
            ...tokens,
            logProb: logProb.map((x, i) => (i === t ? x + delta : x)),
          }).loss;
        expect(result.dLogProb[t]).toBeCloseTo((at(h) - at(-h)) / (2 * h), 6);
      }
      expect(result.clipFraction).toBeGreaterThan(0);
      expect(result.clipFraction).toBeLessThan(1);
    },
  );

  it('gives a masked token no loss, no gradient and no say in the clip fraction', () => {
    const objective: PolicyLoss = {
      surrogate: clippedSurrogate({ epsLow: 0.2, epsHigh: 0.2, dualClip: null }),
      kl: klPenalty('k1', 0.1),
      aggregation: aggregation('token-mean'),
    };
    // Ratios 2 (clipped), 1, 2 (clipped, masked).
    const tokens = { ...tokensOf([2, 1, 2], [1, 1, 1]), refLogProb: [-1, -1, -1], mask: [1, 1, 0] };
    const masked = evaluatePolicyLoss(objective, tokens);
    const kept = evaluatePolicyLoss(objective, { ...tokensOf([2, 1], [1, 1]), refLogProb: [-1, -1] });
    expect(masked.loss).toBe(kept.loss);
    expect(Array.from(masked.dLogProb)).toEqual([...Array.from(kept.dLogProb), 0]);
    expect(masked.clipFraction).toBe(0.5);
    expect(Array.from(masked.clipped)).toEqual([1, 0, 0]);
  });

  it('needs reference log-probs for a KL term', () => {
    const objective: PolicyLoss = {
      surrogate: clippedSurrogate({ epsLow: 0.2, epsHigh: 0.2, dualClip: null }),
      kl: klPenalty('k1', 0.1),
      aggregation: aggregation('token-mean'),
    };
    expect(() => evaluatePolicyLoss(objective, tokensOf([1], [1]))).toThrow(/reference/);
  });
});
