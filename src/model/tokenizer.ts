// The character-level tokenizer over the frozen vocabulary: the special tokens (ids 0..38, in
// SPECIAL_TOKENS order), then '\n', then printable ASCII 0x20..0x7E. An unknown character is an
// error, never dropped. tokenizerJson / parseTokenizerJson are the same vocabulary as HF
// `tokenizer.json`, which transformers.js and Python's tokenizers read (see tokenizerJson's comment).
import { LabError, nameErrorClasses } from '../gpu/errors.ts';
import { CheckpointError } from './checkpointError.ts';
import { echo } from './echo.ts';
import { SPECIAL_TOKENS } from './specialTokens.ts';

/** Text that the vocabulary cannot express, or ids outside it. */
export class TokenizerError extends LabError {}

nameErrorClasses({ TokenizerError });

const PRINTABLE_ASCII = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i));

/** Token strings by id. Frozen: a checkpoint's embedding rows depend on this order. */
export const VOCABULARY: readonly string[] = Object.freeze([...SPECIAL_TOKENS, '\n', ...PRINTABLE_ASCII]);
export const VOCAB_SIZE = VOCABULARY.length;

const ID_OF = new Map(VOCABULARY.map((token, id) => [token, id]));
const SPECIAL_IDS = new Set<number>(SPECIAL_TOKENS.map((_, id) => id));

/** The id of one token string (a special token or a single character). */
export function tokenId(token: string): number {
  const id = ID_OF.get(token);
  if (id === undefined) {
    throw new TokenizerError(
      `${echo(token)} is not a token of the vocabulary.`,
      "Use one of the lab's special tokens (such as <bos> or <answer>) or a single printable ASCII character.",
      { token },
    );
  }
  return id;
}

export function isSpecialId(id: number): boolean {
  return SPECIAL_IDS.has(id);
}

export interface EncodeOptions {
  /** Prepend <bos>, as the HF post-processor in tokenizer.json does. Default false. */
  addBos?: boolean;
}

function describeCharacter(text: string, position: number): string {
  const codePoint = text.codePointAt(position) ?? 0;
  const character = String.fromCodePoint(codePoint);
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  return `${JSON.stringify(character)} (U+${hex}) at position ${position}`;
}

/**
 * One id per character, except that each exact special-token string is one token. Every special
 * token starts with '<', ends with the first '>' after it, and holds no other '>', so matching
 * the text up to the next '>' is the same as a longest match over the special tokens.
 */
export function encode(text: string, { addBos = false }: EncodeOptions = {}): number[] {
  const ids: number[] = addBos ? [tokenId('<bos>')] : [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '<') {
      const close = text.indexOf('>', i + 1);
      const special = close < 0 ? undefined : ID_OF.get(text.slice(i, close + 1));
      if (special !== undefined && isSpecialId(special)) {
        ids.push(special);
        i = close + 1;
        continue;
      }
    }
    const id = ID_OF.get(text[i]);
    if (id === undefined) {
      throw new TokenizerError(
        `Cannot tokenize the character ${describeCharacter(text, i)}: the vocabulary is printable ASCII and newline.`,
        'Replace or remove the character (tabs, \\r and non-ASCII letters are not in the vocabulary).',
        { position: i, codePoint: text.codePointAt(i) },
      );
    }
    ids.push(id);
    i++;
  }
  return ids;
}

/** The text of a sequence of ids; special tokens come back as their strings. */
export function decode(ids: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < ids.length; i++) {
    const token = VOCABULARY[ids[i]];
    if (token === undefined) {
      throw new TokenizerError(
        `Token id ${ids[i]} at position ${i} is outside the vocabulary [0, ${VOCAB_SIZE}).`,
        'The ids did not come from this tokenizer, or the model has a larger vocab_size than the tokenizer.',
        { position: i, id: ids[i] },
      );
    }
    text += token;
  }
  return text;
}

const BOS = '<bos>';
const PRE_TOKENIZER = { type: 'Split', pattern: { Regex: '[\\s\\S]' }, behavior: 'Isolated', invert: false };
const DECODER = { type: 'Fuse' };

/**
 * HF `tokenizer.json` for the vocabulary. Choices, checked against tokenizers.js (which
 * transformers.js 4 uses) and the Rust `tokenizers` crate:
 * - model WordLevel: each piece maps straight to its id (tokenizers.js has no WordLevel class; it
 *   reads a plain vocab object as its "Legacy" model, which does the same). unk_token "<unk>" is deliberately not in the
 *   vocabulary, so Rust tokenizers fails on an unknown character instead of mapping it silently.
 * - pre_tokenizer Split on the regex [\s\S] with behavior Isolated: every character, newline
 *   included, becomes its own piece. "." would skip '\n' (Oniguruma and JS alike), and an empty
 *   String pattern is handled differently by the two libraries.
 * - added_tokens: the special tokens (special, not normalized, no strip), split out before the
 *   pre-tokenizer in both libraries, so "<think>" is one token as in encode().
 * - decoder Fuse: ids decode by plain concatenation (without a decoder HF joins with spaces).
 * - post_processor TemplateProcessing "<bos> $A": HF encode(text) equals encode(text, {addBos: true}).
 */
export function tokenizerJson(): Record<string, unknown> {
  const bosId = tokenId(BOS);
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: PRE_TOKENIZER,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: BOS, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: BOS, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
      ],
      special_tokens: { [BOS]: { id: BOS, ids: [bosId], tokens: [BOS] } },
    },
    decoder: DECODER,
    model: { type: 'WordLevel', vocab: Object.fromEntries(ID_OF), unk_token: '<unk>' },
  };
}

/** HF `tokenizer_config.json`: the special token strings; no clean-up, which would alter " ." and " 's". */
export function tokenizerConfigJson(modelMaxLength: number): Record<string, unknown> {
  return {
    tokenizer_class: 'PreTrainedTokenizerFast',
    bos_token: BOS,
    eos_token: '<eos>',
    pad_token: '<pad>',
    model_max_length: modelMaxLength,
    clean_up_tokenization_spaces: false,
  };
}

/** `field` is the key at fault, as a path: 'model.vocab', 'added_tokens', 'decoder'. */
function badTokenizerFile(field: string, problem: string): never {
  throw new CheckpointError(
    `tokenizer.json: ${problem}`,
    "The model was saved with another tokenizer than this lab's (one token per character plus its " +
      'special tokens). Leave tokenizer.json out (it is optional), or export the model again from the ' +
      'Models page ("Download its folder").',
    { file: 'tokenizer.json', field },
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that a tokenizer.json is this lab's tokenizer: the same vocabulary id by id, the special
 * tokens as added tokens, the per-character split and the Fuse decoder. Returns whether HF clients
 * prepend <bos>.
 */
export function parseTokenizerJson(json: unknown): { prependsBos: boolean } {
  if (!isObject(json) || !isObject(json.model) || !isObject(json.model.vocab)) {
    badTokenizerFile('model.vocab', 'has no model.vocab object.');
  }
  const vocab = Object.entries(json.model.vocab);
  if (vocab.length !== VOCAB_SIZE)
    badTokenizerFile('model.vocab', `has ${vocab.length} tokens; this lab's vocabulary has ${VOCAB_SIZE}.`);
  for (const [token, id] of vocab) {
    if (ID_OF.get(token) !== id) {
      badTokenizerFile(
        'model.vocab',
        `token ${echo(token)} has id ${echo(id)}, expected ${ID_OF.get(token) ?? 'none'}.`,
      );
    }
  }
  const added = Array.isArray(json.added_tokens) ? json.added_tokens : [];
  SPECIAL_TOKENS.forEach((content, id) => {
    if (!added.some((t) => isObject(t) && t.content === content && t.id === id && t.special === true)) {
      badTokenizerFile('added_tokens', `special token ${content} (id ${id}) is missing from added_tokens.`);
    }
  });
  if (JSON.stringify(json.pre_tokenizer) !== JSON.stringify(PRE_TOKENIZER)) {
    badTokenizerFile(
      'pre_tokenizer',
      `pre_tokenizer must be ${JSON.stringify(PRE_TOKENIZER)} (one piece per character).`,
    );
  }
  if (JSON.stringify(json.decoder) !== JSON.stringify(DECODER)) {
    badTokenizerFile(
      'decoder',
      'decoder must be {"type":"Fuse"}; without it HF clients join characters with spaces.',
    );
  }
  const post = json.post_processor;
  if (post === null || post === undefined) return { prependsBos: false };
  if (!isObject(post) || post.type !== 'TemplateProcessing' || !Array.isArray(post.single)) {
    badTokenizerFile('post_processor', 'post_processor must be null or a TemplateProcessing.');
  }
  const first = post.single[0];
  const prependsBos = isObject(first) && isObject(first.SpecialToken) && first.SpecialToken.id === BOS;
  return { prependsBos };
}
