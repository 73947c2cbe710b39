import { describe, expect, it } from 'vitest';
import { defaultConfig } from './config.ts';
import { elementCount, parameterCount, parameterTable, randomWeights } from './parameters.ts';

function stats(data: Float32Array): { mean: number; std: number } {
  const mean = data.reduce((s, v) => s + v, 0) / data.length;
  const variance = data.reduce((s, v) => s + (v - mean) ** 2, 0) / data.length;
  return { mean, std: Math.sqrt(variance) };
}

describe('parameter table', () => {
  it('lists HF names and [out, in] shapes in HF order, without lm_head', () => {
    const table = parameterTable(defaultConfig({ num_hidden_layers: 1, head_dim: 10 }));
    expect(table).toEqual([
      { name: 'model.embed_tokens.weight', shape: [135, 32] },
      { name: 'model.layers.0.input_layernorm.weight', shape: [32] },
      { name: 'model.layers.0.self_attn.q_proj.weight', shape: [40, 32] },
      { name: 'model.layers.0.self_attn.k_proj.weight', shape: [20, 32] },
      { name: 'model.layers.0.self_attn.v_proj.weight', shape: [20, 32] },
      { name: 'model.layers.0.self_attn.o_proj.weight', shape: [32, 40] },
      { name: 'model.layers.0.post_attention_layernorm.weight', shape: [32] },
      { name: 'model.layers.0.mlp.gate_proj.weight', shape: [64, 32] },
      { name: 'model.layers.0.mlp.up_proj.weight', shape: [64, 32] },
      { name: 'model.layers.0.mlp.down_proj.weight', shape: [32, 64] },
      { name: 'model.norm.weight', shape: [32] },
    ]);
  });

  it('counts the tiny test model as 22,912 parameters', () => {
    // 135*32 + 2 * (32 + 32*32 + 2 * 16*32 + 32*32 + 32 + 3 * 64*32) + 32
    expect(parameterCount(defaultConfig())).toBe(22_912);
  });
});

describe('randomWeights', () => {
  const config = defaultConfig();

  it('gives every table tensor its shape', () => {
    const weights = randomWeights(config, 1);
    for (const { name, shape } of parameterTable(config))
      expect(weights.get(name)?.length).toBe(elementCount(shape));
    expect(weights.size).toBe(parameterTable(config).length);
  });

  it('is reproducible from its seed and differs between seeds', () => {
    const a = randomWeights(config, 7).get('model.layers.1.mlp.up_proj.weight');
    expect(randomWeights(config, 7).get('model.layers.1.mlp.up_proj.weight')).toEqual(a);
    expect(randomWeights(config, 8).get('model.layers.1.mlp.up_proj.weight')).not.toEqual(a);
  });

  it('draws matrices from normal(0, 0.02), residual projections scaled by 1/sqrt(2L), norms at 1', () => {
    const weights = randomWeights(config, 3);
    const embedding = stats(weights.get('model.embed_tokens.weight') as Float32Array);
    expect(Math.abs(embedding.mean)).toBeLessThan(0.002);
    expect(embedding.std).toBeGreaterThan(0.019);
    expect(embedding.std).toBeLessThan(0.021);
    const down = stats(weights.get('model.layers.0.mlp.down_proj.weight') as Float32Array);
    expect(down.std).toBeGreaterThan(0.0095);
    expect(down.std).toBeLessThan(0.0105);
    expect([...(weights.get('model.norm.weight') as Float32Array)].every((v) => v === 1)).toBe(true);
  });

  it('draws different values for different tensors of the same shape', () => {
    const weights = randomWeights(config, 3);
    expect(weights.get('model.layers.0.mlp.gate_proj.weight')).not.toEqual(
      weights.get('model.layers.0.mlp.up_proj.weight'),
    );
  });
});
