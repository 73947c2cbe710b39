// The retention URL parameters: `card`, `none` and explicit lists parse and print back; the card's
// choice becomes the job's panel for the task; a run's settings give values that rebuild them.
import { describe, expect, it } from 'vitest';
import type { CardRetentionFacts } from '../../../engine/retentionApi.ts';
import { panelParam, retentionOf, retentionValuesOf } from './retentionParams.ts';

const CARD: CardRetentionFacts = {
  heldOut: [
    { category: 'add2 think', n: 200, correct: 200 },
    { category: 'mul2x2 think', n: 200, correct: 174 },
    { category: 'mul2x2 no-think', n: 200, correct: 1 },
  ],
  seed: 2,
};
const ADD2 = { difficulty: 2, ops: ['add' as const], mode: 'think' as const };
const MUL3 = { difficulty: 3, ops: ['mul' as const], mode: 'think' as const };

describe('the retention parameters', () => {
  it('parse card, none and lists (in panel order), and name what is wrong', () => {
    expect(panelParam.parse('card')).toBe('card');
    expect(panelParam.parse('none')).toEqual([]);
    expect(panelParam.parse('mul2x2 think,add2 think')).toEqual(['add2 think', 'mul2x2 think']);
    expect(panelParam.parse('add9 think')).toEqual({
      problem: expect.stringMatching(/^names add9 think: use card, none/),
    });
    expect(panelParam.format([])).toBe('none');
    expect(panelParam.format(['add2 think', 'mul2x2 think'])).toBe('add2 think,mul2x2 think');
  });

  it("take the card's choice less the task, or the list given", () => {
    const values = { retain: 'card' as const, retainN: 30, replay: 0.25 };
    expect(retentionOf(values, CARD, MUL3)).toEqual({
      retention: { categories: ['add2 think', 'mul2x2 think'], perCategory: 30, seed: 2 },
      replayShare: 0.25,
    });
    expect(retentionOf(values, CARD, ADD2).retention.categories).toEqual(['mul2x2 think']);
    const listed = retentionOf({ ...values, retain: ['mul2x2 no-think'] }, CARD, MUL3);
    expect(listed.retention.categories).toEqual(['mul2x2 no-think']);
    expect(retentionValuesOf(listed)).toEqual({ retain: ['mul2x2 no-think'], retainN: 30, replay: 0.25 });
  });
});
