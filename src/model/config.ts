// The model's config: exactly the keys of a Hugging Face Llama `config.json`, validated field by
// field (parseConfig), plus the short shape letters the kernels and the reference use (dimsOf).
// Sizes are config, never constants: every other module reads them from here.
import { CheckpointError } from './checkpointError.ts';
import { echo } from './echo.ts';
import { tokenId, VOCAB_SIZE } from './tokenizer.ts';

/** The keys of HF `LlamaConfig` that this lab reads and writes, spelled as in config.json. */
export interface LlamaConfig {
  model_type: 'llama';
  architectures: ['LlamaForCausalLM'];
  vocab_size: number;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads: number;
  /** Free: it may differ from hidden_size / num_attention_heads, and may be odd. */
  head_dim: number;
  max_position_embeddings: number;
  rope_theta: number;
  rms_norm_eps: number;
  /** Always true: the output head is the token embedding (HF's default is false, so it is written). */
  tie_word_embeddings: true;
  hidden_act: 'silu';
  /** Weights are f32 once loaded; F16/BF16 files are converted on load. */
  torch_dtype: 'float32';
  bos_token_id: number;
  eos_token_id: number;
  pad_token_id: number;
  attention_bias: false;
  mlp_bias: false;
}

/** Shape letters of style-examples: V vocab, C hidden, L layers, H heads, KV kv heads, D head dim, F MLP. */
export interface ModelDims {
  V: number;
  C: number;
  L: number;
  H: number;
  KV: number;
  D: number;
  F: number;
  maxT: number;
  ropeTheta: number;
  eps: number;
}

export function dimsOf(config: LlamaConfig): ModelDims {
  return {
    V: config.vocab_size,
    C: config.hidden_size,
    L: config.num_hidden_layers,
    H: config.num_attention_heads,
    KV: config.num_key_value_heads,
    D: config.head_dim,
    F: config.intermediate_size,
    maxT: config.max_position_embeddings,
    ropeTheta: config.rope_theta,
    eps: config.rms_norm_eps,
  };
}

/** Each size stays below this so products of two sizes remain exact integers. */
const MAX_SIZE = 1 << 20;

/** Where a config came from, for its messages: a checkpoint's config.json, or a form such as random init. */
export interface ConfigSource {
  /** Opens each message: `config.json: "hidden_size" must be …`. */
  name: string;
  /** What to do about a bad key. */
  hint: string;
  /** The checkpoint file it was read from, when there is one. */
  file?: string;
}

export const CONFIG_FILE: ConfigSource = {
  name: 'config.json',
  hint:
    'Fix this key in config.json (the keys of a Hugging Face LlamaConfig), or export the model again ' +
    '(the Models page\'s "Download its folder" writes a valid config).',
  file: 'config.json',
};

type Json = Record<string, unknown>;

/** The checks of one config's keys; each failure names the key and the source. */
function keyChecks(json: Json, source: ConfigSource) {
  const fail = (field: string, problem: string): never => {
    throw new CheckpointError(`${source.name}: "${field}" ${problem}`, source.hint, {
      ...(source.file && { file: source.file }),
      field,
    });
  };
  return {
    fail,
    size(field: string, fallback?: number): number {
      const value = json[field] ?? fallback;
      if (value === undefined) fail(field, 'is missing');
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_SIZE) {
        fail(field, `must be an integer in [1, ${MAX_SIZE}], got ${echo(value)}`);
      }
      return value as number;
    },
    positiveReal(field: string, max: number): number {
      const value = json[field];
      if (typeof value !== 'number' || !(value > 0) || !(value <= max)) {
        fail(field, `must be a number in (0, ${max}], got ${echo(value)}`);
      }
      return value as number;
    },
    tokenId(field: string, vocabSize: number): number {
      const value = json[field];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= vocabSize) {
        fail(field, `must be one token id in [0, vocab_size=${vocabSize}), got ${echo(value)}`);
      }
      return value as number;
    },
    /** A key that may be absent (HF's default then applies) but, when present, must have this value. */
    fixed(field: string, expected: unknown, defaultIsOk: boolean): void {
      const value = json[field];
      if (value === undefined && defaultIsOk) return;
      if (JSON.stringify(value) !== JSON.stringify(expected)) {
        fail(
          field,
          `must be ${JSON.stringify(expected)} (the only value this lab supports), got ${echo(value)}`,
        );
      }
    },
  };
}

/**
 * Validates a parsed config.json. Absent keys take HF's defaults where HF has one that we support
 * (head_dim = hidden_size / heads, num_key_value_heads = heads, no biases); tie_word_embeddings
 * must be present because HF's default (false) is not ours. Float16/bfloat16 torch_dtype is
 * accepted and read as float32, because the loader converts those weights. Messages open with
 * `source.name` and carry its hint (a file's config.json by default).
 */
export function parseConfig(json: unknown, source: ConfigSource = CONFIG_FILE): LlamaConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CheckpointError(`${source.name} is not a JSON object.`, source.hint, {
      ...(source.file && { file: source.file }),
    });
  }
  const c = json as Json;
  const { fail, size, positiveReal, tokenId: tokenIdKey, fixed } = keyChecks(c, source);
  fixed('model_type', 'llama', false);
  if (c.architectures !== undefined) fixed('architectures', ['LlamaForCausalLM'], false);
  fixed('tie_word_embeddings', true, false);
  fixed('hidden_act', 'silu', true);
  fixed('attention_bias', false, true);
  fixed('mlp_bias', false, true);
  if (c.rope_scaling !== undefined && c.rope_scaling !== null)
    fail('rope_scaling', 'must be null (no RoPE scaling)');
  if (c.torch_dtype !== undefined && !['float32', 'float16', 'bfloat16'].includes(c.torch_dtype as string)) {
    fail('torch_dtype', `must be "float32", "float16" or "bfloat16", got ${echo(c.torch_dtype)}`);
  }
  const vocabSize = size('vocab_size');
  const hiddenSize = size('hidden_size');
  const heads = size('num_attention_heads');
  const kvHeads = size('num_key_value_heads', heads);
  if (heads % kvHeads !== 0) {
    fail('num_key_value_heads', `(${kvHeads}) must divide num_attention_heads (${heads})`);
  }
  // HF's head_dim defaults to hidden_size / heads; without an exact quotient the key is required.
  if ((c.head_dim === undefined || c.head_dim === null) && hiddenSize % heads !== 0) {
    fail(
      'hidden_size',
      `(${hiddenSize}) is not divisible by num_attention_heads (${heads}), so head_dim has no default: ` +
        'give "head_dim", or sizes where the heads divide the hidden size',
    );
  }
  const headDim = size('head_dim', hiddenSize / heads);
  if (headDim % 2 !== 0)
    fail('head_dim', `(${headDim}) must be even: rotary embeddings rotate pairs of dims`);
  return {
    model_type: 'llama',
    architectures: ['LlamaForCausalLM'],
    vocab_size: vocabSize,
    hidden_size: hiddenSize,
    intermediate_size: size('intermediate_size'),
    num_hidden_layers: size('num_hidden_layers'),
    num_attention_heads: heads,
    num_key_value_heads: kvHeads,
    head_dim: headDim,
    max_position_embeddings: size('max_position_embeddings'),
    rope_theta: positiveReal('rope_theta', 1e12),
    rms_norm_eps: positiveReal('rms_norm_eps', 1),
    tie_word_embeddings: true,
    hidden_act: 'silu',
    torch_dtype: 'float32',
    bos_token_id: tokenIdKey('bos_token_id', vocabSize),
    eos_token_id: tokenIdKey('eos_token_id', vocabSize),
    pad_token_id: tokenIdKey('pad_token_id', vocabSize),
    attention_bias: false,
    mlp_bias: false,
  };
}

/**
 * The tiny test model's config (V 135, C 32, L 2, H 4, KV 2, D 8, F 64, 64 positions) with
 * `overrides` applied and validated; tests state only the sizes they care about. `source` names
 * who gave the overrides in messages (a form such as random init).
 */
export function defaultConfig(
  overrides: Partial<LlamaConfig> = {},
  source: ConfigSource = CONFIG_FILE,
): LlamaConfig {
  return parseConfig(
    {
      model_type: 'llama',
      architectures: ['LlamaForCausalLM'],
      vocab_size: VOCAB_SIZE,
      hidden_size: 32,
      intermediate_size: 64,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      head_dim: 8,
      max_position_embeddings: 64,
      rope_theta: 10000,
      rms_norm_eps: 1e-5,
      tie_word_embeddings: true,
      hidden_act: 'silu',
      torch_dtype: 'float32',
      bos_token_id: tokenId('<bos>'),
      eos_token_id: tokenId('<eos>'),
      pad_token_id: tokenId('<pad>'),
      attention_bias: false,
      mlp_bias: false,
      ...overrides,
    },
    source,
  );
}

/** config.json text, keys in the interface's order. */
export function configToJson(config: LlamaConfig): string {
  return `${JSON.stringify(parseConfig(config), null, 2)}\n`;
}
