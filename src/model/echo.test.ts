// A message quotes short values whole and cuts long ones to their start plus their length.
import { describe, expect, it } from 'vitest';
import { ECHO_MAX, echo } from './echo.ts';

describe('echo', () => {
  it('quotes a short string whole, as JSON', () => {
    expect(echo('abc')).toBe('"abc"');
    expect(echo('a"b')).toBe('"a\\"b"');
    expect(echo('x'.repeat(ECHO_MAX))).toBe(`"${'x'.repeat(ECHO_MAX)}"`);
  });

  it('cuts a long string to its first characters and says how long it was', () => {
    const shown = echo('x'.repeat(100_000));
    expect(shown).toBe(`"${'x'.repeat(ECHO_MAX)}…" (100000 characters)`);
    expect(echo('abcdef', 3)).toBe('"abc…" (6 characters)');
  });

  it('never splits a character made of two UTF-16 units', () => {
    expect(echo('😀😀😀', 2)).toBe('"😀😀…" (3 characters)');
  });

  it('shows other values as JSON, cut the same way', () => {
    expect(echo(3)).toBe('3');
    expect(echo(null)).toBe('null');
    expect(echo(undefined)).toBe('undefined');
    expect(echo([1, 2])).toBe('[1,2]');
    expect(
      echo(
        Array.from({ length: 100 }, () => 1),
        5,
      ),
    ).toBe('[1,1,… (201 characters)');
  });
});
