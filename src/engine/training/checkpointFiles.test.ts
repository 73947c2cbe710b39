import { describe, expect, it } from 'vitest';
import { BASE_MIX } from '../../methods/sft/baseMixture.ts';
import { CheckpointError } from '../../model/checkpointError.ts';
import { defaultConfig } from '../../model/config.ts';
import { randomWeights } from '../../model/parameters.ts';
import { DEFAULT_ADAMW } from '../../train/optimizerReference.ts';
import type { SftCheckpoint, SftSettings } from '../../train/sft.ts';
import { checkpointFromFiles, checkpointToFiles } from './checkpointFiles.ts';

const config = defaultConfig();
const settings: SftSettings = {
  steps: 10,
  B: 2,
  T: 32,
  accumulation: 1,
  peakLr: 1e-3,
  warmupSteps: 1,
  minLrRatio: 0.1,
  adamw: DEFAULT_ADAMW,
  evalEvery: 0,
  checkpointMinutes: 1,
  seed: 1,
};
const checkpoint: SftCheckpoint = {
  step: 3,
  tokens: 192,
  trainMs: 1234,
  history: { points: [], evals: [] },
  state: {
    weights: randomWeights(config, 1),
    optimizer: { steps: 3, m: randomWeights(config, 2), v: randomWeights(config, 3) },
  },
};

describe('training checkpoint files', () => {
  it('round-trip weights, both moments, the step count and the run', () => {
    const files = checkpointToFiles(checkpoint, config, BASE_MIX, settings);
    const { checkpoint: back, run } = checkpointFromFiles(structuredClone(files));
    expect(run.settings).toEqual(settings);
    expect(run.mix).toEqual(BASE_MIX);
    expect(back.step).toBe(3);
    expect(back.state.optimizer.steps).toBe(3);
    for (const key of ['weights'] as const)
      for (const [name, data] of checkpoint.state[key]) expect(back.state[key].get(name), name).toEqual(data);
    for (const [name, data] of checkpoint.state.optimizer.v)
      expect(back.state.optimizer.v.get(name)).toEqual(data);
  });

  it('names what is wrong with a damaged or foreign checkpoint', () => {
    const files = checkpointToFiles(checkpoint, config, BASE_MIX, settings);
    const fails = (broken: typeof files, message: RegExp) => {
      const error = (() => {
        try {
          checkpointFromFiles(broken);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(CheckpointError);
      expect((error as Error).message).toMatch(message);
    };
    fails(
      { ...files, run: { ...files.run, format: 'other' as 'reasoning-lab-sft-run/1' } },
      /not a Reasoning Lab training checkpoint/,
    );
    fails({ ...files, weights: files.weights.slice(0, 100) }, /safetensors|model/i);
    const otherConfig = { ...files.run, config: defaultConfig({ hidden_size: 48, head_dim: 12 }) };
    fails({ ...files, run: otherConfig }, /lack model\.embed_tokens\.weight|lack/);
    fails(
      { ...files, optimizer: checkpointToFiles(checkpoint, config, BASE_MIX, settings).weights },
      /steps|lack m\//,
    );
  });
});
