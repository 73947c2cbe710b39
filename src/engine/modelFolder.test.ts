// A run bundle's model/ for a run the engine no longer holds: derived from the run's stored
// checkpoint files, it is the same HF folder as the live model's (modelFolderFiles), byte for byte.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRPO } from '../methods/grpo/grpoJob.ts';
import { CheckpointError } from '../model/checkpointError.ts';
import { defaultConfig } from '../model/config.ts';
import { randomWeights } from '../model/parameters.ts';
import { runCheckpointToFiles, startCheckpoint } from './jobs/runCheckpoint.ts';
import { checkpointModelFiles, modelFolderFiles } from './modelFolder.ts';

const config = defaultConfig();

describe('checkpointModelFiles', () => {
  it("gives the checkpoint's policy as the HF folder jobFiles gives", () => {
    const weights = randomWeights(config, 3);
    const files = runCheckpointToFiles({
      kind: 'grpo',
      settings: DEFAULT_GRPO,
      config,
      checkpoint: startCheckpoint(config, weights),
      extras: { reference: randomWeights(config, 4) },
    });
    const folder = checkpointModelFiles(files);
    expect(Object.keys(folder).sort()).toEqual(Object.keys(modelFolderFiles(config, weights)).sort());
    expect(folder['model.safetensors']).toEqual(modelFolderFiles(config, weights)['model.safetensors']);
    expect(folder['model.safetensors']).toEqual(files.weights);
  });

  it('names a damaged model.safetensors', () => {
    const files = runCheckpointToFiles({
      kind: 'grpo',
      settings: DEFAULT_GRPO,
      config,
      checkpoint: startCheckpoint(config, randomWeights(config, 3)),
      extras: {},
    });
    expect(() => checkpointModelFiles({ ...files, weights: new Uint8Array(8) })).toThrow(CheckpointError);
  });
});
