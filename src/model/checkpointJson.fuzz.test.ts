// Seeded fuzzing of the checkpoint's JSON files, config.json and tokenizer.json of
// public/models/tiny-test/: thousands of text and key edits (src/testing/jsonMutations.ts), each
// loaded with the folder's other files, must end in a valid load or a CheckpointError that names
// its file and, unless the file as a whole is unreadable, the key at fault.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEEP_ARRAY,
  DEEP_OBJECT,
  type JsonMutation,
  mutateJson,
  serializeJson,
} from '../testing/jsonMutations.ts';
import { mulberry32 } from '../testing/random.ts';
import { type CheckpointFiles, loadCheckpoint } from './checkpoint.ts';
import { CheckpointError } from './checkpointError.ts';

const MUTATIONS = 3000;
const FOLDER = new URL('../../public/models/tiny-test/', import.meta.url);
const tiny = {
  config: readFileSync(new URL('config.json', FOLDER), 'utf8'),
  tokenizer: readFileSync(new URL('tokenizer.json', FOLDER), 'utf8'),
  safetensors: new Uint8Array(readFileSync(new URL('model.safetensors', FOLDER))),
};
type JsonFile = 'config.json' | 'tokenizer.json';

/** A config key whose edit may fail on another key's check (the token ids must fit vocab_size, …). */
const CHECKED_WITH: Record<string, readonly string[]> = {
  vocab_size: ['bos_token_id', 'eos_token_id', 'pad_token_id'],
  num_attention_heads: ['num_key_value_heads', 'head_dim', 'hidden_size'],
  hidden_size: ['head_dim'],
  head_dim: ['hidden_size'],
};
/** The errors about the file as a whole, which have no key to name. */
const WHOLE_FILE = /is not valid JSON|is not a JSON object/;

/** Why `error` is not a CheckpointError naming `file` and the edited key; null when it is. */
function wrongError(error: unknown, file: JsonFile, mutation: JsonMutation): string | null {
  if (!(error instanceof CheckpointError)) return `threw ${String(error).slice(0, 200)}`;
  const { file: named, field, tensor } = error.details;
  // A config of other sizes than the weights: the loader names the first tensor that disagrees.
  if (file === 'config.json' && named === 'model.safetensors') return tensor ? null : 'names no tensor';
  if (named !== file) return `names the file ${named}: ${error.message}`;
  if (field === undefined) return WHOLE_FILE.test(error.message) ? null : `names no key: ${error.message}`;
  if (mutation.path === null) return null;
  const edited = String(mutation.path[0]);
  const faulted = field.split('.')[0];
  if (faulted === edited || CHECKED_WITH[edited]?.includes(faulted)) return null;
  return `names "${field}" for an edit of "${mutation.path.join('.')}": ${error.message}`;
}

function filesWith(file: JsonFile, text: string): CheckpointFiles {
  return file === 'config.json' ? { ...tiny, config: text } : { ...tiny, tokenizer: text };
}

function loadError(files: CheckpointFiles): CheckpointError {
  try {
    loadCheckpoint(files);
  } catch (error) {
    if (error instanceof CheckpointError) return error;
    throw error;
  }
  throw new Error('the checkpoint was accepted');
}

describe.each([
  ['config.json', tiny.config, 20240602],
  ['tokenizer.json', tiny.tokenizer, 20240603],
] as const)('%s under fuzzing', (file, valid, seed) => {
  it(`ends each of ${MUTATIONS} seeded mutations in a valid load or a CheckpointError naming the key`, () => {
    const random = mulberry32(seed);
    const outcomes = { loaded: 0, namedKey: 0, wholeFile: 0, mismatch: 0 };
    const started = performance.now();
    for (let i = 0; i < MUTATIONS; i++) {
      const mutation = mutateJson(random, valid);
      try {
        const { weights } = loadCheckpoint(filesWith(file, mutation.text));
        for (const data of weights.values()) expect(data.every(Number.isFinite)).toBe(true);
        outcomes.loaded++;
      } catch (error) {
        const wrong = wrongError(error, file, mutation);
        const where = mutation.path ? ` at ${mutation.path.join('.')}` : '';
        if (wrong !== null) throw new Error(`mutation ${i} (${mutation.kind}${where}) ${wrong}`);
        const { details } = error as CheckpointError;
        if (details.file !== file) outcomes.mismatch++;
        else if (details.field === undefined) outcomes.wholeFile++;
        else outcomes.namedKey++;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz ${file}: ${MUTATIONS} mutations, ${JSON.stringify(outcomes)}, ${seconds.toFixed(2)} s`);
    expect(outcomes.loaded).toBeGreaterThan(MUTATIONS / 20);
    expect(outcomes.namedKey).toBeGreaterThan(MUTATIONS / 5);
    expect(outcomes.wholeFile).toBeGreaterThan(MUTATIONS / 20);
  });
});

describe('JSON mutations the fuzzer found', () => {
  it('a config.json key nested 100,000 deep is named, not a stack overflow', () => {
    const text = serializeJson({ ...JSON.parse(tiny.config), model_type: DEEP_ARRAY });
    const error = loadError(filesWith('config.json', text));
    expect(error.details).toMatchObject({ file: 'config.json', field: 'model_type' });
    expect(error.message).toBe('config.json: "model_type" nests more than 32 levels deep');
    // An already parsed config is held to the same depth.
    const parsed = JSON.parse(serializeJson({ ...JSON.parse(tiny.config), rope_theta: DEEP_OBJECT }));
    expect(loadError({ ...tiny, config: parsed }).details.field).toBe('rope_theta');
  });

  it('a tokenizer.json key nested 100,000 deep is named, not a stack overflow', () => {
    const text = serializeJson({ ...JSON.parse(tiny.tokenizer), pre_tokenizer: DEEP_OBJECT });
    expect(loadError(filesWith('tokenizer.json', text)).details).toMatchObject({
      file: 'tokenizer.json',
      field: 'pre_tokenizer',
    });
  });

  const tokenizerWith = (key: string, value: unknown) =>
    JSON.stringify({ ...JSON.parse(tiny.tokenizer), [key]: value });
  const vocab = JSON.parse(tiny.tokenizer).model.vocab;
  it.each([
    ['model', 5, 'model.vocab'],
    ['model', { vocab: { ...vocab, a: '4' } }, 'model.vocab'],
    ['added_tokens', {}, 'added_tokens'],
    ['decoder', null, 'decoder'],
    ['post_processor', [], 'post_processor'],
  ])('a tokenizer.json with a bad %s names the key %s', (key, value, field) => {
    const error = loadError(filesWith('tokenizer.json', tokenizerWith(key, value)));
    expect(error.details).toMatchObject({ file: 'tokenizer.json', field });
  });
});
