// The one typed error of checkpoint I/O (config.json, model.safetensors, the folder as a whole).
// Every failure of a reader names the file, the tensor or field, and the problem, plus a hint on
// what to do; loaders throw nothing else (checkpoint.fuzz.test.ts and checkpointJson.fuzz.test.ts
// hold them to it).
import { LabError, nameErrorClasses } from '../gpu/errors.ts';

export interface CheckpointErrorDetails {
  /** The file of the checkpoint folder, e.g. 'model.safetensors'. */
  file?: string;
  /** The tensor concerned, by its HF name. */
  tensor?: string;
  /** The config.json key or header field concerned. */
  field?: string;
  [key: string]: unknown;
}

export class CheckpointError extends LabError {
  declare readonly details: CheckpointErrorDetails;
  constructor(message: string, hint: string, details: CheckpointErrorDetails = {}) {
    super(message, hint, details);
  }
}

nameErrorClasses({ CheckpointError });

/** The hint for a file that is damaged or was written by something that breaks the format. */
export const DAMAGED_FILE_HINT =
  'The file is damaged or not in the expected format: download or export the checkpoint again ' +
  '(the Models page\'s "Download its folder" writes a valid one).';
