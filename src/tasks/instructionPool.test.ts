import { describe, expect, test } from 'vitest';
import { generateProblem } from './index.ts';
import {
  generateAssessmentSet,
  generatePool,
  instructionPoolWorld,
  POOL_KINDS,
  QUALITIES,
} from './instructionPool.ts';

describe('instruction pool', () => {
  test('each quality looks as its hidden label says', () => {
    for (let seed = 0; seed < 60; seed++) {
      for (const quality of QUALITIES) {
        const item = generateProblem(instructionPoolWorld, seed, 2, { quality });
        const shown = instructionPoolWorld.verify(item, item.example.completion);
        expect(item.hiddenLabel.quality).toBe(quality);
        expect(item.example.prompt).toBe(item.prompt);
        if (quality === 'wrong') expect(shown.reason).toContain('wrong answer');
        if (quality === 'noisy') expect(item.example.completion).not.toBe(item.target);
        if (quality === 'correct' || quality === 'trivial' || quality === 'hard') {
          expect(item.example.completion).toBe(item.target);
          expect(shown.reward).toBe(1);
        }
        if (quality === 'hard') expect(item.difficulty === 2 && /^[0-9]/.test(item.prompt)).toBe(true);
        if (quality === 'trivial') expect(item.prompt.length).toBeLessThanOrEqual(8);
      }
    }
  });

  test('the visible example never carries the hidden label', () => {
    const item = generateProblem(instructionPoolWorld, 1, 3, { quality: 'wrong' });
    expect(Object.keys(item.example).sort()).toEqual(['completion', 'prompt']);
    expect(JSON.stringify(item.example)).not.toMatch(/wrong|quality/);
  });

  test('noise keeps the tags and the vocabulary', () => {
    for (let seed = 0; seed < 50; seed++) {
      const item = generateProblem(instructionPoolWorld, seed, 2, { quality: 'noisy', kind: 'mul' });
      expect(item.example.completion).toMatch(/^<think>.*<\/think><answer>.*<\/answer><eos>$/s);
    }
  });

  test('pool difficulty sets how many items are wrong or noisy', () => {
    const badShare = (difficulty: number) =>
      generatePool(5, 1000, difficulty).filter((i) => ['wrong', 'noisy'].includes(i.hiddenLabel.quality))
        .length / 1000;
    expect(badShare(1)).toBeGreaterThan(0.14);
    expect(badShare(1)).toBeLessThan(0.26);
    expect(badShare(3)).toBeGreaterThan(0.54);
    expect(badShare(3)).toBeLessThan(0.66);
    expect(generatePool(5, 20, 2)).toEqual(generatePool(5, 20, 2));
  });

  test('the assessment set is clean and covers every kind', () => {
    const set = generateAssessmentSet(3, 50);
    expect(new Set(set.map((i) => i.hiddenLabel.kind))).toEqual(new Set(POOL_KINDS));
    for (const item of set) {
      expect(item.hiddenLabel.quality).toBe('correct');
      expect(instructionPoolWorld.verify(item, item.example.completion).reward).toBe(1);
    }
  });

  test('word answers are case-sensitive and trimmed; integers are normalised', () => {
    const caps = generateProblem(instructionPoolWorld, 2, 1, { quality: 'correct', kind: 'caps' });
    expect(caps.prompt).toBe(`caps:${caps.answer.toLowerCase()}`);
    expect(instructionPoolWorld.verify(caps, `<answer> ${caps.answer} </answer>`).reward).toBe(1);
    expect(instructionPoolWorld.verify(caps, `<answer>${caps.answer.toLowerCase()}</answer>`).reward).toBe(0);
    expect(instructionPoolWorld.verify(caps, '<answer></answer>').reason).toBe('answer is not a word: ""');
    expect(instructionPoolWorld.extractAnswer('<answer>007</answer>')).toBe('7');
    expect(instructionPoolWorld.extractAnswer('<answer> Abc </answer>')).toBe('Abc');
    expect(instructionPoolWorld.extractAnswer('<answer>1</answer><answer>2</answer>')).toBeNull();
  });
});
