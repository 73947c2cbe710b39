// Our ONNX export under onnxruntime-web in the browser, with its wasm and its WebGPU execution
// providers (runtime files served from our origin at /ort/), against our own GPU transformer on
// the same tokens: a prefill and three cached decode steps. Bound: max |ORT − ours| / max |ours|
// <= 1e-4 (both f32; the two runtimes sum in different orders).
import * as ort from 'onnxruntime-web/webgpu';
import { afterEach, describe, expect, it } from 'vitest';
import { readF32 } from '../../gpu/readback.ts';
import { relativeError } from '../../testing/allclose.ts';
import { expectNoGpuErrors, testGpu } from '../../testing/gpu.ts';
import { dimsOf } from '../config.ts';
import { fetchGolden } from '../fixtures/golden.ts';
import { KvCache } from '../kvCache.ts';
import { tokenChunk } from '../referenceModel.ts';
import { GpuTransformer } from '../transformer.ts';
import { exportOnnx } from './export.ts';
import { ORT_PATH } from './runtimePath.ts';

afterEach(expectNoGpuErrors);

ort.env.wasm.wasmPaths = ORT_PATH;
ort.env.wasm.numThreads = 1;
const BOUND = 1e-4;

describe.each(['wasm', 'webgpu'] as const)('onnxruntime-web (%s EP) on our export', (provider) => {
  it('gives our GPU logits for a prefill and three cached decode steps', async () => {
    const gpu = await testGpu();
    const { config, weights } = await fetchGolden('gqa-hd10');
    const { V, KV, D, L } = dimsOf(config);
    const model = await GpuTransformer.create(gpu, config, weights);
    const cache = new KvCache(gpu, config, 1);
    const session = await ort.InferenceSession.create(exportOnnx(config, weights), {
      executionProviders: [provider],
    });
    const int64 = (values: number[]) =>
      new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
    let past: Record<string, ort.Tensor> = {};
    for (let l = 0; l < L; l++) {
      for (const kind of ['key', 'value'])
        past[`past_key_values.${l}.${kind}`] = new ort.Tensor('float32', new Float32Array(0), [1, KV, 0, D]);
    }
    let tokens = [0, 40, 41, 12, 42, 43, 44];
    let offset = 0;
    for (let step = 0; step < 4; step++) {
      const acts = await model.forward(tokenChunk([tokens], [offset], config.pad_token_id), cache);
      const ours = await readF32(gpu, acts.logits, tokens.length * V);
      const total = offset + tokens.length;
      const out = await session.run({
        input_ids: int64(tokens),
        attention_mask: int64(new Array(total).fill(1)),
        position_ids: int64(tokens.map((_, i) => offset + i)),
        ...past,
      });
      const theirs = (await out.logits.getData()) as Float32Array;
      expect(relativeError(theirs, ours), `step ${step}`).toBeLessThan(BOUND);
      past = {};
      for (let l = 0; l < L; l++) {
        for (const kind of ['key', 'value'])
          past[`past_key_values.${l}.${kind}`] = out[`present.${l}.${kind}`];
      }
      offset = total;
      const last = ours.subarray((tokens.length - 1) * V);
      tokens = [last.indexOf(Math.max(...last))];
    }
    await session.release();
    cache.destroy();
    model.destroy();
  });
});
