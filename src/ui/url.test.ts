import { describe, expect, it } from 'vitest';
import { enumParam, floatParam, intParam, listParam, paramNotice, readParams, textParam } from './url.ts';

const specs = { seed: intParam(1, 0, 1000), layout: enumParam('nt', ['nt', 'nn', 'tn'] as const) };

describe('URL parameters', () => {
  it('read well-formed values and fall back to defaults for missing ones', () => {
    expect(readParams(new URLSearchParams('seed=42'), specs)).toEqual({
      values: { seed: 42, layout: 'nt' },
      problems: [],
    });
  });

  it('turn malformed values into a message naming the parameter and the value used instead', () => {
    const { values, problems } = readParams(new URLSearchParams('seed=abc&layout=zz'), specs);
    expect(values).toEqual({ seed: 1, layout: 'nt' });
    expect(problems).toEqual([
      'URL parameter seed="abc" is not a whole number; using 1.',
      'URL parameter layout="zz" is not one of nt, nn, tn; using nt.',
    ]);
  });

  it('reject numbers outside their range', () => {
    expect(readParams(new URLSearchParams('seed=5000'), specs).problems[0]).toContain('outside 0..1000');
  });

  it('read decimals within their range and text up to its length', () => {
    const more = { t: floatParam(1, 0, 5), prompt: textParam('hi', 5) };
    expect(readParams(new URLSearchParams('t=0.25&prompt=abc'), more).values).toEqual({
      t: 0.25,
      prompt: 'abc',
    });
    const bad = readParams(new URLSearchParams('t=1e9&prompt=toolong'), more);
    expect(bad.values).toEqual({ t: 1, prompt: 'hi' });
    expect(bad.problems).toEqual([
      'URL parameter t="1e9" is outside 0..5; using 1.',
      'URL parameter prompt="toolong" is longer than 5 characters; using hi.',
    ]);
    expect(readParams(new URLSearchParams('t=abc'), more).problems[0]).toContain('is not a number');
  });

  it('read a list of options in their own order, and refuse unknown or empty lists', () => {
    const ops = { ops: listParam(['add'], ['add', 'sub', 'mul'] as const) };
    expect(readParams(new URLSearchParams('ops=mul,add'), ops).values).toEqual({ ops: ['add', 'mul'] });
    expect(readParams(new URLSearchParams('ops=add,div'), ops)).toEqual({
      values: { ops: ['add'] },
      problems: ['URL parameter ops="add,div" names div, not one of add, sub, mul; using add.'],
    });
    expect(readParams(new URLSearchParams('ops=,'), ops).problems[0]).toContain('names none of');
  });

  it('cut a long value to its start and its length, so the message stays one short line', () => {
    const more = { prompt: textParam('hi', 5) };
    const [problem] = readParams(new URLSearchParams({ prompt: 'x'.repeat(100_000) }), more).problems;
    expect(problem).toBe(
      `URL parameter prompt="${'x'.repeat(40)}…" (100000 characters) is longer than 5 characters; using hi.`,
    );
  });

  it('word what a page adjusted as the URL layer words what it refused', () => {
    expect(paramNotice('layer', '63', "is past this model's layers 0..1", 1)).toBe(
      'URL parameter layer="63" is past this model\'s layers 0..1; using 1.',
    );
  });
});
