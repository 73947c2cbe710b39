// GRPO checkpoints as files: a round trip keeps the state, the reference and the run; a file
// from another kind of run or a damaged reference is named in a CheckpointError.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRPO } from '../../methods/grpo/grpoJob.ts';
import { CheckpointError } from '../../model/checkpointError.ts';
import { defaultConfig } from '../../model/config.ts';
import { randomWeights } from '../../model/parameters.ts';
import type { GrpoCheckpoint } from '../../train/grpo/grpoRun.ts';
import { grpoCheckpointFromFiles, grpoCheckpointToFiles } from './rlCheckpointFiles.ts';

const config = defaultConfig();
const checkpoint: GrpoCheckpoint = {
  step: 4,
  tokens: 900,
  trainMs: 321,
  history: { points: [], evals: [] },
  state: {
    weights: randomWeights(config, 1),
    optimizer: { steps: 4, m: randomWeights(config, 2), v: randomWeights(config, 3) },
  },
};
const reference = randomWeights(config, 4);

describe('GRPO checkpoint files', () => {
  it('round-trip the state, the reference and the run', () => {
    const files = grpoCheckpointToFiles(checkpoint, config, DEFAULT_GRPO, reference);
    const back = grpoCheckpointFromFiles(structuredClone(files));
    expect(back.run.settings).toEqual(DEFAULT_GRPO);
    expect(back.checkpoint.step).toBe(4);
    expect(back.checkpoint.state.optimizer.steps).toBe(4);
    for (const [name, data] of reference) expect(back.reference.get(name), name).toEqual(data);
    for (const [name, data] of checkpoint.state.weights)
      expect(back.checkpoint.state.weights.get(name)).toEqual(data);
  });

  it('name what is wrong with a foreign run or a damaged reference', () => {
    const files = grpoCheckpointToFiles(checkpoint, config, DEFAULT_GRPO, reference);
    const foreign = { ...files, run: { ...files.run, format: 'reasoning-lab-sft-run/1' as never } };
    expect(() => grpoCheckpointFromFiles(foreign)).toThrow(CheckpointError);
    expect(() => grpoCheckpointFromFiles(foreign)).toThrow(/not a Reasoning Lab RL checkpoint/);
    const damaged = { ...files, reference: files.weights.slice(0, 100) };
    expect(() => grpoCheckpointFromFiles(damaged)).toThrow(CheckpointError);
  });
});
