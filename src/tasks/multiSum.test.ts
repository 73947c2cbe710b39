import { describe, expect, test } from 'vitest';
import { generateProblem } from './index.ts';
import { chainSum, multiSumWorld, randomSchedule, splitIntoGroups, verifyWorker } from './multiSum.ts';
import { checkOrganizerProtocol } from './organizerProtocol.ts';
import { Rng } from './rng.ts';

describe('multi-sum world', () => {
  test('running totals add one term per step', () => {
    expect(chainSum([12, 7, 30])).toBe('12+7=19;19+30=49;');
  });

  test('groups are consecutive, of 2-4 terms, and cover every term', () => {
    const rng = new Rng(1);
    for (const n of [4, 6, 8, 10, 12]) {
      for (let i = 0; i < 200; i++) {
        const sizes = splitIntoGroups(rng, n);
        expect(sizes.reduce((s, x) => s + x, 0)).toBe(n);
        expect(sizes.length).toBeGreaterThanOrEqual(2);
        for (const size of sizes) expect(size).toBeGreaterThanOrEqual(2);
        for (const size of sizes) expect(size).toBeLessThanOrEqual(4);
      }
    }
  });

  test('schedules fork in order, join every worker once and never exceed the pool', () => {
    const rng = new Rng(2);
    const shapes = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const events = randomSchedule(rng, 3, 2);
      shapes.add(events.join(','));
      expect(events.filter((e) => e[0] === 'f')).toEqual(['f1', 'f2', 'f3']);
      expect(events.filter((e) => e[0] === 'j').sort()).toEqual(['j1', 'j2', 'j3']);
      let running = 0;
      for (const e of events) {
        running += e[0] === 'f' ? 1 : -1;
        expect(running).toBeLessThanOrEqual(2);
      }
    }
    expect(shapes.size).toBeGreaterThan(5);
  });

  test('the organizer, worker and sequential targets all verify and agree', () => {
    for (let seed = 0; seed < 100; seed++) {
      const p = generateProblem(multiSumWorld, seed, [4, 6, 8, 10, 12][seed % 5]);
      expect(p.answer).toBe(String(p.terms.reduce((s, t) => s + t, 0)));
      expect(multiSumWorld.verify(p, p.target).reward).toBe(1);
      expect(multiSumWorld.verify(p, p.sequentialTarget).reward).toBe(1);
      expect(p.workers.map((w) => w.query).join('+')).toBe(p.terms.join('+'));
      for (const w of p.workers)
        expect(verifyWorker(w, w.target)).toEqual({ reward: 1, reason: 'correct', extracted: w.answer });
    }
  });

  test('options set the pool size and the term range', () => {
    const p = generateProblem(multiSumWorld, 5, 12, { maxActive: 1, maxTerm: 9 });
    for (const t of p.terms) expect(t).toBeLessThanOrEqual(9);
    expect(p.target).not.toMatch(/<\/fork><fork>/);
    expect(multiSumWorld.verify(p, p.target).reward).toBe(1);
  });
});

describe('organizer protocol', () => {
  const p = generateProblem(multiSumWorld, 3, 6);
  const verify = (output: string) => multiSumWorld.verify(p, output).reason;
  const answer = `<answer>${p.answer}</answer>`;

  test.each([
    ['duplicate fork index', '<fork>1:1+2</fork><fork>1:3+4</fork>', 'fork index 1 used twice'],
    ['pool overflow', '<fork>1:1+2</fork><fork>2:3+4</fork><fork>3:5+6</fork>', 'pool overflow'],
    [
      'join of an unknown worker',
      '<fork>1:1+2</fork><join>2</join>',
      'join of worker 2, which was never forked',
    ],
    ['double join', '<fork>1:1+2</fork><join>1</join><join>1</join>', 'worker 1 joined twice'],
    ['malformed fork', '<fork>1:one+two</fork>', 'malformed fork'],
    ['fork without index', '<fork>1+2</fork>', 'malformed fork'],
    ['unclosed fork', '<fork>1:1+2', 'unclosed <fork>'],
    ['stray closing tag', '</join>', 'stray </join>'],
    ['ret without join', '<ret>3</ret>', '<ret> that does not directly follow </join>'],
    [
      'two rets for one join',
      '<fork>1:1+2</fork><join>1</join><ret>3</ret><ret>3</ret>',
      'does not directly follow',
    ],
    ['nested tags', '<fork>1:<join>1</join></fork>', 'nested tag'],
  ])('%s is rejected', (_name, trace, reason) => {
    expect(verify(`${trace}${answer}`)).toContain(reason);
  });

  test('a legal trace with the wrong total is wrong, a sequential one is fine', () => {
    expect(verify(`<fork>1:1+2</fork><join>1</join><ret>3</ret><answer>1</answer>`)).toContain(
      'wrong answer',
    );
    expect(verify(`12+3=15;${answer}`)).toBe('correct');
    expect(verify(`<fork>1:1+2</fork>${answer}`)).toBe('correct');
  });

  test('events are reported in order', () => {
    const parsed = checkOrganizerProtocol(
      '<fork>1:1+2</fork><fork>2:3</fork><join>2</join><ret>3</ret><join>1</join>',
      2,
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        forks: [
          { index: 1, query: '1+2' },
          { index: 2, query: '3' },
        ],
        joins: [2, 1],
        returns: ['3'],
      },
    });
  });

  test.each([
    ['missing ret', '12+3=15;', 'expected one <ret>'],
    ['two rets', '<ret>15</ret><ret>15</ret>', 'expected one <ret>'],
    ['text after ret', '<ret>15</ret> ok', 'expected one <ret>'],
    ['wrong sum', '<ret>16</ret>', 'wrong answer'],
    ['empty', '', 'empty output'],
  ])('a worker output with %s is rejected', (_name, output, reason) => {
    const worker = { index: 1, query: '12+3', prompt: '12+3=', target: '', answer: '15' };
    expect(verifyWorker(worker, output).reason).toContain(reason);
  });
});
