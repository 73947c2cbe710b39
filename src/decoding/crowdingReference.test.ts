// CraEG's crowding and reweighting (our reconstruction) on hand-computed and adversarial cases.
import { describe, expect, it } from 'vitest';
import { crowdStep, DEFAULT_CRAEG, MAX_CROWDING_CANDIDATES, unitRows } from './crowdingReference.ts';

/** Embedding rows [V, 2]: tokens 0 and 1 point the same way (duplicates up to scale), 2 and 3 apart. */
const d = 2;
const unit = unitRows(Float32Array.from([1, 0, 3, 0, 0, 1, -1, 0]), 4, d);

describe('embedding-space crowding (CPU reference)', () => {
  it('scales rows to unit length and keeps a zero row zero', () => {
    const rows = unitRows(Float32Array.from([3, 4, 0, 0]), 2, 2);
    expect(rows[0]).toBeCloseTo(0.6, 15);
    expect(rows[1]).toBeCloseTo(0.8, 15);
    expect([rows[2], rows[3]]).toEqual([0, 0]);
  });

  it('matches a hand-computed step: two duplicate candidates crowd, the third does not', () => {
    const step = crowdStep([0, 1, 2, 3], [0.5, 0.3, 0.2, 0], unit, d, DEFAULT_CRAEG);
    expect(step.candidates).toBe(3);
    expect(step.tokenCrowding[0]).toBeCloseTo(0.3 / 0.5, 12);
    expect(step.tokenCrowding[1]).toBeCloseTo(0.5 / 0.7, 12);
    expect(step.tokenCrowding[2]).toBe(0);
    expect(step.stepCrowding).toBeCloseTo(0.3 / 0.62, 12);
    expect([...step.heavy]).toEqual([1, 1, 0]);
    expect(step.lambda).toBeCloseTo(0.22580645161290316, 12);
    const expected = [0.48905109489051096, 0.2846715328467153, 0.22627737226277375, 0];
    for (let r = 0; r < 4; r++) expect(step.probs[r]).toBeCloseTo(expected[r], 12);
  });

  it('non-linear weighting (c²) moves less mass off the less crowded heavy token', () => {
    const step = crowdStep([0, 1, 2, 3], [0.5, 0.3, 0.2, 0], unit, d, {
      ...DEFAULT_CRAEG,
      weighting: 'nonlinear',
    });
    const expected = [0.4946865607556892, 0.27903606698153716, 0.22627737226277375, 0];
    for (let r = 0; r < 4; r++) expect(step.probs[r]).toBeCloseTo(expected[r], 12);
  });

  it('is the identity when step crowding is 0: one token, or orthogonal / opposite embeddings', () => {
    const oneHot = crowdStep([1, 0, 2, 3], [1, 0, 0, 0], unit, d, DEFAULT_CRAEG);
    expect(oneHot.stepCrowding).toBe(0);
    expect([...oneHot.probs]).toEqual([1, 0, 0, 0]);
    const apart = crowdStep([0, 2, 3, 1], [0.4, 0.35, 0.25, 0], unit, d, DEFAULT_CRAEG);
    expect(apart.stepCrowding).toBe(0);
    expect([...apart.probs]).toEqual([0.4, 0.35, 0.25, 0]);
  });

  it('leaves the distribution unchanged when every candidate is equally crowded (renormalisation)', () => {
    const step = crowdStep([0, 1, 2, 3], [0.6, 0.4, 0, 0], unit, d, DEFAULT_CRAEG);
    expect(step.stepCrowding).toBeCloseTo(1, 12);
    expect(step.probs[0]).toBeCloseTo(0.6, 12);
    expect(step.probs[1]).toBeCloseTo(0.4, 12);
  });

  it('keeps total probability 1 and every factor above δ on random distributions, ties included', () => {
    const V = 50;
    const D = 8;
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const embedding = Float32Array.from({ length: V * D }, () => random() - 0.3);
    const rows = unitRows(embedding, V, D);
    for (let trial = 0; trial < 50; trial++) {
      const raw = Array.from({ length: V }, () => (random() < 0.3 ? 0 : Math.floor(random() * 4)));
      const order = raw.map((_, i) => i).sort((a, b) => raw[b] - raw[a] || a - b);
      const total = raw.reduce((a, b) => a + b, 0) || 1;
      const probs = order.map((t) => raw[t] / total);
      if (probs[0] === 0) probs[0] = 1;
      const params = { ...DEFAULT_CRAEG, kappa: 2, weighting: trial % 2 ? 'linear' : 'nonlinear' } as const;
      const step = crowdStep(order, probs, rows, D, params);
      expect(step.candidates).toBeLessThanOrEqual(MAX_CROWDING_CANDIDATES);
      expect(step.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      for (let r = 0; r < V; r++) if (probs[r] === 0) expect(step.probs[r]).toBe(0);
      const w = (c: number) => (params.weighting === 'linear' ? c : c * c);
      for (let r = 0; r < step.candidates; r++) {
        if (step.heavy[r])
          expect(step.lambda * w(step.tokenCrowding[r])).toBeLessThanOrEqual(1 - params.delta + 1e-12);
      }
    }
  });

  it('measures without reweighting when asked', () => {
    const step = crowdStep([0, 1, 2, 3], [0.5, 0.3, 0.2, 0], unit, d, DEFAULT_CRAEG, false);
    expect(step.stepCrowding).toBeGreaterThan(0);
    expect([...step.probs]).toEqual([0.5, 0.3, 0.2, 0]);
  });
});
