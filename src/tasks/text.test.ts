import { describe, expect, test } from 'vitest';
import {
  countOccurrences,
  describeChar,
  findUnknownTag,
  firstOutsideVocabulary,
  splitTokens,
  tokenLength,
} from './text.ts';

describe('text', () => {
  test('special tokens count as one token, other characters as one each', () => {
    expect(tokenLength('<think>7+5</think>')).toBe(5);
    expect(splitTokens('a<eos>\n<thin')).toEqual(['a', '<eos>', '\n', '<', 't', 'h', 'i', 'n']);
    expect(tokenLength('')).toBe(0);
    expect(tokenLength('<reserved_15><no_think>')).toBe(2);
  });

  test('the vocabulary is printable ASCII and newline only', () => {
    expect(firstOutsideVocabulary('ok ~ text\n<answer>')).toBe(-1);
    expect(firstOutsideVocabulary('4\t2')).toBe(1);
    expect(firstOutsideVocabulary('４')).toBe(0);
    expect(firstOutsideVocabulary('a\u00e9')).toBe(1);
    expect(describeChar('x４', 1)).toBe("U+FF14 '４'");
  });

  test('tags outside the frozen list are found', () => {
    expect(findUnknownTag('<think>a</think><answer>1</answer><eos>')).toBeNull();
    expect(findUnknownTag('<bos><nothink>1')).toBe('<nothink>');
    expect(findUnknownTag('a<b and c>d')).toBeNull();
  });

  test('occurrences are counted without overlap', () => {
    expect(countOccurrences('<answer>1</answer><answer>', '<answer>')).toBe(2);
    expect(countOccurrences('aaaa', 'aa')).toBe(2);
    expect(countOccurrences('', 'a')).toBe(0);
  });
});
