import { describe, expect, test } from 'vitest';
import { addSteps, arithmeticSteps, compute, mulSteps, questionText, subSteps } from './arithmeticCot.ts';

/** Reads a CoT's answer the way the model must: final carry, then the last steps' digits reversed. */
function readAnswer(cot: string): string {
  const afterPartials = cot.slice(cot.lastIndexOf('|') + 1).replace(/^[0-9]+;/, '');
  const steps = afterPartials.split(';').filter((s) => s.length > 0);
  for (const step of steps) expect(step).toMatch(/^[0-9][-+*][0-9][-+][0-9]=[0-9]{2}$/);
  const digits = steps.map((s) => s[7]).reverse();
  const carry = steps[steps.length - 1][6];
  const text = (cot.includes('-') ? '' : carry) + digits.join('');
  return text.replace(/^0+(?=[0-9])/, '');
}

describe('arithmetic chain of thought', () => {
  test('matches the sizing study examples exactly', () => {
    expect(addSteps(347, 85)).toBe('7+5+0=12;4+8+1=13;3+0+1=04;');
    expect(subSteps(347, 85)).toBe('7-5-0=02;4-8-0=16;3-0-1=02;');
    expect(mulSteps(347, 8)).toBe('7*8+0=56;4*8+5=37;3*8+3=27;');
    expect(mulSteps(47, 86)).toBe(
      '7*6+0=42;4*6+4=28;|2820;7*8+0=56;4*8+5=37;|0673;2+0+0=02;8+6+0=14;2+7+1=10;0+3+1=04;',
    );
    expect(questionText('mul', 47, 86)).toBe('47*86=');
  });

  test('every step is 9 characters and the CoT reads back the true result (add, sub)', () => {
    for (let a = 0; a <= 130; a++) {
      for (let b = 0; b <= 130; b++) {
        expect(readAnswer(addSteps(a, b))).toBe(String(a + b));
        if (b <= a) expect(readAnswer(subSteps(a, b))).toBe(String(a - b));
      }
    }
  });

  test('the CoT reads back the true product for one- and two-digit multipliers', () => {
    for (let a = 0; a <= 999; a += 7) {
      for (let b = 0; b <= 99; b++) expect(readAnswer(mulSteps(a, b))).toBe(String(a * b));
    }
  });

  test('subtraction below zero and three-digit multipliers are refused', () => {
    expect(() => subSteps(3, 5)).toThrow(RangeError);
    expect(() => mulSteps(3, 100)).toThrow(RangeError);
    expect(arithmeticSteps('sub', 5, 3)).toBe('5-3-0=02;');
    expect(compute('sub', 5, 3)).toBe(2);
  });
});
