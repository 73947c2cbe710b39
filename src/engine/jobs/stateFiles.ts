// A trainer's state as files, in every job kind's checkpoint (runCheckpoint.ts): model.safetensors
// (HF names, as a model folder holds them) and optimizer.safetensors (the Adam moments as
// m/<name> and v/<name>, the optimizer's step count in the metadata).
import { CheckpointError } from '../../model/checkpointError.ts';
import type { LlamaConfig } from '../../model/config.ts';
import { type ModelWeights, parameterTable } from '../../model/parameters.ts';
import { readSafetensors, readSafetensorsHeader, writeSafetensors } from '../../model/safetensors.ts';
import type { TrainerState } from '../../train/trainStep.ts';

export interface StateFiles {
  weights: Uint8Array;
  optimizer: Uint8Array;
}

function tensors(config: LlamaConfig, map: ModelWeights, prefix = '') {
  return parameterTable(config).map(
    ({ name, shape }) => [`${prefix}${name}`, { shape, data: map.get(name) as Float32Array }] as const,
  );
}

/** Weights alone as model.safetensors bytes. */
export function weightsToFile(config: LlamaConfig, weights: ModelWeights): Uint8Array {
  return writeSafetensors(new Map(tensors(config, weights)), { format: 'pt' });
}

export function stateToFiles(config: LlamaConfig, { weights, optimizer }: TrainerState): StateFiles {
  return {
    weights: weightsToFile(config, weights),
    optimizer: writeSafetensors(
      new Map([...tensors(config, optimizer.m, 'm/'), ...tensors(config, optimizer.v, 'v/')]),
      { steps: String(optimizer.steps) },
    ),
  };
}

/**
 * Every tensor of `config` under `prefix` in a safetensors file named `which`.
 * @throws CheckpointError when the file is malformed or lacks a tensor of the right size
 */
export function weightsFromFile(
  config: LlamaConfig,
  bytes: Uint8Array,
  which: string,
  prefix = '',
): ModelWeights {
  const file = readSafetensors(bytes);
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
}

/** @throws CheckpointError when a file is malformed or does not match `config` */
export function stateFromFiles(config: LlamaConfig, files: StateFiles): TrainerState {
  return {
    weights: weightsFromFile(config, files.weights, 'model.safetensors'),
    optimizer: {
      steps: Number(readOptimizerSteps(files.optimizer)),
      m: weightsFromFile(config, files.optimizer, 'optimizer.safetensors', 'm/'),
      v: weightsFromFile(config, files.optimizer, 'optimizer.safetensors', 'v/'),
    },
  };
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
