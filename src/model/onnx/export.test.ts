// The ONNX export run by onnxruntime-web (wasm, in Node) against our CPU reference model: a
// prefill and three cached decode steps, and a left-padded batch (HF's position_ids), with grouped
// KV heads and an odd head dim. Tolerance: max |ONNX − reference| / max |reference| <= 1e-5.
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { relativeError } from '../../testing/allclose.ts';
import { dimsOf } from '../config.ts';
import { loadGolden } from '../fixtures/goldenNode.ts';
import { ReferenceKvCache, referenceForward, tokenChunk } from '../referenceModel.ts';
import { exportOnnx } from './export.ts';

ort.env.wasm.numThreads = 1;

const BOUND = 1e-5;

describe.each(['gqa-hd10', 'mha-theta500'] as const)('ONNX export of %s', (name) => {
  it('writes only initializers a node reads (onnxruntime warns of each unused one)', () => {
    const { config, weights } = loadGolden(name);
    const { graph } = onnxProto.onnx.ModelProto.decode(exportOnnx(config, weights));
    const read = new Set(graph?.node?.flatMap((node) => node.input ?? []));
    const unused = (graph?.initializer ?? []).map((t) => t.name).filter((n) => !read.has(n ?? ''));
    expect(unused).toEqual([]);
  });

  it('gives the reference logits for a prefill and cached decode steps', async () => {
    const { config, weights } = loadGolden(name);
    const { V, KV, D, L } = dimsOf(config);
    const session = await ort.InferenceSession.create(exportOnnx(config, weights), {
      executionProviders: ['wasm'],
    });
    const prompt = [0, 40, 41, 12, 42, 43];
    const int64 = (values: number[], dims: number[]) =>
      new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), dims);
    let past: Record<string, ort.Tensor> = {};
    for (let l = 0; l < L; l++) {
      past[`past_key_values.${l}.key`] = new ort.Tensor('float32', new Float32Array(0), [1, KV, 0, D]);
      past[`past_key_values.${l}.value`] = new ort.Tensor('float32', new Float32Array(0), [1, KV, 0, D]);
    }
    const cache = new ReferenceKvCache(config, 1);
    let tokens = prompt;
    let offset = 0;
    for (let step = 0; step < 4; step++) {
      const expected = referenceForward(
        config,
        weights,
        tokenChunk([tokens], [offset], config.pad_token_id),
        cache,
      ).logits;
      const total = offset + tokens.length;
      const out = await session.run({
        input_ids: int64(tokens, [1, tokens.length]),
        attention_mask: int64(new Array(total).fill(1), [1, total]),
        position_ids: int64(
          tokens.map((_, i) => offset + i),
          [1, tokens.length],
        ),
        ...past,
      });
      const logits = out.logits.data as Float32Array;
      expect(out.logits.dims).toEqual([1, tokens.length, V]);
      expect(relativeError(logits, expected), `step ${step}`).toBeLessThan(BOUND);
      past = {};
      for (let l = 0; l < L; l++) {
        past[`past_key_values.${l}.key`] = out[`present.${l}.key`];
        past[`past_key_values.${l}.value`] = out[`present.${l}.value`];
      }
      offset = total;
      const lastRow = logits.subarray((tokens.length - 1) * V, tokens.length * V);
      tokens = [lastRow.indexOf(Math.max(...lastRow))];
    }
  });

  it('masks left padding in a batch as transformers.js feeds it', async () => {
    const { config, weights } = loadGolden(name);
    const { V, KV, D, L } = dimsOf(config);
    const session = await ort.InferenceSession.create(exportOnnx(config, weights), {
      executionProviders: ['wasm'],
    });
    const prompts = [
      [0, 40, 41, 12, 42],
      [0, 43, 44],
    ];
    const T = 5;
    const ids: number[] = [];
    const mask: number[] = [];
    const positions: number[] = [];
    for (const p of prompts) {
      const pad = T - p.length;
      ids.push(...new Array(pad).fill(config.pad_token_id), ...p);
      mask.push(...new Array(pad).fill(0), ...p.map(() => 1));
      positions.push(...new Array(pad).fill(1), ...p.map((_, i) => i));
    }
    const int64 = (values: number[]) =>
      new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [2, T]);
    const past: Record<string, ort.Tensor> = {};
    for (let l = 0; l < L; l++) {
      past[`past_key_values.${l}.key`] = new ort.Tensor('float32', new Float32Array(0), [2, KV, 0, D]);
      past[`past_key_values.${l}.value`] = new ort.Tensor('float32', new Float32Array(0), [2, KV, 0, D]);
    }
    const out = await session.run({
      input_ids: int64(ids),
      attention_mask: int64(mask),
      position_ids: int64(positions),
      ...past,
    });
    const logits = out.logits.data as Float32Array;
    for (const [b, p] of prompts.entries()) {
      const expected = referenceForward(
        config,
        weights,
        tokenChunk([p], [0], config.pad_token_id),
        new ReferenceKvCache(config, 1),
      ).logits;
      const rows = logits.subarray((b * T + T - p.length) * V, (b + 1) * T * V);
      expect(relativeError(rows, expected), `prompt ${b}`).toBeLessThan(BOUND);
    }
  });
});
