// transformers.js as a peer: its AutoModelForCausalLM on a shipped model folder (its own ONNX
// runtime, served from /ort-transformers/, on the wasm or the WebGPU EP), greedy generate() of
// exactly `steps` new tokens for B copies of a prompt, timed around the call.
import { AutoModelForCausalLM, env, type PreTrainedModel, Tensor } from '@huggingface/transformers';
import { TRANSFORMERS_ORT_PATH } from '../../model/onnx/runtimePath.ts';

let configured = false;

function configure(): void {
  if (configured) return;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = '/models/';
  const onnx = env.backends.onnx as { wasm: { wasmPaths: string; numThreads: number } };
  onnx.wasm.wasmPaths = TRANSFORMERS_ORT_PATH;
  onnx.wasm.numThreads = globalThis.crossOriginIsolated ? 2 : 1;
  configured = true;
}

/** public/models/<name>/ through transformers.js (needs its onnx/model.onnx). */
export async function loadTransformersJs(name: string, device: 'wasm' | 'webgpu'): Promise<PreTrainedModel> {
  configure();
  return AutoModelForCausalLM.from_pretrained(name, { device, dtype: 'fp32' });
}

/** Wall ms of a greedy generate() of `newTokens` tokens for B copies of `prompt`. */
export async function transformersGreedy(
  model: PreTrainedModel,
  prompt: number[],
  B: number,
  newTokens: number,
): Promise<number> {
  const ids = new Tensor(
    'int64',
    BigInt64Array.from(Array.from({ length: B }, () => prompt).flat(), BigInt),
    [B, prompt.length],
  );
  const mask = new Tensor('int64', new BigInt64Array(B * prompt.length).fill(1n), [B, prompt.length]);
  const started = performance.now();
  await model.generate({
    input_ids: ids,
    attention_mask: mask,
    max_new_tokens: newTokens,
    min_new_tokens: newTokens,
    do_sample: false,
  });
  return performance.now() - started;
}
