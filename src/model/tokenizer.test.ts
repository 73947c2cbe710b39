import { describe, expect, it } from 'vitest';
import { CheckpointError } from './checkpointError.ts';
import { SPECIAL_TOKENS } from './specialTokens.ts';
import {
  decode,
  encode,
  parseTokenizerJson,
  TokenizerError,
  tokenId,
  tokenizerConfigJson,
  tokenizerJson,
  VOCAB_SIZE,
  VOCABULARY,
} from './tokenizer.ts';

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

/**
 * What an HF client does with tokenizer.json (tokenizers.js order): split out added tokens, run
 * the pre-tokenizer regex on the rest, look pieces up in model.vocab, apply the template.
 */
function hfEncode(json: Record<string, unknown>, text: string): number[] {
  const vocab = (json.model as { vocab: Record<string, number> }).vocab;
  const added = (json.added_tokens as { content: string; id: number }[]).map((t) => t.content);
  const pattern = (json.pre_tokenizer as { pattern: { Regex: string } }).pattern.Regex;
  const escaped = added.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const sections = text.split(new RegExp(`(${escaped})`)).filter((s) => s.length > 0);
  const pieces = sections.flatMap((s) =>
    added.includes(s) ? [s] : [...s.matchAll(new RegExp(pattern, 'gu'))].map((m) => m[0]),
  );
  const post = json.post_processor as {
    single: ({ SpecialToken: { id: string } } | { Sequence: unknown })[];
  };
  const template = post.single.flatMap((item) => ('SpecialToken' in item ? [item.SpecialToken.id] : pieces));
  return template.map((piece) => vocab[piece]);
}

describe('vocabulary', () => {
  it('is the special tokens, newline, then printable ASCII: 135 tokens', () => {
    expect(VOCAB_SIZE).toBe(135);
    expect(VOCABULARY.slice(0, 39)).toEqual([...SPECIAL_TOKENS]);
    expect(tokenId('<bos>')).toBe(0);
    expect(tokenId('<reserved_15>')).toBe(38);
    expect(tokenId('\n')).toBe(39);
    expect(tokenId(' ')).toBe(40);
    expect(tokenId('0')).toBe(56);
    expect(tokenId('~')).toBe(134);
  });
});

describe('encode and decode', () => {
  it('decode(encode(s)) = s for every printable character, newline and special token', () => {
    const text = `${PRINTABLE}\n${SPECIAL_TOKENS.join('x')}\n<<think>>< bos><eos`;
    expect(decode(encode(text))).toBe(text);
  });

  it('makes each exact special token one id and every other character its own', () => {
    expect(encode('<think>12</think>')).toEqual([3, tokenId('1'), tokenId('2'), 4]);
    expect(encode('<thin>')).toEqual([...'<thin>'].map(tokenId));
    expect(encode('<<bos>>')).toEqual([tokenId('<'), 0, tokenId('>')]);
    expect(encode('a<b')).toEqual([tokenId('a'), tokenId('<'), tokenId('b')]);
  });

  it('prepends <bos> only when asked', () => {
    expect(encode('7', { addBos: true })).toEqual([0, tokenId('7')]);
    expect(encode('')).toEqual([]);
  });

  it('names an unknown character, its code point and its position', () => {
    const error = thrown(() => encode('ab\tc'));
    expect(error).toBeInstanceOf(TokenizerError);
    expect(error.name).toBe('TokenizerError');
    expect(error.message).toContain('U+0009');
    expect(error.message).toContain('position 2');
    expect(thrown(() => encode('1+1=🙂')).message).toContain('U+1F642');
    expect(thrown(() => encode('café')).message).toMatch(/"é" \(U\+00E9\) at position 3/);
  });

  it('hints at the special tokens without naming a source file', () => {
    const error = thrown(() => tokenId('<nope>')) as TokenizerError;
    expect(error.message).toBe('"<nope>" is not a token of the vocabulary.');
    expect(error.hint).toContain('<bos>');
    expect(error.hint).not.toContain('src/');
  });

  it('rejects ids outside the vocabulary', () => {
    expect(thrown(() => decode([5, 135])).message).toContain('135 at position 1');
    expect(() => decode([-1])).toThrow(TokenizerError);
    expect(() => decode([1.5])).toThrow(TokenizerError);
  });
});

describe('HF tokenizer.json', () => {
  const json = JSON.parse(JSON.stringify(tokenizerJson())) as Record<string, unknown>;

  it('loads back as this vocabulary, with <bos> prepended by the post-processor', () => {
    expect(parseTokenizerJson(json)).toEqual({ prependsBos: true });
  });

  it('gives an HF client the ids of encode(text, {addBos: true})', () => {
    const text = `<think>12*34\n=408</think><answer>408</answer> ${PRINTABLE}`;
    expect(hfEncode(json, text)).toEqual(encode(text, { addBos: true }));
  });

  it('decodes by plain concatenation (Fuse), so HF does not add spaces', () => {
    expect(json.decoder).toEqual({ type: 'Fuse' });
  });

  it('rejects a tokenizer.json with another vocabulary, naming the token', () => {
    const model = json.model as { vocab: Record<string, number> };
    const swapped = {
      ...json,
      model: { ...model, vocab: { ...model.vocab, a: model.vocab.b, b: model.vocab.a } },
    };
    const error = thrown(() => parseTokenizerJson(swapped));
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error.message).toContain('"a"');
    // The hint says what a visitor can do, not which source function writes a good file.
    expect((error as CheckpointError).hint).toContain('tokenizer.json out');
    expect((error as CheckpointError).hint).not.toMatch(/saveCheckpoint|tokenizerJson|src\//);
  });

  it('rejects a tokenizer.json without the Fuse decoder or a special token', () => {
    expect(() => parseTokenizerJson({ ...json, decoder: null })).toThrow(/Fuse/);
    const added = (json.added_tokens as unknown[]).slice(1);
    expect(() => parseTokenizerJson({ ...json, added_tokens: added })).toThrow(/<bos>/);
    expect(() => parseTokenizerJson('{}')).toThrow(CheckpointError);
  });

  it('reports no <bos> when the post-processor is null', () => {
    expect(parseTokenizerJson({ ...json, post_processor: null })).toEqual({ prependsBos: false });
  });

  it('has a tokenizer_config.json that turns off HF clean-up of spaces', () => {
    expect(tokenizerConfigJson(64)).toMatchObject({
      bos_token: '<bos>',
      clean_up_tokenization_spaces: false,
    });
  });
});
