// text.ts: what a task text may contain and how long it is, in the model's tokens.
// The tokenizer (design §3) is character level over printable ASCII and newline, plus the frozen
// special tokens, so "one character = one token" except that `<think>` etc. count as one token.
// Example: tokenLength('<think>7+5</think>') === 5; firstOutsideVocabulary('4é') === 1.

import { TASK_MARKERS } from './markers.ts';

/** The model's context in tokens; a prompt plus its target must fit, with one slot for `<bos>`. */
export const CONTEXT_TOKENS = 256;
export const MAX_TEXT_TOKENS = CONTEXT_TOKENS - 1;

/** Outputs longer than this (in characters) are rejected before any parsing, to keep verifiers fast. */
export const MAX_OUTPUT_CHARS = 4096;

const SPECIALS = TASK_MARKERS;
const LONGEST_SPECIAL = Math.max(...SPECIALS.map((token) => token.length));

function isVocabularyChar(code: number): boolean {
  return code === 0x0a || (code >= 0x20 && code <= 0x7e);
}

/** The special token starting at `index`, if any. */
export function specialTokenAt(text: string, index: number): string | null {
  if (text.charCodeAt(index) !== 0x3c) return null;
  const window = text.slice(index, index + LONGEST_SPECIAL);
  for (const token of SPECIALS) if (window.startsWith(token)) return token;
  return null;
}

/** The text as the tokenizer would split it: special tokens whole, everything else per character. */
export function splitTokens(text: string): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < text.length; ) {
    const special = specialTokenAt(text, i);
    const token = special ?? text[i];
    tokens.push(token);
    i += token.length;
  }
  return tokens;
}

export function tokenLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; count++) i += specialTokenAt(text, i)?.length ?? 1;
  return count;
}

/** Index of the first character the tokenizer cannot encode, or -1 when all of it is encodable. */
export function firstOutsideVocabulary(text: string): number {
  for (let i = 0; i < text.length; i++) if (!isVocabularyChar(text.charCodeAt(i))) return i;
  return -1;
}

/** Describes the character at `index` for error messages, e.g. "U+FF14 '４'". */
export function describeChar(text: string, index: number): string {
  const code = text.codePointAt(index) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')} '${String.fromCodePoint(code)}'`;
}

/** How many times `needle` occurs in `text` (non-overlapping). */
export function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) count++;
  return count;
}

/** The first `<…>` tag-like text that is not a task marker (e.g. '<nothink>'), or null. */
export function findUnknownTag(text: string): string | null {
  for (const match of text.matchAll(/<\/?[A-Za-z_][A-Za-z0-9_]*>/g)) {
    if (!SPECIALS.includes(match[0])) return match[0];
  }
  return null;
}
