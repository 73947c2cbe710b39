import { describe, expect, test } from 'vitest';
import {
  budgetFor,
  normaliseInteger,
  parseCompletion,
  prepareOutput,
  REASONING_MODES,
  renderCompletion,
} from './formats.ts';
import { MAX_OUTPUT_CHARS } from './text.ts';

const COT = '7+5+0=12;4+8+1=13;3+0+1=04;';

function reason(output: string): string {
  const parsed = parseCompletion(output);
  return parsed.ok ? 'ok' : parsed.reason;
}

describe('renderCompletion and parseCompletion', () => {
  test.each(REASONING_MODES)('%s round-trips', (mode) => {
    const text = renderCompletion(mode, mode === 'no_think' ? '' : COT, '432');
    const parsed = parseCompletion(text);
    expect(parsed).toEqual({
      ok: true,
      value: {
        mode,
        reasoning: mode === 'no_think' ? '' : COT,
        answer: '432',
        budget: mode === 'budget' ? 34 : null,
        used: mode === 'budget' ? 34 : null,
      },
    });
  });

  test('the four formats look as documented', () => {
    expect(renderCompletion('plain', '1+1=2;', '2')).toBe('1+1=2;<answer>2</answer><eos>');
    expect(renderCompletion('think', '1+1=2;', '2')).toBe('<think>1+1=2;</think><answer>2</answer><eos>');
    expect(renderCompletion('no_think', '', '2')).toBe('<no_think></no_think><answer>2</answer><eos>');
    expect(renderCompletion('budget', '1+1=2;', '2')).toBe(
      '<budget>11</budget><think>1+1=2;</think><answer>2</answer><eos>',
    );
    expect(renderCompletion('budget', '1+1=2;', '2', 5)).toContain('<budget>5</budget>');
  });

  test('the budget counts <think> through </answer>, one token per special token', () => {
    expect(budgetFor('', '7')).toBe(5);
    expect(budgetFor(COT, '432')).toBe(1 + 27 + 1 + 1 + 3 + 1);
    const parsed = parseCompletion(`<budget>3</budget><think>${COT}</think><answer>432</answer>`);
    expect(parsed.ok && parsed.value.used).toBe(34);
    expect(parsed.ok && parsed.value.budget).toBe(3);
  });
});

describe('parseCompletion on adversarial outputs', () => {
  const good = `<think>${COT}</think><answer>432</answer><eos>`;

  test.each([
    [
      'text after the answer',
      `<think>${COT}</think><answer>432</answer> or 433<eos>`,
      'text after </answer>',
    ],
    ['several answers', '<answer>432</answer><answer>433</answer>', 'several <answer> tags (2)'],
    ['an answer inside think', `<think><answer>1</answer></think><answer>432</answer>`, 'several <answer>'],
    ['missing </answer>', '<think>x</think><answer>432<eos>', 'unclosed <answer>'],
    ['missing <answer>', '<think>x</think>432</answer>', '</answer> without <answer>'],
    ['no answer at all', '<think>x</think>432', 'no <answer> tag'],
    ['doubled </answer>', '<answer>432</answer></answer>', 'several </answer> tags (2)'],
    ['reversed answer tags', '</answer>432<answer>', '</answer> before <answer>'],
    ['missing </think>', `<think>${COT}<answer>432</answer>`, 'unclosed <think>'],
    ['doubled <think>', `<think><think>${COT}</think><answer>432</answer>`, 'doubled or misplaced <think>'],
    [
      'text between think and answer',
      `<think>x</think>so<answer>432</answer>`,
      'text between </think> and <answer>',
    ],
    ['leading text before think', ` <think>x</think><answer>432</answer>`, 'misplaced <think>'],
    ['missing <think>', `${COT}</think><answer>432</answer>`, 'misplaced </think>'],
    ['non-empty no_think', '<no_think>432</no_think><answer>432</answer>', '<no_think> must be followed'],
    ['unclosed budget', '<budget>34<think>x</think><answer>4</answer>', 'unclosed <budget>'],
    [
      'budget that is not a number',
      '<budget>-3</budget><think>x</think><answer>4</answer>',
      'budget must be',
    ],
    ['budget without think', '<budget>3</budget><answer>4</answer>', 'expected <think>'],
    ['stray pad', '<pad><answer>4</answer>', 'stray <pad>'],
    ['empty output', '', 'empty output'],
    ['only whitespace', ' \n ', 'empty output'],
    ['only eos', '<eos>', 'empty output'],
    ['unicode', '<answer>４３２</answer>', "character U+FF14 '４' is outside the vocabulary"],
    ['tab', '<answer>\t432</answer>', 'outside the vocabulary'],
  ])('%s is rejected', (_name, output, expected) => {
    expect(reason(output)).toContain(expected);
  });

  test('text after <eos> is ignored and trailing whitespace allowed', () => {
    expect(reason(`${good}<answer>999</answer>`)).toBe('ok');
    expect(reason(`<think>${COT}</think><answer>432</answer> \n`)).toBe('ok');
    expect(reason(`<think>${COT}</think><answer>432</answer>`)).toBe('ok');
  });

  test('an enormous output is rejected by its length before any parsing, fast', () => {
    const huge = `<think>${'1'.repeat(5_000_000)}</think><answer>432</answer>`;
    const start = performance.now();
    expect(prepareOutput(huge)).toEqual({
      ok: false,
      reason: `output too long: ${huge.length} characters > ${MAX_OUTPUT_CHARS}`,
    });
    expect(reason('<answer>'.repeat(500))).toContain('several <answer>');
    expect(performance.now() - start).toBeLessThan(50);
  });
});

describe('normaliseInteger', () => {
  test.each([
    ['432', '432'],
    [' 432\n', '432'],
    ['0432', '432'],
    ['000', '0'],
    ['-0', '0'],
    ['-007', '-7'],
    ['-12', '-12'],
  ])('%j -> %j', (raw, expected) => {
    expect(normaliseInteger(raw)).toBe(expected);
  });

  test.each(['', ' ', '+432', '4 32', '4,32', '43.2', '432a', '--4', '-', '４３２', '1'.repeat(21), '0x1A'])(
    '%j is not an integer',
    (raw) => {
      expect(normaliseInteger(raw)).toBeNull();
    },
  );
});
