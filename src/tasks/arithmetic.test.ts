import { describe, expect, test } from 'vitest';
import { arithmeticWorld, drawOperands, makeArithmeticProblem } from './arithmetic.ts';
import { REASONING_MODES } from './formats.ts';
import { generateProblem } from './index.ts';
import { Rng } from './rng.ts';

const problem = makeArithmeticProblem('add', 347, 85, 3);

describe('arithmetic world', () => {
  test('renders the documented think target', () => {
    expect(problem.prompt).toBe('347+85=');
    expect(problem.target).toBe('<think>7+5+0=12;4+8+1=13;3+0+1=04;</think><answer>432</answer><eos>');
    expect(problem.answer).toBe('432');
  });

  test('digit counts follow the difficulty; subtraction never goes negative', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 300; i++) {
      for (const d of [1, 2, 3, 4]) {
        const [a, b] = drawOperands(rng, 'add', d);
        expect(Math.max(String(a).length, String(b).length)).toBe(d);
        const [x, y] = drawOperands(rng, 'sub', d);
        expect(String(x).length).toBe(d);
        expect(y).toBeLessThanOrEqual(x);
        const [m, k] = drawOperands(rng, 'mul', d);
        expect([String(m).length, String(k).length]).toEqual(d === 4 ? [2, 2] : [d, 1]);
      }
    }
  });

  test('every format of every operation verifies its own target', () => {
    for (const format of REASONING_MODES) {
      for (const op of ['add', 'sub', 'mul'] as const) {
        for (let seed = 0; seed < 30; seed++) {
          const p = generateProblem(arithmeticWorld, seed, 1 + (seed % 4), {
            op,
            format,
            verbose: seed % 2 === 0,
          });
          expect(arithmeticWorld.verify(p, p.target)).toEqual({
            reward: 1,
            reason: 'correct',
            extracted: p.answer,
          });
          expect(p.target.startsWith(format === 'plain' ? p.reasoning : `<${format}>`)).toBe(true);
        }
      }
    }
  });

  test('the verbose CoT adds filler around the same steps', () => {
    const verbose = makeArithmeticProblem('add', 347, 85, 3, 'think', true);
    expect(verbose.reasoning).toBe('restate 347+85;7+5+0=12;4+8+1=13;3+0+1=04;check 432 ok;');
  });

  test('a verifier accepts any format, whatever format the target used', () => {
    expect(arithmeticWorld.verify(problem, '<no_think></no_think><answer>432</answer>').reward).toBe(1);
    expect(arithmeticWorld.verify(problem, 'quick<answer>432</answer><eos>').reward).toBe(1);
  });

  test('a budget is respected or the answer is rejected', () => {
    const within = '<budget>12</budget><think>x</think><answer>432</answer>';
    expect(arithmeticWorld.verify(problem, within)).toEqual({
      reward: 1,
      reason: 'correct',
      extracted: '432',
    });
    const over = '<budget>6</budget><think>x</think><answer>432</answer>';
    expect(arithmeticWorld.verify(problem, over)).toEqual({
      reward: 0,
      reason: 'over budget: used 8 tokens > budget 6',
      extracted: '432',
    });
    const wrongWithin = '<budget>50</budget><think>x</think><answer>433</answer>';
    expect(arithmeticWorld.verify(problem, wrongWithin).reason).toBe('wrong answer: got 433, expected 432');
  });

  test.each([
    ['leading zeros', '<answer>0432</answer>', 1, 'correct'],
    ['surrounding spaces', '<answer> 432 </answer>', 1, 'correct'],
    ['a plus sign', '<answer>+432</answer>', 0, 'answer is not an integer: "+432"'],
    ['a minus sign', '<answer>-432</answer>', 0, 'wrong answer: got -432, expected 432'],
    ['a wrong number', '<think>x</think><answer>433</answer>', 0, 'wrong answer: got 433, expected 432'],
    ['words', '<answer>four hundred</answer>', 0, 'answer is not an integer'],
    ['an empty answer', '<answer></answer>', 0, 'answer is not an integer: ""'],
    ['two answers', '<answer>432</answer><answer>432</answer>', 0, 'several <answer> tags (2)'],
    ['extra text', '<answer>432</answer>, I think', 0, 'text after </answer>'],
    ['unicode digits', '<answer>４３２</answer>', 0, 'outside the vocabulary'],
    ['the bare number', '432', 0, 'no <answer> tag'],
    ['empty output', '', 0, 'empty output'],
    ['enormous output', `<answer>432</answer>${' '.repeat(10_000)}`, 0, 'output too long'],
  ])('%s', (_name, output, reward, reason) => {
    const verdict = arithmeticWorld.verify(problem, output);
    expect(verdict.reward).toBe(reward);
    expect(verdict.reason).toContain(reason);
  });

  test('-0 counts as 0', () => {
    const zero = makeArithmeticProblem('sub', 5, 5, 1);
    expect(arithmeticWorld.verify(zero, '<answer>-0</answer>').reward).toBe(1);
    expect(arithmeticWorld.extractAnswer('<answer>-00</answer>')).toBe('0');
  });

  test('bad options and difficulties are errors', () => {
    expect(() => makeArithmeticProblem('sub', 3, 5, 1)).toThrow(RangeError);
    expect(() => generateProblem(arithmeticWorld, 1, 5)).toThrow(/difficulty 5 is not one of 1, 2, 3, 4/);
  });
});
