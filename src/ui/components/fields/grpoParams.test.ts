// The GRPO panel's values and the settings they stand for go both ways: the settings of a panel's
// values give the same values back, so a viewed run's settings copied into the panel are its own.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRPO } from '../../../engine/api.ts';
import { GRPO_PARAMS, type GrpoValues, grpoCoreOf, grpoValuesOf } from './grpoParams.ts';

describe('grpoCoreOf and grpoValuesOf', () => {
  it('give the defaults of each other', () => {
    const defaults = Object.fromEntries(
      Object.entries(GRPO_PARAMS).map(([name, spec]) => [name, spec.fallback]),
    ) as GrpoValues;
    expect(grpoValuesOf(grpoCoreOf(defaults))).toEqual(defaults);
    const { task: _task, ...core } = DEFAULT_GRPO;
    expect(grpoCoreOf(defaults)).toEqual(core);
  });

  it('round-trip values away from the defaults, dual clip off as 0', () => {
    const values: GrpoValues = {
      ...grpoValuesOf(DEFAULT_GRPO),
      G: 12,
      max: 80,
      temperature: 0.7,
      dualClip: 0,
      advantage: 'mean',
      klKind: 'k1',
      seed: 9,
    };
    const settings = grpoCoreOf(values);
    expect(settings.dualClip).toBeNull();
    expect(settings.scaleByStd).toBe(false);
    expect(grpoValuesOf(settings)).toEqual(values);
  });
});
