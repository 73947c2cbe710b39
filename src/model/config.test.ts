import { describe, expect, it } from 'vitest';
import { CheckpointError } from './checkpointError.ts';
import { configToJson, defaultConfig, dimsOf, parseConfig } from './config.ts';

function thrown(parse: () => unknown): CheckpointError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    return error as CheckpointError;
  }
  throw new Error('parseConfig accepted a bad config');
}

function expectConfigError(json: unknown, field: string): void {
  try {
    parseConfig(json);
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).message).toContain(`"${field}"`);
    expect((error as CheckpointError).details.field).toBe(field);
    expect((error as CheckpointError).hint).not.toBe('');
    return;
  }
  throw new Error(`parseConfig accepted a bad ${field}`);
}

describe('config.json', () => {
  it('round-trips through configToJson and parseConfig unchanged', () => {
    const config = defaultConfig({ head_dim: 10, num_attention_heads: 6, num_key_value_heads: 3 });
    expect(parseConfig(JSON.parse(configToJson(config)))).toEqual(config);
  });

  it('writes the HF keys that clients rely on', () => {
    const json = JSON.parse(configToJson(defaultConfig()));
    expect(json).toMatchObject({
      model_type: 'llama',
      architectures: ['LlamaForCausalLM'],
      tie_word_embeddings: true,
      num_key_value_heads: 2,
      head_dim: 8,
      bos_token_id: 0,
      eos_token_id: 1,
      pad_token_id: 2,
      vocab_size: 135,
    });
  });

  it('names the shape letters of the config', () => {
    const dims = dimsOf(defaultConfig({ rope_theta: 500, rms_norm_eps: 1e-6 }));
    expect(dims).toEqual({
      V: 135,
      C: 32,
      L: 2,
      H: 4,
      KV: 2,
      D: 8,
      F: 64,
      maxT: 64,
      ropeTheta: 500,
      eps: 1e-6,
    });
  });

  it('takes HF defaults for absent head_dim, num_key_value_heads and biases', () => {
    const json: Record<string, unknown> = JSON.parse(configToJson(defaultConfig({ num_attention_heads: 8 })));
    delete json.head_dim;
    delete json.num_key_value_heads;
    delete json.attention_bias;
    const config = parseConfig(json);
    expect(config.head_dim).toBe(4);
    expect(config.num_key_value_heads).toBe(8);
    expect(config.attention_bias).toBe(false);
  });

  it('reads float16 and bfloat16 configs as float32 weights', () => {
    expect(parseConfig({ ...defaultConfig(), torch_dtype: 'bfloat16' }).torch_dtype).toBe('float32');
  });

  const base = defaultConfig();
  it.each([
    ['vocab_size', 0],
    ['hidden_size', 32.5],
    ['num_hidden_layers', '2'],
    ['intermediate_size', -64],
    ['max_position_embeddings', 2 ** 40],
    ['num_key_value_heads', 3],
    ['head_dim', 7],
    ['rope_theta', 0],
    ['rms_norm_eps', Number.NaN],
    ['bos_token_id', 135],
    ['eos_token_id', [1, 2]],
    ['pad_token_id', -1],
    ['tie_word_embeddings', false],
    ['model_type', 'gpt2'],
    ['hidden_act', 'gelu'],
    ['attention_bias', true],
    ['torch_dtype', 'int8'],
    ['rope_scaling', { type: 'linear', factor: 2 }],
  ])('rejects %s = %j, naming the field', (field, value) => {
    const json = { ...base, [field]: value };
    if (field === 'head_dim') json.hidden_size = 30;
    expectConfigError(json, field);
  });

  it.each([undefined, null])(
    'names hidden_size not divisible by the heads when head_dim = %j has no default',
    (headDim) => {
      const json = { ...base, hidden_size: 30, head_dim: headDim };
      expectConfigError(json, 'hidden_size');
      expect(() => parseConfig(json)).toThrow(
        'config.json: "hidden_size" (30) is not divisible by num_attention_heads (4), so head_dim has no default',
      );
    },
  );

  it('names the form a config came from, not config.json, and cuts long values', () => {
    const form = { name: 'Random init', hint: 'Change the shape in the form.' };
    const error = thrown(() => parseConfig({ ...base, num_key_value_heads: 3 }, form));
    expect(error.message).toBe('Random init: "num_key_value_heads" (3) must divide num_attention_heads (4)');
    expect(error.hint).toBe(form.hint);
    expect(error.details.file).toBeUndefined();
    expect(() => parseConfig({ ...base, model_type: 'x'.repeat(100_000) })).toThrow(
      `got "${'x'.repeat(40)}…" (100000 characters)`,
    );
  });

  it('hints at what a visitor can do, never at source files', () => {
    const { hint } = thrown(() => parseConfig({ ...base, vocab_size: 0 }));
    expect(hint).toContain('Download its folder');
    expect(hint).not.toMatch(/saveCheckpoint|src\//);
  });

  it('rejects a config without tie_word_embeddings (HF would default it to false)', () => {
    const { tie_word_embeddings: _, ...json } = base;
    expectConfigError(json, 'tie_word_embeddings');
  });

  it('rejects what is not an object', () => {
    expect(() => parseConfig([base])).toThrow(CheckpointError);
    expect(() => parseConfig(null)).toThrow(CheckpointError);
  });
});
