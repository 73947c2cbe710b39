// Every error class that may cross the worker boundary, by name, so the UI side can rebuild the
// same class (tests assert with instanceof). The UI imports error classes from here, never from
// gpu/ directly. A new typed error elsewhere in the lab is added to ERROR_CLASSES.
import {
  DeviceRequestError,
  GpuDeviceLostError,
  GpuMemoryLimitError,
  GpuOperationError,
  GpuOutOfMemoryError,
  GpuUnavailableError,
  InsecureContextError,
  KernelArgumentError,
  LabError,
  NoAdapterError,
  NoWebGpuError,
  nameErrorClasses,
  PipelineCompileError,
} from '../gpu/errors.ts';
import { CheckpointError } from '../model/checkpointError.ts';
import { TokenizerError } from '../model/tokenizer.ts';

/** A benchmark scenario that does not exist, or options it cannot take. */
export class BenchError extends LabError {}

/** A task world, difficulty or format that does not exist. */
export class TaskError extends LabError {}

/** A training request that cannot run (settings, mix, model), or a job id the engine does not hold. */
export class TrainingError extends LabError {}

/** A job was started while another runs or waits paused (one job at a time); details name it. */
export class JobRunningError extends LabError {}

/**
 * This browser's storage refused a save (IndexedDB quota): details say what (`what`: checkpoint,
 * progress, run or model) and how many bytes it needed when known (`bytes`). Nothing of it was kept.
 */
export class StorageFullError extends LabError {}

/** The engine was used before init() succeeded. */
export class EngineNotReadyError extends LabError {
  constructor() {
    super('The engine has no GPU yet.', 'Call init() first and wait for it to succeed.');
  }
}

nameErrorClasses({
  BenchError,
  TaskError,
  TrainingError,
  JobRunningError,
  StorageFullError,
  EngineNotReadyError,
});

export {
  CheckpointError,
  DeviceRequestError,
  GpuDeviceLostError,
  GpuMemoryLimitError,
  GpuOperationError,
  GpuOutOfMemoryError,
  GpuUnavailableError,
  InsecureContextError,
  KernelArgumentError,
  LabError,
  NoAdapterError,
  NoWebGpuError,
  PipelineCompileError,
  TokenizerError,
};

type ErrorClass = { prototype: Error };

export const ERROR_CLASSES: Record<string, ErrorClass> = {
  LabError,
  GpuUnavailableError,
  NoWebGpuError,
  InsecureContextError,
  NoAdapterError,
  DeviceRequestError,
  GpuDeviceLostError,
  GpuOutOfMemoryError,
  GpuMemoryLimitError,
  GpuOperationError,
  PipelineCompileError,
  KernelArgumentError,
  BenchError,
  TaskError,
  TrainingError,
  JobRunningError,
  StorageFullError,
  EngineNotReadyError,
  CheckpointError,
  TokenizerError,
  TypeError,
  RangeError,
};

/** What crosses the boundary: plain data only. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  hint?: string;
  details?: Record<string, unknown>;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof LabError) {
    return {
      name: error.name,
      message: error.message,
      stack: error.stack,
      hint: error.hint,
      details: error.details,
    };
  }
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

/** Rebuilds the error with its original class when known, else a plain Error with its name. */
export function deserializeError(data: SerializedError): Error {
  const cls = ERROR_CLASSES[data.name];
  const error: Error = cls ? Object.create(cls.prototype) : new Error(data.message);
  Object.assign(error, { message: data.message, name: data.name, stack: data.stack });
  if (cls && error instanceof LabError)
    Object.assign(error, { hint: data.hint ?? '', details: data.details ?? {} });
  return error;
}
