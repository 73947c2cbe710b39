import { describe, expect, test } from 'vitest';
import { compute } from './arithmeticCot.ts';
import { generateProblem } from './index.ts';
import { judgeWorld, plausibleSlip } from './judge.ts';
import { Rng } from './rng.ts';

describe('judge world', () => {
  test('exactly one candidate is right, in both positions', () => {
    const positions = new Set<number>();
    for (let seed = 0; seed < 200; seed++) {
      const p = generateProblem(judgeWorld, seed, 1 + (seed % 4));
      const truth = String(compute(p.op, p.a, p.b));
      expect(p.candidates[p.correctIndex - 1]).toBe(truth);
      expect(p.candidates[2 - p.correctIndex]).not.toBe(truth);
      expect(p.answer).toBe(String(p.correctIndex));
      expect(p.prompt).toBe(
        `judge:${p.a}${{ add: '+', sub: '-', mul: '*' }[p.op]}${p.b}\n1:${p.candidates[0]}\n2:${p.candidates[1]}\n`,
      );
      positions.add(p.correctIndex);
    }
    expect(positions).toEqual(new Set([1, 2]));
  });

  test('the wrong candidate is one place off and never negative', () => {
    const rng = new Rng(1);
    for (const result of [0, 7, 10, 432, 1000]) {
      for (let i = 0; i < 50; i++) {
        const slip = plausibleSlip(rng, result);
        expect(slip).toBeGreaterThanOrEqual(0);
        expect(Math.log10(Math.abs(slip - result)) % 1).toBe(0);
      }
    }
  });

  test('the reasoning recomputes and names the candidate it matches', () => {
    const p = generateProblem(judgeWorld, 4, 3, { op: 'add' });
    expect(p.target).toMatch(
      new RegExp(
        `^<think>([0-9]\\+[0-9]\\+[0-9]=[0-9]{2};)+${p.candidates[p.correctIndex - 1]} is ${p.correctIndex}</think><answer>${p.correctIndex}</answer><eos>$`,
      ),
    );
    const direct = generateProblem(judgeWorld, 4, 3, { op: 'add', format: 'no_think' });
    expect(direct.target).toBe(`<no_think></no_think><answer>${direct.answer}</answer><eos>`);
  });

  test.each([
    ['the right verdict', (k: string) => `<think>x</think><answer>${k}</answer>`, 1, 'correct'],
    ['spaces around the verdict', (k: string) => `<answer> ${k}\n</answer>`, 1, 'correct'],
    ['the wrong verdict', (k: string) => `<answer>${k === '1' ? '2' : '1'}</answer>`, 0, 'wrong answer'],
    ['a tie', () => '<answer>both</answer>', 0, 'answer is not a verdict 1 or 2'],
    ['a leading zero', (k: string) => `<answer>0${k}</answer>`, 0, 'not a verdict'],
    ['the candidate value instead of its index', () => '<answer>432</answer>', 0, 'not a verdict'],
    ['two verdicts', () => '<answer>1</answer><answer>2</answer>', 0, 'several <answer>'],
    ['a missing closing tag', (k: string) => `<answer>${k}`, 0, 'unclosed <answer>'],
    ['unicode', () => '<answer>１</answer>', 0, 'outside the vocabulary'],
    ['empty output', () => '', 0, 'empty output'],
    [
      'enormous output',
      (k: string) => `<think>${'x'.repeat(9000)}</think><answer>${k}</answer>`,
      0,
      'too long',
    ],
  ])('%s', (_name, output, reward, reason) => {
    const p = generateProblem(judgeWorld, 11, 2);
    const verdict = judgeWorld.verify(p, output(p.answer));
    expect(verdict.reward).toBe(reward);
    expect(verdict.reason).toContain(reason);
  });
});
