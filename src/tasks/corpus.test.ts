import { describe, expect, test } from 'vitest';
import { CORPUS_PROMPT_PREFIX, corpusWorld, generateDocument, MAX_PREDICTION_CHARS } from './corpus.ts';
import { generateProblem } from './index.ts';
import { Rng } from './rng.ts';

describe('corpus world', () => {
  test('every character has a label and computed spans hold their computation', () => {
    const rng = new Rng(8);
    for (let i = 0; i < 200; i++) {
      const doc = generateDocument(rng, 1 + (i % 3));
      expect(doc.labels).toHaveLength(doc.text.length);
      expect(doc.computed.length).toBeGreaterThanOrEqual(2);
      for (const span of doc.computed) {
        const [sum, result] = span.rationale.split('=');
        const [x, y] = sum.split('+').map(Number);
        expect(String(x + y)).toBe(result);
        expect(doc.text.slice(span.start, span.end)).toBe(result);
        expect(doc.labels.slice(span.start, span.end).every((k) => k === 'computed')).toBe(true);
      }
    }
  });

  test('labels grade difficulty: template text is fixed, random draws are choices', () => {
    const doc = generateDocument(new Rng(2), 2);
    const kinds = new Set(doc.labels);
    expect(kinds).toEqual(new Set(['fixed', 'choice', 'computed']));
    const hasAt = doc.text.indexOf(' had ');
    if (hasAt !== -1) expect(doc.labels.slice(hasAt, hasAt + 5)).toEqual(Array(5).fill('fixed'));
    expect(doc.labels[0]).toBe('choice');
  });

  test('a word is fixed once its prefix leaves one option ("m" -> max or mia)', () => {
    for (let seed = 0; seed < 200; seed++) {
      const doc = generateDocument(new Rng(seed), 1);
      if (doc.text.startsWith('max') || doc.text.startsWith('mia')) {
        expect(doc.labels.slice(0, 3)).toEqual(['choice', 'choice', 'fixed']);
        return;
      }
    }
    throw new Error('no document started with max or mia');
  });

  test('the prompt is the marked prefix and the target predicts the continuation', () => {
    for (let seed = 0; seed < 100; seed++) {
      const p = generateProblem(corpusWorld, seed, 2, { kind: 'computed' });
      expect(p.kind).toBe('computed');
      expect(p.prompt).toBe(CORPUS_PROMPT_PREFIX + p.document.text.slice(0, p.position));
      expect(p.continuation.startsWith(p.answer)).toBe(true);
      expect(p.target).toMatch(/^<think>[0-9]+\+[0-9]+=[0-9]+<\/think><answer>[0-9]+<\/answer><eos>$/);
    }
    const fixed = generateProblem(corpusWorld, 1, 1, { kind: 'fixed' });
    expect(fixed.target).toBe(`<think></think><answer>${fixed.answer}</answer><eos>`);
    expect(fixed.answer).toHaveLength(1);
  });

  test('prefix matching: any non-empty prefix up to the cap is right', () => {
    const p = { ...generateProblem(corpusWorld, 3, 2), continuation: '85. count by 3' };
    const verify = (answer: string) => corpusWorld.verify(p, `<think></think><answer>${answer}</answer>`);
    expect(verify('8')).toEqual({ reward: 1, reason: 'correct', extracted: '8' });
    expect(verify('85. ')).toMatchObject({ reward: 1 });
    expect(verify('86')).toMatchObject({ reward: 0, reason: '"86" is not a prefix of "85. count by…"' });
    expect(verify(' 85')).toMatchObject({ reward: 0 });
    expect(verify('')).toMatchObject({ reward: 0, reason: 'empty prediction' });
    expect(verify('85. count by 3'.slice(0, MAX_PREDICTION_CHARS + 1))).toMatchObject({ reward: 0 });
    expect(corpusWorld.extractAnswer('<answer> </answer>')).toBe(' ');
  });

  test.each([
    ['several answers', '<answer>8</answer><answer>5</answer>', 'several <answer>'],
    ['missing closing tag', '<think>x</think><answer>8', 'unclosed <answer>'],
    ['unicode', '<answer>８</answer>', 'outside the vocabulary'],
    ['empty output', '', 'empty output'],
    ['enormous output', `<answer>8</answer>${'\n'.repeat(5000)}`, 'output too long'],
  ])('%s is rejected', (_name, output, reason) => {
    const p = { ...generateProblem(corpusWorld, 3, 2), continuation: '85.' };
    expect(corpusWorld.verify(p, output)).toMatchObject({
      reward: 0,
      reason: expect.stringContaining(reason),
    });
  });
});
