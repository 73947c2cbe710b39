// The task worlds' markers (tasks/markers.ts) are the model's special tokens, in order: each
// encodes as one token, and the tasks count it as one.
import { describe, expect, it } from 'vitest';
import { SPECIAL_TOKENS } from '../model/specialTokens.ts';
import { encode } from '../model/tokenizer.ts';
import { TASK_MARKERS } from '../tasks/markers.ts';
import { tokenLength } from '../tasks/text.ts';

describe('task markers and the vocabulary', () => {
  it('are the special tokens, one token each, counted alike', () => {
    expect([...TASK_MARKERS]).toEqual([...SPECIAL_TOKENS]);
    for (const marker of TASK_MARKERS) {
      expect(encode(marker)).toHaveLength(1);
      expect(tokenLength(marker)).toBe(1);
    }
  });
});
