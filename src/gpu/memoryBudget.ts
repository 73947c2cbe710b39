// How much GPU memory the lab lets its live buffers hold at once, and the hint every memory limit
// error gives. WebGPU does not say how much memory an adapter has, so the budget is ours: on
// SwiftShader (buffers live in host RAM, shared with the browser) 2 GiB, on a hardware GPU 4 GiB.
// The largest real use, a GRPO step of 128 rollouts on lab-base, holds well under 100 MiB; a
// config that asks for far more (a 1M-position KV cache) is refused with a typed error that names
// the request instead of growing the browser to gigabytes and failing with raw WebGPU text.
import type { AdapterFacts } from './adapterFacts.ts';

const GIB = 1024 ** 3;

export function gpuMemoryBudget(facts: Pick<AdapterFacts, 'rung'>): number {
  return facts.rung === 'swiftshader' ? 2 * GIB : 4 * GIB;
}

export const MEMORY_HINT =
  'Ask for less: fewer rows or new tokens at once, or a model whose config.json asks for fewer positions (max_position_embeddings) or smaller layers.';
