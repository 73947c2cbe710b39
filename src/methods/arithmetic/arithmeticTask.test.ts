// The arithmetic task through the adapter: prompts end with the forced mode token, the reward is
// the world's verdict on the response, steps are reproducible, held-out problems never reach
// training, and the token budget is the longest correct response.
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../model/tokenizer.ts';
import { type ArithmeticTask, arithmeticAdapter, longestResponse } from './arithmeticTask.ts';

const TASK: ArithmeticTask = { difficulty: 2, ops: ['add', 'sub'], mode: 'no_think' };
const arithmeticRlData = (task: ArithmeticTask, seed: number, excluded: Set<string>) =>
  arithmeticAdapter(task).rlData(seed, excluded);
const arithmeticHeldOut = (task: ArithmeticTask, seed: number, n: number) =>
  arithmeticAdapter(task).heldOut(seed, n);

describe('the arithmetic task', () => {
  it('forces the mode after the prompt and rewards a correct response only', () => {
    const { prompts, reward } = arithmeticRlData(TASK, 1, new Set()).batch(1, 4);
    expect(prompts).toHaveLength(4);
    const text = decode(prompts[0]);
    expect(text).toMatch(/^<bos>\d+[-+]\d+=<no_think>$/);
    const [, a, op, b] = text.match(/^<bos>(\d+)([-+])(\d+)=/) as RegExpMatchArray;
    const result = op === '+' ? Number(a) + Number(b) : Number(a) - Number(b);
    const right = encode(`</no_think><answer>${result}</answer><eos>`);
    const wrong = encode(`</no_think><answer>${result + 1}</answer><eos>`);
    expect(reward(0, right, 'eos')).toEqual({ reward: 1, reason: 'correct', extracted: String(result) });
    expect(reward(0, wrong, 'eos').reward).toBe(0);
    expect(reward(0, wrong, 'eos').reason).toMatch(/expected/);
  });

  it('gives the same prompts for the same (seed, step) and others for the next step', () => {
    const data = arithmeticRlData(TASK, 3, new Set());
    expect(data.batch(5, 8).prompts).toEqual(arithmeticRlData(TASK, 3, new Set()).batch(5, 8).prompts);
    expect(data.batch(6, 8).prompts).not.toEqual(data.batch(5, 8).prompts);
  });

  it('keeps held-out problems out of training and judges them', () => {
    const heldOut = arithmeticHeldOut(TASK, 9, 200);
    expect(heldOut.cases).toHaveLength(200);
    expect(new Set(heldOut.cases.map((c) => decode(c.prompt))).size).toBe(200);
    const data = arithmeticRlData(TASK, 9, heldOut.excluded);
    const heldPrompts = new Set(heldOut.cases.map((c) => decode(c.prompt)));
    for (let step = 1; step <= 50; step++) {
      for (const prompt of data.batch(step, 16).prompts) expect(heldPrompts.has(decode(prompt))).toBe(false);
    }
    const first = heldOut.cases[0];
    expect(first.category).toMatch(/^(add|sub)2 no-think$/);
    expect(first.judge(encode('</no_think><answer>x</answer><eos>'))).toEqual({
      correct: false,
      formatOk: false,
    });
  });

  it('refuses a level the world does not have', () => {
    expect(() => arithmeticRlData({ ...TASK, difficulty: 5 }, 1, new Set())).toThrow(/difficulty 5/);
  });
});

describe('the longest response of a level', () => {
  it('is the token count of the largest operands’ target after the forced mode token', () => {
    // <think> 9*9+0=81;9*9+8=89;|1980;9*9+0=81;9*9+8=89;|0198;1+0+0=01;9+1+0=10;8+9+1=18;0+8+1=09;
    // </think><answer>9801</answer><eos>: 93 tokens with <think>.
    expect(longestResponse({ difficulty: 4, ops: ['mul'], mode: 'think' })).toBe(92);
    expect(longestResponse({ difficulty: 2, ops: ['add', 'sub'], mode: 'no_think' })).toBe(
      encode('</no_think><answer>198</answer><eos>').length,
    );
  });
});

describe('posing a problem', () => {
  it('splits the forced prefix from the target and masks every target token in', () => {
    const adapter = arithmeticAdapter({ difficulty: 1, ops: ['add'], mode: 'think' });
    const [posed] = adapter.problems(4, 1);
    expect(decode(posed.prompt)).toBe(`<bos>${posed.problem.prompt}<think>`);
    expect(decode(posed.prefix)).toBe('<think>');
    expect(decode([...posed.prefix, ...posed.target])).toBe(posed.problem.target);
    expect(posed.mask).toEqual(posed.target.map(() => 1));
    expect(posed.id).toBe(posed.problem.prompt);
    expect(adapter.judge(posed.problem, posed.target).reward).toBe(1);
    expect(adapter.spec.tokenBudget).toBe(longestResponse({ difficulty: 1, ops: ['add'], mode: 'think' }));
  });
});

describe('the mode token as a response token', () => {
  it('leaves it out of the prompt and judges the response that opens with it', () => {
    const adapter = arithmeticAdapter(TASK);
    const { prompts, reward } = adapter.rlData(1, new Set(), 'response').batch(1, 2);
    expect(decode(prompts[0])).toMatch(/^<bos>\d+[-+]\d+=$/);
    const [, a, op, b] = decode(prompts[0]).match(/^<bos>(\d+)([-+])(\d+)=/) as RegExpMatchArray;
    const result = op === '+' ? Number(a) + Number(b) : Number(a) - Number(b);
    expect(reward(0, encode(`<no_think></no_think><answer>${result}</answer><eos>`), 'eos').reward).toBe(1);
    expect(adapter.prefixRollouts().name).toBe('forced prefix');
  });
});
