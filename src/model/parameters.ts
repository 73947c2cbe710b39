// The one table of parameter tensors: HF Llama names and shapes in HF order (as llm.c's
// ParameterTensors), used by the checkpoint reader and writer, the reference and the GPU model,
// plus a seeded random init for models that start untrained.
import type { LlamaConfig } from './config.ts';
import { dimsOf } from './config.ts';
import { rngUniform } from './rng.ts';

export interface ParameterSpec {
  name: string;
  /** Row-major, as in PyTorch: a Linear weight is [out, in]. */
  shape: number[];
}

/** Every parameter by HF name; each array is row-major with the table's shape. */
export type ModelWeights = Map<string, Float32Array>;

/** The HF names of layer i's tensors. */
export function layerNames(i: number) {
  const p = `model.layers.${i}`;
  return {
    inputNorm: `${p}.input_layernorm.weight`,
    q: `${p}.self_attn.q_proj.weight`,
    k: `${p}.self_attn.k_proj.weight`,
    v: `${p}.self_attn.v_proj.weight`,
    o: `${p}.self_attn.o_proj.weight`,
    postNorm: `${p}.post_attention_layernorm.weight`,
    gate: `${p}.mlp.gate_proj.weight`,
    up: `${p}.mlp.up_proj.weight`,
    down: `${p}.mlp.down_proj.weight`,
  };
}

export const EMBEDDING = 'model.embed_tokens.weight';
export const FINAL_NORM = 'model.norm.weight';

/** No lm_head: the output head is the embedding (tie_word_embeddings). */
export function parameterTable(config: LlamaConfig): ParameterSpec[] {
  const { V, C, L, H, KV, D, F } = dimsOf(config);
  const table: ParameterSpec[] = [{ name: EMBEDDING, shape: [V, C] }];
  for (let i = 0; i < L; i++) {
    const n = layerNames(i);
    table.push(
      { name: n.inputNorm, shape: [C] },
      { name: n.q, shape: [H * D, C] },
      { name: n.k, shape: [KV * D, C] },
      { name: n.v, shape: [KV * D, C] },
      { name: n.o, shape: [C, H * D] },
      { name: n.postNorm, shape: [C] },
      { name: n.gate, shape: [F, C] },
      { name: n.up, shape: [F, C] },
      { name: n.down, shape: [C, F] },
    );
  }
  table.push({ name: FINAL_NORM, shape: [C] });
  return table;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

export function parameterCount(config: LlamaConfig): number {
  return parameterTable(config).reduce((sum, spec) => sum + elementCount(spec.shape), 0);
}

/** Fills data with normal(0, std) samples (Box–Muller) from the lab's counter-based generator. */
function fillNormal(data: Float32Array, std: number, seed: number, stream: number): void {
  for (let pair = 0; 2 * pair < data.length; pair++) {
    const radius = Math.sqrt(-2 * Math.log(1 - rngUniform(seed, stream, 0, 2 * pair)));
    const angle = 2 * Math.PI * rngUniform(seed, stream, 0, 2 * pair + 1);
    data[2 * pair] = radius * Math.cos(angle) * std;
    if (2 * pair + 1 < data.length) data[2 * pair + 1] = radius * Math.sin(angle) * std;
  }
}

/**
 * GPT-2 style init: normal(0, 0.02) for the embedding and projections, 0.02 / sqrt(2L) for the
 * projections that write into the residual stream (o_proj, down_proj), ones for the norms.
 * Tensor k of the table draws from stream k of rng.ts, so the same (config, seed) always gives
 * the same weights.
 */
export function randomWeights(config: LlamaConfig, seed: number): ModelWeights {
  const residualStd = 0.02 / Math.sqrt(2 * config.num_hidden_layers);
  const weights: ModelWeights = new Map();
  parameterTable(config).forEach(({ name, shape }, tensorIndex) => {
    const data = new Float32Array(elementCount(shape));
    if (shape.length === 1) data.fill(1);
    else fillNormal(data, /\.(o_proj|down_proj)\.weight$/.test(name) ? residualStd : 0.02, seed, tensorIndex);
    weights.set(name, data);
  });
  return weights;
}
