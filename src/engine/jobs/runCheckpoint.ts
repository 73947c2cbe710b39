// The one checkpoint format of every job kind, as files: the form a run takes in IndexedDB, in a
// download and in the pretrain script's resume folder. run.json (format, kind, settings, model
// config, progress, history, the names of its extras) beside the trainer state's model.safetensors
// and optimizer.safetensors (stateFiles.ts) and one <name>.safetensors per extra (GRPO: reference).
import { isJobKind, type JobKind, type JobTypesOf } from '../../methods/jobs.ts';
import { CheckpointError } from '../../model/checkpointError.ts';
import { type LlamaConfig, parseConfig } from '../../model/config.ts';
import { echo } from '../../model/echo.ts';
import { type ModelWeights, parameterTable } from '../../model/parameters.ts';
import type { RunCheckpoint, RunHistory } from '../../train/runLoop.ts';
import {
  type StateFiles,
  stateFromFiles,
  stateToFiles,
  weightsFromFile,
  weightsToFile,
} from './stateFiles.ts';

export const RUN_FORMAT = 'reasoning-lab-run/1';

/** run.json of a job of kind K (of each kind, for a union of kinds). */
export type RunJson<K extends JobKind = JobKind> = K extends JobKind
  ? {
      format: typeof RUN_FORMAT;
      kind: K;
      settings: JobTypesOf<K>['settings'];
      config: LlamaConfig;
      step: number;
      tokens: number;
      trainMs: number;
      history: RunHistory<JobTypesOf<K>['point']>;
      /** Names of the extra weight files, e.g. ['reference'] for reference.safetensors. */
      extras: string[];
    }
  : never;

export type RunCheckpointFiles<K extends JobKind = JobKind> = K extends JobKind
  ? StateFiles & { run: RunJson<K>; extras: Record<string, Uint8Array> }
  : never;

/** A checkpoint read back: what the job service resumes from. */
export type DecodedRun<K extends JobKind = JobKind> = K extends JobKind
  ? {
      kind: K;
      settings: JobTypesOf<K>['settings'];
      config: LlamaConfig;
      checkpoint: RunCheckpoint<JobTypesOf<K>['point']>;
      extras: Record<string, ModelWeights>;
    }
  : never;

export function runCheckpointToFiles<K extends JobKind>(run: DecodedRun<K>): RunCheckpointFiles<K> {
  const { kind, settings, config, checkpoint, extras } = run;
  const json = {
    format: RUN_FORMAT,
    kind,
    settings,
    config,
    step: checkpoint.step,
    tokens: checkpoint.tokens,
    trainMs: checkpoint.trainMs,
    history: checkpoint.history,
    extras: Object.keys(extras),
  };
  return {
    run: json,
    ...stateToFiles(config, checkpoint.state),
    extras: Object.fromEntries(Object.entries(extras).map(([name, w]) => [name, weightsToFile(config, w)])),
  } as RunCheckpointFiles<K>;
}

/** @throws CheckpointError when a file is malformed, missing or does not match the run's config */
export function runCheckpointFromFiles(files: RunCheckpointFiles): DecodedRun {
  const run = files.run as RunJson | undefined;
  if (run?.format !== RUN_FORMAT) {
    const older = /^reasoning-lab-(sft|grpo)-run\/1$/.test(String(run?.format));
    throw new CheckpointError(
      older
        ? `This checkpoint is in an older format (${run?.format}) that the lab no longer reads.`
        : 'This is not a Reasoning Lab run checkpoint (run.json has no known format).',
      older
        ? 'Start a new run; its checkpoints will be in the current format.'
        : 'Resume from a checkpoint this lab saved.',
      { file: 'run.json' },
    );
  }
  if (!isJobKind(run.kind) || !Array.isArray(run.extras)) {
    throw new CheckpointError(
      `run.json names a job kind ${echo(String(run.kind))} or extras this lab does not know.`,
      'Resume from a checkpoint this lab saved.',
      { file: 'run.json' },
    );
  }
  const config = parseConfig(run.config);
  const extras: Record<string, ModelWeights> = {};
  for (const name of run.extras) {
    const bytes = files.extras?.[name];
    if (!bytes) {
      throw new CheckpointError(
        `The checkpoint lacks ${name}.safetensors, which its run.json lists.`,
        'Keep every file of the checkpoint together, or resume from another one.',
        { file: `${name}.safetensors` },
      );
    }
    extras[name] = weightsFromFile(config, bytes, `${name}.safetensors`);
  }
  return {
    kind: run.kind,
    settings: run.settings,
    config,
    checkpoint: {
      step: run.step,
      tokens: run.tokens,
      trainMs: run.trainMs,
      history: run.history,
      state: stateFromFiles(config, files),
    },
    extras,
  } as DecodedRun;
}

/** A fresh run's checkpoint at step 0: its start weights and an optimizer that took no step. */
export function startCheckpoint(config: LlamaConfig, weights: ModelWeights): RunCheckpoint<never> {
  const zeros = () =>
    new Map(
      parameterTable(config).map(({ name, shape }) => [
        name,
        new Float32Array(shape.reduce((a, b) => a * b, 1)),
      ]),
    );
  return {
    step: 0,
    tokens: 0,
    trainMs: 0,
    history: { points: [], evals: [] },
    state: { weights, optimizer: { steps: 0, m: zeros(), v: zeros() } },
  };
}
