// The one interval verdict: its three cases, and an interval that touches 0 counts as including it.
import { describe, expect, it } from 'vitest';
import { intervalVerdict } from './verdict.ts';

describe('the interval verdict', () => {
  it('says higher above 0, lower below 0, and no detectable difference across 0', () => {
    expect(intervalVerdict({ low: 0.01, high: 0.2 }, 'CraEG')).toEqual({
      direction: 'higher',
      words: 'CraEG higher',
    });
    expect(intervalVerdict({ low: -0.2, high: -0.01 }, 'multiplex')).toEqual({
      direction: 'lower',
      words: 'multiplex lower',
    });
    expect(intervalVerdict({ low: -0.004, high: 0.066 }, 'multiplex')).toEqual({
      direction: 'no detectable difference',
      words: 'no detectable difference (interval includes 0)',
    });
  });

  it('counts an interval that ends at 0 or is 0 as including 0', () => {
    for (const interval of [
      { low: 0, high: 0.1 },
      { low: -0.1, high: 0 },
      { low: 0, high: 0 },
    ]) {
      expect(intervalVerdict(interval, 'x').direction).toBe('no detectable difference');
    }
    expect(intervalVerdict({ low: Number.MIN_VALUE, high: 1 }, 'x').direction).toBe('higher');
    expect(intervalVerdict({ low: -1, high: -Number.MIN_VALUE }, 'x').direction).toBe('lower');
  });
});
