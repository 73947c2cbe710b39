import { describe, expect, it } from 'vitest';
import { keyNestedTooDeep, MAX_JSON_DEPTH } from './jsonDepth.ts';

/** `levels` arrays, one inside the next. */
const nested = (levels: number): unknown => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);

describe('keyNestedTooDeep', () => {
  it(`allows ${MAX_JSON_DEPTH} levels under a key and names the key of one more`, () => {
    expect(keyNestedTooDeep({ a: 1, b: nested(MAX_JSON_DEPTH) })).toBeUndefined();
    expect(keyNestedTooDeep({ a: 1, b: nested(MAX_JSON_DEPTH + 1) })).toBe('b');
  });

  it('names an array index, and passes values that are not containers', () => {
    expect(keyNestedTooDeep([0, nested(100_000)])).toBe('1');
    expect(keyNestedTooDeep('text')).toBeUndefined();
    expect(keyNestedTooDeep(null)).toBeUndefined();
  });
});
