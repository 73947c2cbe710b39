// corpus.ts: the corpus world for RPT (next-token reasoning): short generated documents whose
// characters are labelled by how predictable they are: 'fixed' (template text), 'choice' (a random
// name, item or number: no reasoning helps) and 'computed' (a sum or the next count: reasoning helps).
// Example document: 'ann had 37 figs, got 48, now has 85. count by 3: 14 17 20 23.'

import { parseCompletion, quote, renderCompletion } from './formats.ts';
import type { Rng } from './rng.ts';
import { checkDifficulty, correct, type Problem, rejected, type TaskWorld, type Verdict } from './types.ts';

export type TokenKind = 'fixed' | 'choice' | 'computed';

export interface CorpusDocument {
  text: string;
  /** One label per character of `text`. */
  labels: TokenKind[];
  /** The computed numbers: where they are and the computation that gives them. */
  computed: { start: number; end: number; rationale: string }[];
}

export interface CorpusOptions {
  /** Only predict at positions of this kind (RPT's entropy filter keeps the hard ones). */
  kind: TokenKind;
}

export interface CorpusProblem extends Problem {
  document: CorpusDocument;
  /** The character index to predict: the prompt's context is document.text.slice(0, position). */
  position: number;
  kind: TokenKind;
  /** The true continuation from `position` to the end of the document. */
  continuation: string;
}

/** Prefix marking next-token reasoning, so that a plain document never looks like a prompt. */
export const CORPUS_PROMPT_PREFIX = 'next:';
/** Longest prediction that is scored; RPT allows multi-token predictions, we cap them. */
export const MAX_PREDICTION_CHARS = 8;
const MIN_CONTEXT = 8;

const NAMES = ['ann', 'bob', 'eve', 'ida', 'max', 'mia', 'sam', 'tom', 'zoe'] as const;
const ITEMS = ['figs', 'nuts', 'pens', 'cups', 'eggs', 'keys', 'maps'] as const;

const DIFFICULTIES = [
  { level: 1, label: '1-digit numbers' },
  { level: 2, label: '2-digit numbers' },
  { level: 3, label: '3-digit numbers' },
] as const;

class DocumentBuilder {
  readonly doc: CorpusDocument = { text: '', labels: [], computed: [] };

  fixed(text: string): void {
    this.push(text, () => 'fixed');
  }

  /** A word drawn from `options`: a character is 'fixed' once the prefix leaves one possibility. */
  word(word: string, options: readonly string[]): void {
    this.push(word, (i) => {
      const rivals = options.filter((o) => o.startsWith(word.slice(0, i)));
      return rivals.every((o) => o[i] === word[i]) ? 'fixed' : 'choice';
    });
  }

  randomNumber(n: number): void {
    this.push(String(n), () => 'choice');
  }

  computedNumber(n: number, rationale: string): void {
    const start = this.doc.text.length;
    this.push(String(n), () => 'computed');
    this.doc.computed.push({ start, end: this.doc.text.length, rationale });
  }

  private push(text: string, label: (i: number) => TokenKind): void {
    for (let i = 0; i < text.length; i++) this.doc.labels.push(label(i));
    this.doc.text += text;
  }
}

function drawNumber(rng: Rng, digits: number): number {
  return digits === 1 ? rng.int(1, 9) : rng.int(10 ** (digits - 1), 10 ** digits - 1);
}

/** 'ann had 37 figs, got 48, now has 85.' */
function sumStory(b: DocumentBuilder, rng: Rng, digits: number): void {
  const [x, y] = [drawNumber(rng, digits), drawNumber(rng, digits)];
  b.word(rng.pick(NAMES), [...NAMES, 'count']);
  b.fixed(' had ');
  b.randomNumber(x);
  b.fixed(' ');
  b.word(rng.pick(ITEMS), ITEMS);
  b.fixed(', got ');
  b.randomNumber(y);
  b.fixed(', now has ');
  b.computedNumber(x + y, `${x}+${y}=${x + y}`);
  b.fixed('.');
}

/** 'count by 3: 14 17 20 23.' */
function countSequence(b: DocumentBuilder, rng: Rng, digits: number): void {
  const step = rng.int(2, 9);
  let value = drawNumber(rng, digits);
  b.word('count', [...NAMES, 'count']);
  b.fixed(' by ');
  b.randomNumber(step);
  b.fixed(': ');
  b.randomNumber(value);
  for (let i = 0; i < 3; i++) {
    b.fixed(' ');
    b.computedNumber(value + step, `${value}+${step}=${value + step}`);
    value += step;
  }
  b.fixed('.');
}

/** Two sentences, each a sum story or a counting sequence, chosen at random. */
export function generateDocument(rng: Rng, digits: number): CorpusDocument {
  const builder = new DocumentBuilder();
  for (let sentence = 0; sentence < 2; sentence++) {
    if (sentence > 0) builder.fixed(' ');
    (rng.chance(0.5) ? sumStory : countSequence)(builder, rng, digits);
  }
  return builder.doc;
}

export function generateCorpusProblem(
  rng: Rng,
  difficulty: number,
  options: Partial<CorpusOptions> = {},
): CorpusProblem {
  checkDifficulty('corpus', DIFFICULTIES, difficulty);
  const document = generateDocument(rng, difficulty);
  const candidates = document.labels.flatMap((kind, i) =>
    i >= MIN_CONTEXT && (options.kind === undefined || kind === options.kind) ? [i] : [],
  );
  const position = rng.pick(candidates);
  const kind = document.labels[position];
  const span = document.computed.find((c) => c.start <= position && position < c.end);
  const answer = span ? document.text.slice(position, span.end) : document.text[position];
  return {
    worldId: 'corpus',
    difficulty,
    prompt: CORPUS_PROMPT_PREFIX + document.text.slice(0, position),
    target: renderCompletion('think', span?.rationale ?? '', answer),
    answer,
    document,
    position,
    kind,
    continuation: document.text.slice(position),
  };
}

/** The raw prediction inside `<answer>`: no trimming or case folding (a space is a valid prediction). */
export function extractPrediction(output: string): string | null {
  const parsed = parseCompletion(output);
  return parsed.ok && parsed.value.answer.length > 0 ? parsed.value.answer : null;
}

/**
 * RPT's prefix-matching reward with a character tokenizer (every character is a token boundary):
 * 1 iff the prediction is a non-empty prefix of the true continuation and at most
 * MAX_PREDICTION_CHARS long. Any format of formats.ts parses; think is the trained one.
 */
export function verifyCorpus(problem: CorpusProblem, output: string): Verdict {
  const parsed = parseCompletion(output);
  if (!parsed.ok) return rejected(parsed.reason);
  const prediction = parsed.value.answer;
  if (prediction.length === 0) return rejected('empty prediction');
  if (prediction.length > MAX_PREDICTION_CHARS) {
    return rejected(`prediction longer than ${MAX_PREDICTION_CHARS} characters`, prediction);
  }
  if (!problem.continuation.startsWith(prediction)) {
    return rejected(`${quote(prediction)} is not a prefix of ${quote(problem.continuation, 12)}`, prediction);
  }
  return correct(prediction);
}

export const corpusWorld: TaskWorld<CorpusProblem, CorpusOptions> = {
  id: 'corpus',
  title: 'Corpus',
  description:
    'Generated two-sentence documents (sum stories and counting sequences). Each character is labelled ' +
    'fixed (template), choice (random name, item or number) or computed (a sum or the next count). The ' +
    'task is next-token reasoning at one position: think, then predict the continuation.',
  difficulties: DIFFICULTIES,
  defaultDifficulty: 2,
  generate: generateCorpusProblem,
  extractAnswer: extractPrediction,
  verify: verifyCorpus,
};
