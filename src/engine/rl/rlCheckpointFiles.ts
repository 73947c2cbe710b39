// A GRPO run's checkpoint as files, the form it takes in IndexedDB and in a download: run.json
// (settings, model config, progress and history), the trainer state (stateFiles.ts) and
// reference.safetensors, the frozen start weights the KL and the inspector compare against.

import type { GrpoJobSettings } from '../../methods/grpo/grpoJob.ts';
import { CheckpointError } from '../../model/checkpointError.ts';
import { type LlamaConfig, parseConfig } from '../../model/config.ts';
import type { ModelWeights } from '../../model/parameters.ts';
import type { GrpoCheckpoint, GrpoPoint } from '../../train/grpo/grpoRun.ts';
import type { RunHistory } from '../../train/runLoop.ts';
import {
  type StateFiles,
  stateFromFiles,
  stateToFiles,
  weightsFromFile,
  weightsToFile,
} from '../training/stateFiles.ts';

export interface GrpoRunJson {
  format: 'reasoning-lab-grpo-run/1';
  settings: GrpoJobSettings;
  config: LlamaConfig;
  step: number;
  tokens: number;
  trainMs: number;
  history: RunHistory<GrpoPoint>;
}

export interface GrpoCheckpointFiles extends StateFiles {
  run: GrpoRunJson;
  reference: Uint8Array;
}

export function grpoCheckpointToFiles(
  checkpoint: GrpoCheckpoint,
  config: LlamaConfig,
  settings: GrpoJobSettings,
  reference: ModelWeights,
): GrpoCheckpointFiles {
  return {
    run: {
      format: 'reasoning-lab-grpo-run/1',
      settings,
      config,
      step: checkpoint.step,
      tokens: checkpoint.tokens,
      trainMs: checkpoint.trainMs,
      history: checkpoint.history,
    },
    ...stateToFiles(config, checkpoint.state),
    reference: weightsToFile(config, reference),
  };
}

/** @throws CheckpointError when a file is malformed or does not match the run's config */
export function grpoCheckpointFromFiles(files: GrpoCheckpointFiles): {
  checkpoint: GrpoCheckpoint;
  run: GrpoRunJson;
  reference: ModelWeights;
} {
  const run = files.run;
  if (run?.format !== 'reasoning-lab-grpo-run/1') {
    throw new CheckpointError(
      'This is not a Reasoning Lab RL checkpoint (run.json has no known format).',
      'Resume from an RL checkpoint this lab saved.',
      { file: 'run.json' },
    );
  }
  const config = parseConfig(run.config);
  return {
    checkpoint: {
      step: run.step,
      tokens: run.tokens,
      trainMs: run.trainMs,
      history: run.history,
      state: stateFromFiles(config, files),
    },
    run: { ...run, config },
    reference: weightsFromFile(config, files.reference, 'reference.safetensors'),
  };
}
