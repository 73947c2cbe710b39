// transformers.js as an independent client of our model folder: its own AutoTokenizer and
// AutoModelForCausalLM load public/models/tiny-test/ (config.json, tokenizer.json,
// tokenizer_config.json, onnx/model.onnx) from our server, with the onnxruntime-web build it pins
// served from /ort-transformers/; its tokens equal our encoder's and its greedy generation equals
// our GPU generation loop token for token.
import { AutoModelForCausalLM, AutoTokenizer, env, type Tensor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { fetchCheckpoint } from '../model/checkpoint.ts';
import { TRANSFORMERS_ORT_PATH } from '../model/onnx/runtimePath.ts';
import { encode } from '../model/tokenizer.ts';
import { GpuTransformer } from '../model/transformer.ts';
import { testGpu } from '../testing/gpu.ts';
import { Generator } from './generate.ts';
import { GREEDY } from './samplerReference.ts';

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = '/models/';
const onnxEnv = env.backends.onnx as { wasm: { wasmPaths: string; numThreads: number } };
onnxEnv.wasm.wasmPaths = TRANSFORMERS_ORT_PATH;
onnxEnv.wasm.numThreads = 1;

const PROMPT = '12+34=<think>';
const NEW_TOKENS = 12;

describe('transformers.js on our folder', () => {
  it('tokenizes like us and generates greedily what our GPU loop generates', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained('tiny-test');
    const ids = encode(PROMPT, { addBos: true });
    const encoded = tokenizer(PROMPT) as { input_ids: Tensor; attention_mask: Tensor };
    expect(Array.from(encoded.input_ids.data as BigInt64Array, Number)).toEqual(ids);

    const model = await AutoModelForCausalLM.from_pretrained('tiny-test', { device: 'wasm', dtype: 'fp32' });
    const output = (await model.generate({
      ...encoded,
      max_new_tokens: NEW_TOKENS,
      do_sample: false,
    })) as Tensor;
    const theirs = Array.from(output.data as BigInt64Array, Number).slice(ids.length);

    const gpu = await testGpu();
    const { config, weights } = await fetchCheckpoint('/models/tiny-test');
    const transformer = await GpuTransformer.create(gpu, config, weights);
    const generator = await Generator.create(gpu, transformer);
    const ours = await generator.generate({
      prompts: [ids],
      sampling: GREEDY,
      seed: 0,
      maxNewTokens: NEW_TOKENS,
    });
    const tokens = ours.sequences[0].tokens;
    expect(theirs.slice(0, tokens.length)).toEqual(tokens);
    expect(tokens.length).toBeGreaterThan(0);
    generator.destroy();
    transformer.destroy();
    await model.dispose();
  });
});
