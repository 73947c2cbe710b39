// formats.ts: the four answer formats shared by the task worlds, rendered and parsed in one place.
// Methods train on them (LHRM: think/no_think, SelfBudgeter: budget, RRM and RPT: think) and the
// verifiers parse model outputs with them. FORMATS.md shows each with a generated example:
//   plain     7+5+0=12;<answer>12</answer><eos>
//   think     <think>7+5+0=12;</think><answer>12</answer><eos>
//   no_think  <no_think></no_think><answer>12</answer><eos>
//   budget    <budget>15</budget><think>7+5+0=12;</think><answer>12</answer><eos>

import {
  countOccurrences,
  describeChar,
  firstOutsideVocabulary,
  MAX_OUTPUT_CHARS,
  tokenLength,
} from './text.ts';
import { correct, rejected, type Verdict } from './types.ts';

export type ReasoningMode = 'plain' | 'think' | 'no_think' | 'budget';
export const REASONING_MODES: readonly ReasoningMode[] = ['plain', 'think', 'no_think', 'budget'];

export interface Completion {
  mode: ReasoningMode;
  /** The reasoning text: the CoT of plain/think/budget, '' for no_think. */
  reasoning: string;
  /** The raw text between `<answer>` and `</answer>`, not yet normalised. */
  answer: string;
  /** The budget N of the budget format, else null. */
  budget: number | null;
  /** Tokens the budget covers: from `<think>` through `</answer>` (one per character or special token). */
  used: number | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const MODE_TAGS = ['<think>', '</think>', '<no_think>', '</no_think>', '<budget>', '</budget>'] as const;
const NEVER_GENERATED = ['<bos>', '<pad>'] as const;
const MAX_BUDGET_DIGITS = 5;

/**
 * The budget format's N for a reasoning and answer: the exact token count of
 * `<think>reasoning</think><answer>answer</answer>` (the budget does not count itself or `<eos>`).
 */
export function budgetFor(reasoning: string, answer: string): number {
  return tokenLength(`<think>${reasoning}</think><answer>${answer}</answer>`);
}

/**
 * Renders a completion. In the budget format N defaults to the exact length (as in SelfBudgeter's
 * cold-start SFT, where the budget is the true length); pass `budget` to write another N.
 */
export function renderCompletion(
  mode: ReasoningMode,
  reasoning: string,
  answer: string,
  budget?: number,
): string {
  const tail = `<answer>${answer}</answer><eos>`;
  switch (mode) {
    case 'plain':
      return `${reasoning}${tail}`;
    case 'think':
      return `<think>${reasoning}</think>${tail}`;
    case 'no_think':
      return `<no_think></no_think>${tail}`;
    case 'budget':
      return `<budget>${budget ?? budgetFor(reasoning, answer)}</budget><think>${reasoning}</think>${tail}`;
  }
}

/**
 * Checks what every verifier checks first, and cuts the output where generation would have stopped.
 * Rejects: more than MAX_OUTPUT_CHARS characters (checked before anything else, so enormous outputs
 * are cheap), characters the tokenizer cannot produce (unicode digits, tabs), and `<bos>`/`<pad>`.
 * Then drops everything from the first `<eos>` on and trailing spaces/newlines. A missing `<eos>`
 * is accepted: a generation loop may stop at `</answer>` or at its token limit.
 */
export function prepareOutput(output: string): Parsed<string> {
  if (output.length > MAX_OUTPUT_CHARS) {
    return { ok: false, reason: `output too long: ${output.length} characters > ${MAX_OUTPUT_CHARS}` };
  }
  const bad = firstOutsideVocabulary(output);
  if (bad !== -1)
    return { ok: false, reason: `character ${describeChar(output, bad)} is outside the vocabulary` };
  const eos = output.indexOf('<eos>');
  const text = (eos === -1 ? output : output.slice(0, eos)).replace(/[ \n]+$/, '');
  for (const token of NEVER_GENERATED)
    if (text.includes(token)) return { ok: false, reason: `stray ${token}` };
  if (text.length === 0) return { ok: false, reason: 'empty output' };
  return { ok: true, value: text };
}

/**
 * Parses a completion in any of the four formats; the first token decides which one.
 * Exactly one `<answer>…</answer>` is required and only spaces or newlines may follow it: several
 * answers, a missing `</answer>`, or text after it are rejected (never "take the first"), so a
 * policy cannot hedge. Inside `<think>` no mode tag may appear (a doubled `<think>` is rejected).
 */
export function parseCompletion(output: string): Parsed<Completion> {
  const prepared = prepareOutput(output);
  if (!prepared.ok) return prepared;
  const text = prepared.value;
  const opens = countOccurrences(text, '<answer>');
  const closes = countOccurrences(text, '</answer>');
  if (opens === 0) return fail(closes > 0 ? '</answer> without <answer>' : 'no <answer> tag');
  if (opens > 1) return fail(`several <answer> tags (${opens})`);
  if (closes === 0) return fail('unclosed <answer>');
  if (closes > 1) return fail(`several </answer> tags (${closes})`);
  const open = text.indexOf('<answer>');
  const close = text.indexOf('</answer>');
  if (close < open) return fail('</answer> before <answer>');
  const after = text.slice(close + '</answer>'.length);
  if (after.length > 0) return fail(`text after </answer>: ${quote(after)}`);
  const answer = text.slice(open + '<answer>'.length, close);
  const head = text.slice(0, open);
  const parsed = parseHead(head);
  if (!parsed.ok) return parsed;
  const { mode, reasoning, budget } = parsed.value;
  const used =
    mode === 'budget' ? tokenLength(text.slice(head.indexOf('</budget>') + '</budget>'.length)) : null;
  return { ok: true, value: { mode, reasoning, answer, budget, used } };
}

type Head = Pick<Completion, 'mode' | 'reasoning' | 'budget'>;

function parseHead(head: string): Parsed<Head> {
  if (head.startsWith('<budget>')) {
    const close = head.indexOf('</budget>');
    if (close === -1) return fail('unclosed <budget>');
    const digits = head.slice('<budget>'.length, close);
    if (!new RegExp(`^[0-9]{1,${MAX_BUDGET_DIGITS}}$`).test(digits)) {
      return fail(`budget must be 1-${MAX_BUDGET_DIGITS} ASCII digits, got ${quote(digits)}`);
    }
    const think = parseThink(head.slice(close + '</budget>'.length));
    if (!think.ok) return think;
    return { ok: true, value: { mode: 'budget', reasoning: think.value, budget: Number(digits) } };
  }
  if (head.startsWith('<think>')) {
    const think = parseThink(head);
    return think.ok ? { ok: true, value: { mode: 'think', reasoning: think.value, budget: null } } : think;
  }
  if (head.startsWith('<no_think>')) {
    if (head !== '<no_think></no_think>')
      return fail('<no_think> must be followed directly by </no_think><answer>');
    return { ok: true, value: { mode: 'no_think', reasoning: '', budget: null } };
  }
  for (const tag of MODE_TAGS) if (head.includes(tag)) return fail(`misplaced ${tag} before <answer>`);
  return { ok: true, value: { mode: 'plain', reasoning: head, budget: null } };
}

function parseThink(text: string): Parsed<string> {
  if (!text.startsWith('<think>')) return fail(`expected <think>, got ${quote(text)}`);
  if (!text.endsWith('</think>')) {
    return fail(text.includes('</think>') ? 'text between </think> and <answer>' : 'unclosed <think>');
  }
  const inner = text.slice('<think>'.length, -'</think>'.length);
  for (const tag of MODE_TAGS)
    if (inner.includes(tag)) return fail(`doubled or misplaced ${tag} inside <think>`);
  return { ok: true, value: inner };
}

/**
 * Normalises an integer answer, or returns null when it is not one. Rules: surrounding spaces and
 * newlines are dropped; then an optional '-' and 1-20 ASCII digits, nothing else ('+7', '1 000',
 * '1,000', '7.0', unicode digits: null); leading zeros are dropped ('007' -> '7'); '-0' -> '0'.
 */
export function normaliseInteger(raw: string): string | null {
  const text = raw.replace(/^[ \n]+|[ \n]+$/g, '');
  const match = /^(-?)([0-9]{1,20})$/.exec(text);
  if (!match) return null;
  const digits = match[2].replace(/^0+(?=[0-9])/, '');
  return digits === '0' ? '0' : `${match[1]}${digits}`;
}

/** Compares a parsed answer with the expected one after normalisation, as a verdict. */
export function judgeAnswer(
  raw: string,
  expected: string,
  normalise: (raw: string) => string | null,
  what: string,
): Verdict {
  const got = normalise(raw);
  if (got === null) return rejected(`answer is not ${what}: ${quote(raw)}`);
  if (got !== expected) return rejected(`wrong answer: got ${got}, expected ${expected}`, got);
  return correct(got);
}

/** A short, quoted excerpt of a string for error reasons. */
export function quote(text: string, max = 24): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

function fail<T>(reason: string): Parsed<T> {
  return { ok: false, reason };
}
