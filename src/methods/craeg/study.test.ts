// The CraEG study's per-sample measures, step shares, per-problem metrics, arm comparison and
// association on hand-made outcomes (the runner itself: study/studyRunner.test.ts).
import { describe, expect, it } from 'vitest';
import type { GeneratedSequence } from '../../decoding/generation.ts';
import { mulberry32 } from '../../stats/random.ts';
import {
  compareArms,
  crowdingAssociation,
  crowdingMeasures,
  distinctN,
  problemMetrics,
  type SampleOutcome,
  stepShares,
} from './study.ts';

const sample = (
  correct: boolean,
  answer: string | null,
  tokens: number[],
  crowding = 0,
  entropy = 0,
): SampleOutcome => ({
  correct,
  answer,
  tokens,
  crowding,
  entropy,
  crowdedSteps: 0,
  reweightedSteps: 0,
});

describe('the CraEG study', () => {
  it('measures crowding and entropy per sample, and the shares of crowded and reweighted steps', () => {
    const step = (c: number, lambda: number) => ({ step: c, lambda, tokens: new Float32Array() });
    const sequence: GeneratedSequence = {
      prompt: 0,
      sample: 0,
      promptTokens: [1],
      tokens: [5, 6, 7, 8],
      logProbs: [0, 0, 0, 0],
      entropy: [1, 2, 3, 2],
      finish: 'eos',
      crowding: [step(0, 0), step(0.4, 0.2), step(0.3, 0), step(0, 0)],
      sequenceCrowding: 0.35,
    };
    const measures = crowdingMeasures(sequence);
    expect(measures).toEqual({ crowding: 0.35, entropy: 2, crowdedSteps: 2, reweightedSteps: 1 });
    expect(crowdingMeasures({ ...sequence, crowding: undefined, sequenceCrowding: undefined })).toEqual({
      crowding: 0,
      entropy: 2,
      crowdedSteps: 0,
      reweightedSteps: 0,
    });
    const samples = [{ ...sample(true, '1', [5, 6, 7, 8]), ...measures }];
    expect(
      stepShares({ problems: [samples, samples], generatedTokens: 8, tokensPerSecond: 1, retention: null }),
    ).toEqual({
      crowded: 0.5,
      reweighted: 0.25,
    });
  });

  it('counts distinct n-grams over all responses of a problem', () => {
    expect(distinctN([[1, 2, 3, 1, 2, 3]], 3)).toBe(3 / 4);
    expect(
      distinctN(
        [
          [1, 2, 3],
          [1, 2, 3],
        ],
        3,
      ),
    ).toBe(1 / 2);
    expect(distinctN([[1, 2]], 3)).toBe(1);
  });

  it('gives Avg@k, Pass@m, distinct answers and Distinct-n per problem', () => {
    const metrics = problemMetrics(
      [
        sample(true, '12', [1, 2, 3]),
        sample(false, '13', [1, 2, 4]),
        sample(false, null, [5, 6, 7]),
        sample(true, '12', [1, 2, 3]),
      ],
      2,
    );
    expect(metrics.accuracy).toBe(0.5);
    expect(metrics.pass).toBeCloseTo(1 - 1 / 6, 12);
    expect(metrics.distinctAnswers).toBe(3);
    expect(metrics.distinctN).toBe(3 / 4);
  });

  it('compares arms problem by problem', () => {
    const plain = [0.2, 0.4, 0.6].map((accuracy) => ({
      accuracy,
      pass: accuracy,
      distinctAnswers: 1,
      distinctN: 0.5,
    }));
    const craeg = plain.map((p) => ({ ...p, accuracy: p.accuracy + 0.1, distinctAnswers: 2 }));
    const [accuracy, , answers] = compareArms(plain, craeg, 1);
    expect(accuracy.metric).toBe('accuracy');
    expect(accuracy.difference.mean).toBeCloseTo(0.1, 12);
    expect(accuracy.difference.low).toBeCloseTo(0.1, 12);
    expect(answers.difference).toEqual({ mean: 1, low: 1, high: 1 });
    expect(() => compareArms(plain, craeg.slice(1), 1)).toThrow(RangeError);
  });

  it('finds a negative crowding coefficient when crowded solutions fail more, entropy held fixed', () => {
    const random = mulberry32(9);
    const samples = Array.from({ length: 3000 }, () => {
      const crowding = random();
      const entropy = random();
      const p = 1 / (1 + Math.exp(-(1 - 3 * crowding + 0.5 * entropy)));
      return sample(random() < p, null, [], crowding, entropy);
    });
    const { fit } = crowdingAssociation(samples);
    expect(fit.high[1]).toBeLessThan(0);
    expect(fit.low[2]).toBeGreaterThan(0);
  });
});
