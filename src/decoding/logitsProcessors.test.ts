// The CPU processor chain: identities, agreement with the sampler reference's truncation, min-p on
// a hand case, and total probability 1 after every stage.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CRAEG, unitRows } from './crowdingReference.ts';
import {
  applyChain,
  craeg,
  minP,
  type RankedDistribution,
  temperature,
  topK,
  topP,
} from './logitsProcessors.ts';
import { rankTokens, sampleRow } from './samplerReference.ts';

const LOGITS = [0.3, 2.1, -1, 1.4, 0.9, -0.2, 2.1, 0.05];

function rawDistribution(logits: number[]): RankedDistribution {
  const ranked = rankTokens(logits);
  const exps = ranked.map((t) => Math.exp(logits[t] - logits[ranked[0]]));
  const total = exps.reduce((a, b) => a + b, 0);
  return { ranked, probs: Float64Array.from(exps, (e) => e / total) };
}

describe('logits processors (CPU reference)', () => {
  it('are identities at T = 1, top-k 0, top-p 1 and min-p 0', () => {
    const raw = rawDistribution(LOGITS);
    for (const stage of applyChain(raw, [temperature(1), topK(0), topP(1), minP(0)])) {
      expect([...stage.probs]).toEqual([...raw.probs]);
    }
  });

  it('give the sampler reference processed distribution for temperature, top-k and top-p', () => {
    for (const params of [
      { temperature: 0.7, topK: 0, topP: 1 },
      { temperature: 1.3, topK: 3, topP: 1 },
      { temperature: 1, topK: 0, topP: 0.8 },
      { temperature: 0.5, topK: 5, topP: 0.6 },
    ]) {
      const expected = sampleRow(LOGITS, params, 0.5).processed;
      const stages = applyChain(rawDistribution(LOGITS), [
        temperature(params.temperature),
        topK(params.topK),
        topP(params.topP),
      ]);
      const got = stages.at(-1)?.probs ?? new Float64Array();
      for (let r = 0; r < LOGITS.length; r++) expect(got[r]).toBeCloseTo(expected[r], 12);
    }
  });

  it('min-p drops ranks below m times the top probability', () => {
    const got = applyChain({ ranked: [0, 1, 2, 3], probs: Float64Array.from([0.5, 0.3, 0.15, 0.05]) }, [
      minP(0.25),
    ]);
    expect([...got[0].probs]).toEqual([0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0]);
  });

  it('keep total probability 1 through a chain with CraEG, and record its crowding', () => {
    const V = LOGITS.length;
    const unit = unitRows(
      Float32Array.from({ length: V * 3 }, (_, i) => Math.sin(i * 1.7)),
      V,
      3,
    );
    const crowding = craeg(DEFAULT_CRAEG, unit, 3);
    const stages = applyChain(rawDistribution(LOGITS), [temperature(1.2), topP(0.95), minP(0.05), crowding]);
    expect(stages.map((s) => s.stage)).toEqual(['temperature', 'top-p', 'min-p', 'craeg']);
    for (const stage of stages) expect(stage.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(crowding.measured?.candidates).toBeGreaterThan(1);
    crowding.reset();
    expect(crowding.measured).toBeNull();
  });

  it('refuse a temperature that is not positive', () => {
    expect(() => temperature(0)).toThrow(RangeError);
  });
});
