// The optimizer reference on hand-computed cases: the schedule's shape, clipping, and one AdamW
// step against the closed form of its first update.
import { describe, expect, it } from 'vitest';
import {
  adamwUpdate,
  clipScale,
  DEFAULT_ADAMW,
  decays,
  globalNorm,
  learningRate,
} from './optimizerReference.ts';

describe('the optimizer reference', () => {
  const schedule = { peakLr: 1e-3, warmupSteps: 10, totalSteps: 110, minRatio: 0.1 };

  it('warms up linearly, peaks, then follows a cosine down to the floor', () => {
    expect(learningRate(1, schedule)).toBeCloseTo(1e-4, 12);
    expect(learningRate(10, schedule)).toBeCloseTo(1e-3, 12);
    expect(learningRate(60, schedule)).toBeCloseTo(0.55e-3, 12);
    expect(learningRate(110, schedule)).toBeCloseTo(1e-4, 12);
    expect(learningRate(500, schedule)).toBeCloseTo(1e-4, 12);
  });

  it('clips only above the norm limit', () => {
    expect(globalNorm([[3], [4]])).toBe(5);
    expect(clipScale(5, 1)).toBeCloseTo(0.2, 6);
    expect(clipScale(0.5, 1)).toBe(1);
  });

  it('moves each weight by about lr on its first step, against the gradient, plus decoupled decay', () => {
    const param = Float64Array.from([1, -2, 0.5]);
    const m = new Float64Array(3);
    const v = new Float64Array(3);
    adamwUpdate(param, [0.3, -0.1, 0], m, v, 1, 0.01, DEFAULT_ADAMW, true);
    // First step: m/bias1 = g, sqrt(v)/sqrt(bias2) = |g|, so the step is lr * sign(g) (eps aside).
    expect(param[0]).toBeCloseTo(1 * (1 - 0.01 * 0.1) - 0.01, 6);
    expect(param[1]).toBeCloseTo(-2 * (1 - 0.01 * 0.1) + 0.01, 6);
    expect(param[2]).toBeCloseTo(0.5 * (1 - 0.01 * 0.1), 9);
    expect(decays('model.norm.weight')).toBe(false);
    expect(decays('model.layers.0.mlp.up_proj.weight')).toBe(true);
  });
});
