// Reading a published benchmark file (public/results/<scenario>.json) for a page: it must be a
// benchmark result, of the scenario the page shows, with rows in the layout (schema version) the
// page reads. A file without a version has layout 1, the layout before versions. A refusal says in
// one sentence what the file is and what to run.
import type { ResultSchema } from '../methods/scenario.ts';
import { type BenchRow, isPublishedResult, type PublishedResult } from './types.ts';

export type PublishedRead<R extends BenchRow = BenchRow> =
  | { state: 'ok'; result: PublishedResult<R> }
  | { state: 'invalid'; why: string }
  /** A result of another scenario or of another row layout. */
  | { state: 'mismatch'; message: string };

/** The layout of a published file's rows. */
export function schemaVersionOf(result: Pick<PublishedResult, 'schemaVersion'>): number {
  return result.schemaVersion ?? 1;
}

/**
 * `data` as the published result `expected` names: a scenario name (any layout, for a page that
 * shows rows as tables) or a ResultSchema (that layout only, its rows typed).
 */
export function readPublished<R extends BenchRow = BenchRow>(
  data: unknown,
  expected: string | ResultSchema<R>,
): PublishedRead<R> {
  if (!isPublishedResult(data)) return { state: 'invalid', why: 'the file is not a benchmark result' };
  const scenario = typeof expected === 'string' ? expected : expected.scenario;
  const rerun = `re-run npm run bench -- ${scenario} --full --publish`;
  if (data.scenario !== scenario) {
    return {
      state: 'mismatch',
      message: `this file holds the ${data.scenario} benchmark, not the ${scenario} benchmark; ${rerun}`,
    };
  }
  const version = schemaVersionOf(data);
  if (typeof expected !== 'string' && version < expected.version) {
    return {
      state: 'mismatch',
      message: `this file was written by an older version of the ${scenario} benchmark (schema ${version}); ${rerun}`,
    };
  }
  if (typeof expected !== 'string' && version > expected.version) {
    return {
      state: 'mismatch',
      message: `this file was written by a newer version of the ${scenario} benchmark (schema ${version}) than this page reads (schema ${expected.version}); reload the page to get the lab that wrote it`,
    };
  }
  // The version says the rows have R's layout.
  return { state: 'ok', result: data as PublishedResult<R> };
}
