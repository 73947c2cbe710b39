// Reading a published file for a page: the current layout is read with its rows typed; a stale,
// newer or foreign file, or one that is no result, is refused with a sentence saying what to run.
import { describe, expect, it } from 'vitest';
import { resultSchema } from '../methods/scenario.ts';
import { readPublished } from './readPublished.ts';
import type { BenchRow, PublishedResult } from './types.ts';

type Row = { part: 'cost'; tokens_per_second: number };
const SCHEMA = resultSchema<Row>('craeg', 2);

function file(scenario: string, schemaVersion?: number): PublishedResult<BenchRow> {
  return {
    scenario,
    ...(schemaVersion === undefined ? {} : { schemaVersion }),
    mode: 'full',
    seed: 1,
    launches: 1,
    keys: ['part'],
    rows: [{ part: 'cost', tokens_per_second: 100 }],
    goals: [],
    notes: [],
    spread: [],
    generatedAt: '',
    gitCommit: '',
    cpu: '',
    browser: '',
    adapter: {
      vendor: '',
      architecture: '',
      device: '',
      description: '',
      isFallbackAdapter: true,
      rung: 'swiftshader',
      features: [],
      limits: {},
    },
    machineShared: false,
  };
}

describe('reading a published file', () => {
  it('reads a file of the current layout with its rows typed', () => {
    const read = readPublished(JSON.parse(JSON.stringify(file('craeg', 2))), SCHEMA);
    expect(read.state).toBe('ok');
    if (read.state === 'ok') expect(read.result.rows[0].tokens_per_second).toBe(100);
  });

  it('takes a file without a version as layout 1', () => {
    expect(readPublished(file('craeg'), resultSchema('craeg', 1)).state).toBe('ok');
    expect(readPublished(file('craeg'), SCHEMA)).toEqual({
      state: 'mismatch',
      message:
        'this file was written by an older version of the craeg benchmark (schema 1); re-run npm run bench -- craeg --full --publish',
    });
  });

  it('refuses a stale, a newer and a foreign file, and one that is no result', () => {
    expect(readPublished(file('craeg', 1), SCHEMA)).toMatchObject({
      state: 'mismatch',
      message: expect.stringMatching(/older version of the craeg benchmark \(schema 1\)/),
    });
    expect(readPublished(file('craeg', 3), SCHEMA)).toMatchObject({
      state: 'mismatch',
      message: expect.stringMatching(
        /newer version of the craeg benchmark \(schema 3\) than this page reads \(schema 2\)/,
      ),
    });
    expect(readPublished(file('decode', 2), SCHEMA)).toEqual({
      state: 'mismatch',
      message:
        'this file holds the decode benchmark, not the craeg benchmark; re-run npm run bench -- craeg --full --publish',
    });
    expect(readPublished({ rows: [] }, SCHEMA)).toEqual({
      state: 'invalid',
      why: 'the file is not a benchmark result',
    });
    expect(readPublished({ ...file('craeg'), schemaVersion: '2' }, SCHEMA).state).toBe('invalid');
  });

  it('reads any layout of its scenario for a page that shows rows as tables', () => {
    expect(readPublished(file('decode', 7), 'decode').state).toBe('ok');
    expect(readPublished(file('matmul', 1), 'decode').state).toBe('mismatch');
  });
});
