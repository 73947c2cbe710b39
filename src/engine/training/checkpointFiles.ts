// An SFT run's checkpoint as files, the form it takes in IndexedDB, in a download and in the
// pretrain script's resume folder: run.json (settings, mix, model config, progress and history),
// model.safetensors (HF names, as a model folder) and optimizer.safetensors (the Adam moments as
// m/<name> and v/<name>, the step count in the metadata).

import { CheckpointError } from '../../model/checkpointError.ts';
import { type LlamaConfig, parseConfig } from '../../model/config.ts';
import { parameterTable } from '../../model/parameters.ts';
import { readSafetensors, readSafetensorsHeader, writeSafetensors } from '../../model/safetensors.ts';
import type { SftCheckpoint, SftHistory, SftSettings } from '../../train/sft.ts';
import type { TaskMix } from './baseMixture.ts';

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

export interface CheckpointFiles {
  run: RunJson;
  weights: Uint8Array;
  optimizer: Uint8Array;
}

export function checkpointToFiles(
  checkpoint: SftCheckpoint,
  config: LlamaConfig,
  mix: TaskMix,
  settings: SftSettings,
): CheckpointFiles {
  const table = parameterTable(config);
  const tensors = (map: Map<string, Float32Array>, prefix = '') =>
    table.map(
      ({ name, shape }) => [`${prefix}${name}`, { shape, data: map.get(name) as Float32Array }] as const,
    );
  const { weights, optimizer } = checkpoint.state;
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
    weights: writeSafetensors(new Map(tensors(weights)), { format: 'pt' }),
    optimizer: writeSafetensors(new Map([...tensors(optimizer.m, 'm/'), ...tensors(optimizer.v, 'v/')]), {
      steps: String(optimizer.steps),
    }),
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
  const weightsFile = readSafetensors(files.weights);
  const optimizerFile = readSafetensors(files.optimizer);
  const steps = Number(readOptimizerSteps(files.optimizer));

  const pick = (file: typeof weightsFile, prefix: string, which: string) => {
    const out = new Map<string, Float32Array>();
    for (const { name, shape } of parameterTable(config)) {
      const tensor = file.get(`${prefix}${name}`);
      const size = shape.reduce((a, b) => a * b, 1);
      if (!tensor || tensor.data.length !== size) {
        throw new CheckpointError(
          `The checkpoint's ${which} lack ${prefix}${name} of ${size} values for its config.`,
          'The files belong to another run or are damaged; resume from another checkpoint.',
          { file: which, tensor: `${prefix}${name}` },
        );
      }
      out.set(name, tensor.data);
    }
    return out;
  };
  const checkpoint: SftCheckpoint = {
    step: run.step,
    tokens: run.tokens,
    trainMs: run.trainMs,
    history: run.history,
    state: {
      weights: pick(weightsFile, '', 'model.safetensors'),
      optimizer: {
        steps,
        m: pick(optimizerFile, 'm/', 'optimizer.safetensors'),
        v: pick(optimizerFile, 'v/', 'optimizer.safetensors'),
      },
    },
  };
  return { checkpoint, run: { ...run, config } };
}

function readOptimizerSteps(bytes: Uint8Array): string {
  const steps = readSafetensorsHeader(bytes).metadata.steps;
  if (steps === undefined || !/^\d+$/.test(steps)) {
    throw new CheckpointError(
      'optimizer.safetensors does not say how many steps the optimizer took.',
      'The file is damaged or not from this lab; resume from another checkpoint.',
      { file: 'optimizer.safetensors' },
    );
  }
  return steps;
}
