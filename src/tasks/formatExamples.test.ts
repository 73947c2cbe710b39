import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { fenced, formatExamples } from './formatExamples.ts';
import { findUnknownTag, firstOutsideVocabulary } from './text.ts';

const formatsMd = readFileSync(new URL('./FORMATS.md', import.meta.url), 'utf8');

describe('FORMATS.md', () => {
  test.each(formatExamples().map((e) => [e.id, e] as const))(
    'shows the generated %s example',
    (_id, example) => {
      expect(formatsMd).toContain(
        `Prompt:\n\n${fenced(example.prompt)}\n\nCompletion:\n\n${fenced(example.completion)}`,
      );
      expect(example.completion.endsWith('<eos>')).toBe(true);
      expect(firstOutsideVocabulary(example.prompt + example.completion)).toBe(-1);
      expect(findUnknownTag(example.prompt + example.completion)).toBeNull();
    },
  );

  test('covers every format the issue lists', () => {
    const ids = formatExamples().map((e) => e.id);
    for (const id of ['plain', 'think', 'no_think', 'budget', 'organizer', 'worker', 'judge', 'game']) {
      expect(ids).toContain(id);
    }
  });

  test('uses no tag outside the frozen list anywhere', () => {
    expect(findUnknownTag(formatsMd)).toBeNull();
  });
});
