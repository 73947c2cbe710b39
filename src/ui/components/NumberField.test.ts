// What a number field commits: only drafts its parameter's spec accepts; the rest are named.
import { describe, expect, it } from 'vitest';
import { floatParam, intParam } from '../url.ts';
import { draftProblem } from './NumberField.tsx';

describe('a number field draft', () => {
  it('commits whole numbers in range and names the rest', () => {
    const rows = intParam(64, 8, 4096);
    expect(draftProblem('16', rows)).toBeNull();
    expect(draftProblem(' 16 ', rows)).toBeNull();
    expect(draftProblem('1', rows)).toBe('is outside 8..4096');
    expect(draftProblem('5000', rows)).toBe('is outside 8..4096');
    expect(draftProblem('1.5', rows)).toBe('is not a whole number');
    expect(draftProblem('', rows)).toBe('is empty');
  });

  it('takes decimals where the spec does', () => {
    const lr = floatParam(0.003, 1e-6, 1);
    expect(draftProblem('0.0005', lr)).toBeNull();
    expect(draftProblem('1e-4', lr)).toBeNull();
    expect(draftProblem('2', lr)).toBe('is outside 0.000001..1');
  });
});
