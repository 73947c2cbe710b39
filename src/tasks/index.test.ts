import { describe, expect, test } from 'vitest';
import { generateProblem, getWorld, isWorldId, TASK_WORLDS, WORLD_LIST } from './index.ts';
import { TASK_MARKERS } from './markers.ts';
import {
  countOccurrences,
  findUnknownTag,
  firstOutsideVocabulary,
  MAX_TEXT_TOKENS,
  tokenLength,
} from './text.ts';
import { EXPERIENCE_ITEMS } from './textGame.ts';
import { textGameWorld } from './textGameWorld.ts';

const SEEDS = Array.from({ length: 60 }, (_, i) => i * 7919 + 1);

/** The text is encodable: allowed characters only, and every tag-like piece is a frozen special token. */
function expectVocabulary(text: string) {
  expect(firstOutsideVocabulary(text)).toBe(-1);
  expect(findUnknownTag(text)).toBeNull();
}

describe.each(WORLD_LIST.map((w) => [w.id, w] as const))('%s', (_id, world) => {
  test('describes itself for the task browser', () => {
    expect(world.title.length).toBeGreaterThan(0);
    expect(world.description.length).toBeGreaterThan(40);
    expect(world.difficulties.map((d) => d.level)).toContain(world.defaultDifficulty);
  });

  test.each(world.difficulties.map((d) => d.level))(
    'difficulty %i: reproducible, self-verifying, encodable, short',
    (level) => {
      const prompts = new Set<string>();
      for (const seed of SEEDS) {
        const problem = generateProblem(world, seed, level);
        expect(generateProblem(world, seed, level)).toEqual(problem);
        prompts.add(problem.prompt);
        expect(problem.worldId).toBe(world.id);
        expect(problem.difficulty).toBe(level);
        expect(problem.target.endsWith('<eos>')).toBe(true);
        expect(countOccurrences(problem.target, '<eos>')).toBe(1);
        expect(problem.prompt).not.toMatch(/<bos>|<eos>|<pad>/);
        expectVocabulary(problem.prompt);
        expectVocabulary(problem.target);
        expect(tokenLength(problem.prompt + problem.target)).toBeLessThanOrEqual(MAX_TEXT_TOKENS);
        expect(world.verify(problem, problem.target)).toEqual({
          reward: 1,
          reason: 'correct',
          extracted: problem.answer,
        });
        expect(world.extractAnswer(problem.target)).toBe(problem.answer);
      }
      expect(prompts.size).toBeGreaterThanOrEqual(5);
    },
  );

  test('rejects empty, enormous and non-ASCII outputs with a reason', () => {
    const problem = generateProblem(world, 1);
    expect(world.verify(problem, '')).toMatchObject({ reward: 0, reason: 'empty output', extracted: null });
    expect(world.verify(problem, problem.target.replace('<eos>', 'x'.repeat(5000)))).toMatchObject({
      reward: 0,
      reason: expect.stringContaining('output too long'),
    });
    expect(world.verify(problem, `é${problem.target}`).reason).toContain('outside the vocabulary');
    expect(world.extractAnswer('')).toBeNull();
  });

  test('an unknown difficulty is an error', () => {
    expect(() => generateProblem(world, 1, 99)).toThrow(RangeError);
  });
});

describe('registry', () => {
  test('lists the six worlds by id', () => {
    expect(Object.keys(TASK_WORLDS)).toEqual([
      'arithmetic',
      'multi-sum',
      'text-game',
      'corpus',
      'judge',
      'instruction-pool',
    ]);
    expect(WORLD_LIST.map((w) => w.id)).toEqual(Object.keys(TASK_WORLDS));
    expect(getWorld('judge')).toBe(TASK_WORLDS.judge);
    expect(isWorldId('judge')).toBe(true);
    expect(isWorldId('toString')).toBe(false);
    expect(() => getWorld('chess')).toThrow(/unknown task world 'chess'; known: arithmetic/);
  });

  test('the game with every experience item still fits the context', () => {
    const experience = Object.values(EXPERIENCE_ITEMS);
    for (const seed of SEEDS) {
      for (const level of [1, 2, 3]) {
        const p = generateProblem(textGameWorld, seed, level, { experience });
        expect(tokenLength(p.prompt + p.target)).toBeLessThanOrEqual(MAX_TEXT_TOKENS);
      }
    }
  });

  test('task texts use the markers only', () => {
    expect(TASK_MARKERS).toContain('<no_think>');
    expect(findUnknownTag('<nothink>')).toBe('<nothink>');
  });
});
