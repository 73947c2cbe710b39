// The one error a run bundle gives when it cannot be opened or saved (runBundle.ts and the pages'
// open and save buttons): what is wrong in words, what to do, and which problem and file, so a
// test or the page can tell a foreign file from a damaged or newer one.
import { LabError } from '../../engine/errors.ts';

export type BundleProblem =
  | 'not-zip'
  | 'not-bundle'
  | 'newer-version'
  | 'unknown-kind'
  | 'missing-file'
  | 'malformed'
  | 'busy'
  | 'no-model';

export class BundleError extends LabError {
  override name = 'BundleError';
  constructor(
    readonly problem: BundleProblem,
    message: string,
    hint: string,
    readonly file: string | null = null,
  ) {
    super(message, hint, { problem, file });
  }
}

/** A file of the bundle that is not what FORMATS.md says: names the file and where. */
export function malformed(file: string, where: string, what: string): BundleError {
  return new BundleError(
    'malformed',
    `The run bundle's ${file} is damaged: ${where ? `${where}: ` : ''}${what}.`,
    'Open the bundle as the lab saved it; a file edited by hand must keep the layout FORMATS.md gives.',
    file,
  );
}
