import { describe, expect, it } from 'vitest';
import { decode, encode, tokenId } from '../../model/tokenizer.ts';
import { BASE_MIX, categoriesOf, heldOutSet, mixtureData } from './baseMixture.ts';

describe('base mixture', () => {
  it('streams well-formed examples, the same for the same (seed, step, micro)', () => {
    const data = mixtureData(BASE_MIX, 7, new Set());
    const take = (step: number, micro: number) => {
      const next = data.stream(step, micro);
      return Array.from({ length: 200 }, next);
    };
    const examples = take(3, 1);
    expect(take(3, 1)).toEqual(examples);
    expect(take(3, 0)).not.toEqual(examples);
    const modes = new Set<string>();
    for (const { prompt, completion } of examples) {
      expect(prompt[0]).toBe(tokenId('<bos>'));
      expect(decode(prompt.slice(1))).toMatch(/^\d+[-+*]\d+=$/);
      expect(completion.at(-1)).toBe(tokenId('<eos>'));
      expect(prompt.length + completion.length).toBeLessThanOrEqual(129);
      modes.add(decode([completion[0]]));
    }
    expect([...modes].sort()).toEqual(['<budget>', '<no_think>', '<think>']);
  });

  it('holds out its evaluation problems: exact digits, distinct, never in training', () => {
    const { cases, excluded } = heldOutSet(BASE_MIX, 11, 50, ['think', 'no_think']);
    expect(cases).toHaveLength(categoriesOf(BASE_MIX).length * 50 * 2);
    const prompts = cases.filter((c) => c.category === 'add3 think').map((c) => decode(c.prompt));
    expect(new Set(prompts).size).toBe(50);
    for (const p of prompts) expect(p).toMatch(/^<bos>\d{3}\+\d{3}=<think>$/);
    const data = mixtureData(BASE_MIX, 7, excluded);
    for (let step = 1; step <= 20; step++) {
      const next = data.stream(step, 0);
      for (let i = 0; i < 100; i++) {
        expect(excluded.has(decode(next().prompt.slice(1)))).toBe(false);
      }
    }
  });

  it('judges completions: the target is correct and well formed, a wrong digit is not correct', () => {
    const { cases } = heldOutSet(BASE_MIX, 3, 1, ['think', 'no_think']);
    const think = cases.find((c) => c.category === 'add2 think');
    const noThink = cases.find((c) => c.category === 'add2 no-think');
    if (!think || !noThink) throw new Error('missing categories');
    const [, a, b] = decode(think.prompt).match(/(\d+)\+(\d+)/) as string[];
    const sum = Number(a) + Number(b);
    const steps = (x: number, y: number) => {
      let carry = 0;
      let out = '';
      for (let i = 0; i < 2; i++) {
        const [dx, dy] = [Math.floor(x / 10 ** i) % 10, Math.floor(y / 10 ** i) % 10];
        const s = dx + dy + carry;
        out += `${dx}+${dy}+${carry}=${Math.floor(s / 10)}${s % 10};`;
        carry = Math.floor(s / 10);
      }
      return out;
    };
    const good = encode(`${steps(Number(a), Number(b))}</think><answer>${sum}</answer><eos>`);
    expect(think.judge(good)).toEqual({ correct: true, formatOk: true });
    expect(think.judge(encode(`</think><answer>${sum + 1}</answer><eos>`))).toEqual({
      correct: false,
      formatOk: false,
    });
    expect(noThink.judge(encode(`</no_think><answer>${sum}</answer><eos>`))).toEqual({
      correct: true,
      formatOk: true,
    });
  });
});
