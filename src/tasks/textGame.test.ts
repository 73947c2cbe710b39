import { describe, expect, test } from 'vitest';
import { generateProblem } from './index.ts';
import { Rng } from './rng.ts';
import {
  drawMap,
  EXPERIENCE_ITEMS,
  FEEDBACK,
  GameSession,
  mineExperience,
  renderExperience,
  renderGrid,
  shortestPaths,
} from './textGame.ts';
import { extractMoves, gamePrompt, playTranscript, textGameWorld } from './textGameWorld.ts';

// P . H
// . . H
// . . G
const MAP = { holes: [2, 5] };

describe('text game rules', () => {
  test('the grid has no legend: P, G, H and floor only', () => {
    expect(renderGrid(MAP, 0)).toBe('P.H\n..H\n..G');
    expect(gamePrompt(MAP)).toBe('<observation>P.H\n..H\n..G</observation>');
  });

  test('feedback says what happened, and holes and the goal end the game', () => {
    const session = new GameSession(MAP);
    expect(session.step('u')).toMatchObject({
      feedback: FEEDBACK.wall,
      observation: 'wall, nothing happened\nP.H\n..H\n..G',
    });
    expect(session.step('jump').feedback).toBe(FEEDBACK.unknown);
    expect(session.step(' r ').observation).toBe('moved\n.PH\n..H\n..G');
    expect(session.step('r')).toMatchObject({
      feedback: FEEDBACK.hole,
      observation: 'fell into a hole',
      entered: 'H',
    });
    expect(session.done && !session.won).toBe(true);
    expect(() => session.step('d')).toThrow(/after the game ended/);
  });

  test('the fifth turn is the last', () => {
    const session = new GameSession(MAP);
    for (const move of ['u', 'u', 'u', 'u']) expect(session.step(move).observation).toContain('P.H');
    expect(session.step('u').observation).toBe('wall, nothing happened\nout of turns');
    expect(session.done).toBe(true);
  });

  test('the same actions always give the same transcript', () => {
    expect(playTranscript(MAP, ['d', 'd', 'r', 'r'])).toBe(playTranscript(MAP, ['d', 'd', 'r', 'r']));
    expect(playTranscript(MAP, ['d', 'd', 'r', 'r'])).toMatch(
      /<observation>reached the goal<\/observation><eos>$/,
    );
  });

  test('drawn maps always keep a 4-move path and never cover start or goal', () => {
    const rng = new Rng(4);
    for (let i = 0; i < 300; i++) {
      const map = drawMap(rng, 1 + (i % 3));
      expect(map.holes).toHaveLength(1 + (i % 3));
      expect(map.holes).not.toContain(0);
      expect(map.holes).not.toContain(8);
      expect(shortestPaths(map).length).toBeGreaterThan(0);
    }
    expect(shortestPaths(MAP)).toEqual(['rddr', 'drdr', 'ddrr']);
  });

  test('the oracle miner writes the closed-grammar items a history reveals', () => {
    const session = new GameSession(MAP);
    for (const move of ['u', 'r', 'r']) session.step(move);
    expect(mineExperience(session.history)).toEqual([
      EXPERIENCE_ITEMS.wall,
      EXPERIENCE_ITEMS.safe,
      EXPERIENCE_ITEMS.hole,
    ]);
    expect(renderExperience(['H=hole avoid'])).toBe('- EXPERIENCE ITEM: H=hole avoid\n');
  });
});

describe('text game verifier', () => {
  const problem = { ...generateProblem(textGameWorld, 1, 2), map: MAP, answer: 'ddrr' };
  const verify = (output: string) => textGameWorld.verify(problem, output);

  test('a winning transcript is correct whatever observations it contains', () => {
    expect(verify(playTranscript(MAP, ['d', 'r', 'd', 'r']))).toEqual({
      reward: 1,
      reason: 'correct',
      extracted: 'drdr',
    });
    expect(
      verify(
        '<action>d</action><observation>lies</observation><action>d</action><action>r</action><action>r</action>',
      ).reward,
    ).toBe(1);
  });

  test.each([
    ['a hole', '<action>r</action><action>r</action>', 'fell into a hole at turn 2', 'rr'],
    ['running out of turns', '<action>u</action>'.repeat(5), 'out of turns at turn 5', 'uuuuu'],
    ['stopping early', '<action>d</action>', 'game not finished after 1 turns', 'd'],
    [
      'actions after the end',
      '<action>r</action><action>r</action><action>d</action>',
      'after the game ended',
      'rrd',
    ],
    ['an unknown action', '<action>down</action>'.repeat(5), 'out of turns', '?????'],
  ])('losing by %s', (_name, output, reason, moves) => {
    const verdict = verify(output);
    expect(verdict.reward).toBe(0);
    expect(verdict.reason).toContain(reason);
    expect(verdict.extracted).toBe(moves);
  });

  test.each([
    ['no action', 'I go down', 'no <action> tag'],
    ['unclosed action', '<action>d<action>d</action>', 'unclosed <action>'],
    ['missing closing tag at the end', '<action>d', 'unclosed <action>'],
    ['stray closing tag', '<action>d</action>d</action>', '</action> without <action>'],
    ['empty output', '', 'empty output'],
    ['unicode', '<action>↓</action>', 'outside the vocabulary'],
    ['enormous output', '<action>d</action>'.repeat(1000), 'output too long'],
  ])('%s is rejected', (_name, output, reason) => {
    expect(verify(output)).toMatchObject({ reward: 0, reason: expect.stringContaining(reason) });
  });

  test('extractAnswer lists the moves', () => {
    const generated = generateProblem(textGameWorld, 5, 3);
    expect(extractMoves(generated.target)).toBe(generated.answer);
    expect(generated.answer).toMatch(/^[rd]{4}$/);
    expect(extractMoves('<action> r </action><action>x</action>')).toBe('r?');
    expect(extractMoves('nothing')).toBeNull();
  });

  test('experience goes before the game in the prompt', () => {
    const p = generateProblem(textGameWorld, 9, 3, {
      experience: [EXPERIENCE_ITEMS.hole, EXPERIENCE_ITEMS.wall],
    });
    expect(p.prompt).toMatch(/^- EXPERIENCE ITEM: H=hole avoid\n- EXPERIENCE ITEM: edge=wall\n<observation>/);
    expect(textGameWorld.verify(p, p.target).reward).toBe(1);
  });
});
