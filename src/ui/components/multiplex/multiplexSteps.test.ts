import { describe, expect, it } from 'vitest';
import type { MultiplexTrace } from '../../../engine/api.ts';
import { collapsedShare, multiplexSteps } from './multiplexSteps.ts';

// K = 3, three steps: mixed with a duplicate, collapsed, then the discrete </think> step (id 9).
const trace: MultiplexTrace = {
  width: 3,
  indices: Uint32Array.from([5, 7, 5, 4, 4, 4, 9, 9, 9]),
  weights: Float32Array.from([0.4, 0.2, 0.4, 1 / 3, 1 / 3, 1 / 3, 1, 0, 0]),
  logProbs: Float32Array.from([-0.5, -1.2, -0.5, -0.01, -0.01, -0.01, -0.1, 0, 0]),
  thinkingSteps: 2,
};

describe('multiplexSteps', () => {
  it('groups identical draws into one entry with their count and summed weight', () => {
    const [mixed] = multiplexSteps(trace, [0.9, 0.02, 0.3]);
    expect(mixed.draws.map((d) => [d.token, d.count])).toEqual([
      [5, 2],
      [7, 1],
    ]);
    expect(mixed.draws[0].weight).toBeCloseTo(0.8);
    expect(mixed.draws[0].shown).toBe(true);
    expect(mixed.collapsed).toBe(false);
    expect(mixed.entropy).toBe(0.9);
  });

  it('puts the shown token (slot 0) first even when another draw weighs more', () => {
    const lighterFirst: MultiplexTrace = {
      ...trace,
      indices: Uint32Array.from([7, 5, 5]),
      weights: Float32Array.from([0.2, 0.4, 0.4]),
      thinkingSteps: 1,
    };
    expect(
      multiplexSteps(lighterFirst, [1])
        .at(0)
        ?.draws.map((d) => d.token),
    ).toEqual([7, 5]);
  });

  it('keeps only the thinking steps and marks a step whose K draws agree as collapsed', () => {
    const steps = multiplexSteps(trace, [0.9, 0.02, 0.3]);
    expect(steps).toHaveLength(2);
    expect(steps[1].collapsed).toBe(true);
    expect(steps[1].draws[0]).toMatchObject({ token: 4, count: 3 });
    expect(collapsedShare(steps)).toBe(0.5);
    expect(collapsedShare([])).toBeNull();
  });
});
