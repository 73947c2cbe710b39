// An SFT run's checkpoint as files, the form it takes in IndexedDB, in a download and in the
// pretrain script's resume folder: run.json (settings, mix, model config, progress and history)
// beside the trainer state's model.safetensors and optimizer.safetensors (stateFiles.ts).

import type { TaskMix } from '../../methods/sft/baseMixture.ts';
import { CheckpointError } from '../../model/checkpointError.ts';
import { type LlamaConfig, parseConfig } from '../../model/config.ts';
import type { SftCheckpoint, SftHistory, SftSettings } from '../../train/sft.ts';
import { type StateFiles, stateFromFiles, stateToFiles } from './stateFiles.ts';

export interface RunJson {
  format: 'reasoning-lab-sft-run/1';
  settings: SftSettings;
  mix: TaskMix;
  config: LlamaConfig;
  step: number;
  tokens: number;
  trainMs: number;
  history: SftHistory;
}

export interface CheckpointFiles extends StateFiles {
  run: RunJson;
}

export function checkpointToFiles(
  checkpoint: SftCheckpoint,
  config: LlamaConfig,
  mix: TaskMix,
  settings: SftSettings,
): CheckpointFiles {
  return {
    run: {
      format: 'reasoning-lab-sft-run/1',
      settings,
      mix,
      config,
      step: checkpoint.step,
      tokens: checkpoint.tokens,
      trainMs: checkpoint.trainMs,
      history: checkpoint.history,
    },
    ...stateToFiles(config, checkpoint.state),
  };
}

/** @throws CheckpointError when a file is malformed or does not match the run's config */
export function checkpointFromFiles(files: CheckpointFiles): { checkpoint: SftCheckpoint; run: RunJson } {
  const run = files.run;
  if (run?.format !== 'reasoning-lab-sft-run/1') {
    throw new CheckpointError(
      'This is not a Reasoning Lab training checkpoint (run.json has no known format).',
      'Resume from a checkpoint this lab saved.',
      { file: 'run.json' },
    );
  }
  const config = parseConfig(run.config);
  const checkpoint: SftCheckpoint = {
    step: run.step,
    tokens: run.tokens,
    trainMs: run.trainMs,
    history: run.history,
    state: stateFromFiles(config, files),
  };
  return { checkpoint, run: { ...run, config } };
}
