// The job registry: every kind maps to a handler that states its steps, checks its settings
// before any GPU work (naming the setting and the fix) and keeps its extras; SFT has a start of
// its own (a seeded random init), GRPO keeps its start weights as the reference.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../model/config.ts';
import { randomWeights } from '../model/parameters.ts';
import { DEFAULT_ADAMW } from '../train/optimizerReference.ts';
import { DEFAULT_GRPO } from './grpo/grpoJob.ts';
import { isJobKind, JOB_HANDLERS, jobHandler } from './jobs.ts';
import { BASE_MIX } from './sft/baseMixture.ts';
import { sftJob } from './sft/job.ts';
import type { SftJobSettings } from './sft/sftSettings.ts';

const SFT: SftJobSettings = {
  training: {
    steps: 12,
    B: 4,
    T: 64,
    accumulation: 1,
    peakLr: 1e-3,
    warmupSteps: 1,
    minLrRatio: 0.1,
    adamw: DEFAULT_ADAMW,
    evalEvery: 0,
    checkpointMinutes: 1,
    seed: 1,
  },
  mix: { ...BASE_MIX, maxDigits: 2 },
  eval: { perCategory: 2, finalPerCategory: 2, modes: ['think'], maxNewTokens: 30, batch: 8 },
};

describe('the job registry', () => {
  it('maps each kind to its handler', () => {
    expect(Object.keys(JOB_HANDLERS)).toEqual(['sft', 'grpo']);
    for (const kind of ['sft', 'grpo'] as const) expect(jobHandler(kind)).toBe(JOB_HANDLERS[kind]);
    expect(isJobKind('grpo')).toBe(true);
    expect(isJobKind('distill')).toBe(false);
    expect(isJobKind('toString')).toBe(false);
  });

  it('states each kind’s steps and checks its settings, naming the setting', () => {
    const config = defaultConfig();
    expect(jobHandler('sft').steps(SFT)).toBe(12);
    expect(jobHandler('grpo').steps(DEFAULT_GRPO)).toBe(DEFAULT_GRPO.steps);
    expect(jobHandler('sft').check(SFT, config)).toBeNull();
    expect(jobHandler('grpo').check(DEFAULT_GRPO, config)).toBeNull();
    const long = { ...SFT, mix: { ...SFT.mix, maxDigits: 4, mul: 1 }, training: { ...SFT.training, T: 48 } };
    expect(jobHandler('sft').check(long, config)).toMatchObject({
      field: 'T',
      message: expect.stringMatching(/cannot hold this mix's longest example/),
      hint: expect.stringMatching(/Raise the row length/),
    });
    expect(jobHandler('sft').check({ ...SFT, training: { ...SFT.training, B: 0 } }, config)?.field).toBe('B');
    expect(jobHandler('grpo').check({ ...DEFAULT_GRPO, maxNewTokens: 3 }, config)).toMatchObject({
      field: 'maxNewTokens',
      message: expect.stringMatching(/would cut correct answers/),
    });
    expect(
      jobHandler('grpo').check({ ...DEFAULT_GRPO, task: { ...DEFAULT_GRPO.task, ops: [] } }, config)?.field,
    ).toBe('task');
  });

  it('gives SFT a seeded random start and GRPO its start weights as the reference', () => {
    const a = sftJob.model?.({ from: 'random', preset: 'tiny', seed: 3 });
    const b = sftJob.model?.({ from: 'random', preset: 'tiny', seed: 3 });
    expect(a?.config.hidden_size).toBe(32);
    expect(a?.weights.get('model.norm.weight')).toEqual(b?.weights.get('model.norm.weight'));
    expect(jobHandler('grpo').model).toBeUndefined();
    const weights = randomWeights(defaultConfig(), 1);
    expect(jobHandler('grpo').extras(weights)).toEqual({ reference: weights });
    expect(jobHandler('sft').extras(weights)).toEqual({});
  });
});
