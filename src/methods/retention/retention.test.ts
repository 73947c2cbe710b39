// The retention panel: chosen from a card (lab-base's real figures), its problems the card's own
// held-out set, never a replay or training prompt; replay prompts in the panel's modes, judged by
// the world; the change since the start with hand-computed intervals and verdicts.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../model/tokenizer.ts';
import { BASE_MIX, heldOutSet } from '../sft/baseMixture.ts';
import { longestReplayResponse, replayData } from './replayData.ts';
import { RETENTION_MARGIN, retentionChange } from './retentionChange.ts';
import {
  type CardAccuracy,
  cardRetentionFacts,
  defaultRetention,
  PANEL_LEVELS,
  retentionPanel,
  retentionProblem,
  targetCategories,
} from './retentionPanel.ts';

/** lab-base's card (public/models/lab-base/card.json, heldOut), as counts. */
const LAB_BASE: CardAccuracy[] = [
  ['add2 think', 200],
  ['add2 no-think', 2],
  ['sub2 think', 200],
  ['sub2 no-think', 2],
  ['add3 think', 198],
  ['add3 no-think', 0],
  ['add4 think', 200],
  ['add4 no-think', 0],
  ['mul2x1 think', 199],
  ['mul2x1 no-think', 14],
  ['mul2x2 think', 174],
  ['mul2x2 no-think', 1],
].map(([category, correct]) => ({ category: category as string, n: 200, correct: correct as number }));

const MUL3X1 = { difficulty: 3, ops: ['mul' as const], mode: 'think' as const };
const ADD2 = { difficulty: 2, ops: ['add' as const, 'sub' as const], mode: 'think' as const };

describe('the retention panel', () => {
  it('holds what the card says the model solved, less the task RL trains on', () => {
    const panel = defaultRetention({ heldOut: LAB_BASE, seed: 2 }, MUL3X1, 50);
    expect(panel).toEqual({
      categories: ['add2 think', 'sub2 think', 'add3 think', 'add4 think', 'mul2x1 think', 'mul2x2 think'],
      perCategory: 50,
      seed: 2,
    });
    expect(targetCategories(ADD2)).toEqual(['add2 think', 'sub2 think']);
    expect(defaultRetention({ heldOut: LAB_BASE, seed: 2 }, ADD2, 50).categories).toEqual([
      'add3 think',
      'add4 think',
      'mul2x1 think',
      'mul2x2 think',
    ]);
    expect(targetCategories({ difficulty: 4, ops: ['mul'], mode: 'think' })).toEqual(['mul2x2 think']);
    const cardless = defaultRetention(null, MUL3X1, 10);
    expect(cardless.categories).toEqual(
      PANEL_LEVELS.filter((l) => l.mode === 'think').map((l) => l.category),
    );
    expect(cardless.seed).toBe(2);
  });

  it('reads its facts from a card, and none from a card without them', () => {
    const card = JSON.parse(readFileSync('public/models/lab-base/card.json', 'utf8'));
    expect(cardRetentionFacts(card)).toEqual({ heldOut: LAB_BASE, seed: 2 });
    const tiny = JSON.parse(readFileSync('public/models/tiny-test/card.json', 'utf8'));
    expect(cardRetentionFacts(tiny)).toBeNull();
    expect(cardRetentionFacts(null)).toBeNull();
    expect(
      cardRetentionFacts({ heldOut: [{ category: 'add2 think', n: 'x' }], settings: { seed: 1 } }),
    ).toBeNull();
  });

  it('draws its problems from the card’s own held-out set, which no RL or replay prompt shows', () => {
    const settings = { categories: ['add3 think', 'mul2x2 think'], perCategory: 7, seed: 2 };
    const panel = retentionPanel(settings);
    expect(panel.cases.map((c) => c.category)).toEqual([
      ...Array(7).fill('add3 think'),
      ...Array(7).fill('mul2x2 think'),
    ]);
    const card = heldOutSet(BASE_MIX, 2, 200, ['think', 'no_think']);
    const cardPrompts = new Set(card.cases.map((c) => decode(c.prompt)));
    for (const c of panel.cases) expect(cardPrompts.has(decode(c.prompt))).toBe(true);
    expect(panel.excluded).toEqual(card.excluded);
    // 99*99 is the longest: 93 tokens with <think>, 92 after it, then 8 of slack.
    expect(panel.maxNewTokens).toBe(92 + 8);
    const mul = panel.cases[7];
    const [a, b] = (decode(mul.prompt).match(/(\d+)\*(\d+)=/) as RegExpMatchArray).slice(1).map(Number);
    expect(decode(mul.prompt).endsWith('<think>')).toBe(true);
    expect(mul.judge(encode(`</think><answer>${a * b}</answer><eos>`)).correct).toBe(true);
    expect(mul.judge(encode(`</think><answer>${a * b + 1}</answer><eos>`)).correct).toBe(false);

    const replay = replayData(panel.levels, 5, panel.excluded);
    if (!replay) throw new Error('a panel with levels has replay data');
    for (let step = 1; step <= 30; step++) {
      const { prompts, reward } = replay.batch(step, 6);
      prompts.forEach((prompt, i) => {
        const text = decode(prompt);
        expect(text).toMatch(/^<bos>\d+[+*]\d+=<think>$/);
        expect(cardPrompts.has(text)).toBe(false);
        const [, x, op, y] = text.match(/^<bos>(\d+)([+*])(\d+)=/) as RegExpMatchArray;
        const value = op === '+' ? Number(x) + Number(y) : Number(x) * Number(y);
        expect(reward(i, encode(`</think><answer>${value}</answer><eos>`), 'eos').reward).toBe(1);
      });
    }
    expect(longestReplayResponse(panel.levels)).toBe(92);
    expect(replayData([], 5, panel.excluded)).toBeNull();
  });

  it('says what is wrong with a panel that cannot run', () => {
    const ok = { categories: ['add3 think'], perCategory: 50, seed: 2 };
    expect(retentionProblem(ok, MUL3X1)).toBeNull();
    expect(retentionProblem({ ...ok, categories: ['add9 think'] }, MUL3X1)).toMatch(
      /add9 think is not a category/,
    );
    expect(retentionProblem({ ...ok, categories: ['add2 think'] }, ADD2)).toMatch(/the task RL trains on/);
    expect(retentionProblem({ ...ok, perCategory: 0 }, MUL3X1)).toMatch(/outside 1\.\.200/);
    expect(retentionProblem({ ...ok, categories: [], perCategory: 0 }, MUL3X1)).toBeNull();
  });
});

describe('the change of a retention panel', () => {
  const cat = (name: string, correct: number, n = 100) => ({ name, n, correct, formatOk: n });

  it('flags a category whose interval lies below 0 and pools the panel', () => {
    const start = [cat('mul2x2 think', 86), cat('add3 think', 98)];
    const change = retentionChange(start, [cat('mul2x2 think', 2), cat('add3 think', 97)]);
    if (!change) throw new Error('matched categories give a change');
    const [mul, add] = change.categories;
    expect(mul.lost).toBe(true);
    expect(mul.difference.mean).toBeCloseTo(-0.84, 10);
    expect(add.lost).toBe(false);
    expect(add.difference.mean).toBeCloseTo(-0.01, 10);
    expect(change.pooled.start).toEqual({ correct: 184, n: 200 });
    expect(change.pooled.now).toEqual({ correct: 99, n: 200 });
    expect(change.verdict).toBe('lost');
  });

  it('keeps a panel whose pooled interval lies above minus the margin, and says undecided between', () => {
    expect(RETENTION_MARGIN).toBe(0.05);
    const start = [cat('a', 950, 1000)];
    expect(retentionChange(start, [cat('a', 950, 1000)])?.verdict).toBe('kept');
    // 95/100 → 90/100: −5 points with an interval of about (−0.13, +0.03).
    const small = retentionChange([cat('a', 95)], [cat('a', 90)]);
    expect(small?.verdict).toBe('undecided');
    expect(small?.categories[0].lost).toBe(false);
    expect(retentionChange(start, [cat('other', 1)])).toBeNull();
  });
});
