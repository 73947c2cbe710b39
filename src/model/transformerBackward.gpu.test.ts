// The whole backward on the GPU against the CPU reference training step (referenceTrain.ts, itself
// checked against finite differences): the loss and the gradient of every HF tensor, on a ragged
// batch with a partial loss mask, for configs with grouped KV heads and odd sizes; gradients add
// up over micro-batches; no buffer growth over many steps.
import { afterEach, describe, expect, it } from 'vitest';
import { CommandBatch } from '../gpu/dispatch.ts';
import { readF32 } from '../gpu/readback.ts';
import { relativeError } from '../testing/allclose.ts';
import { expectNoGpuErrors, testGpu } from '../testing/gpu.ts';
import { defaultConfig, type LlamaConfig } from './config.ts';
import { GpuGradients } from './gpuGradients.ts';
import { KvCache } from './kvCache.ts';
import { type ModelWeights, parameterTable, randomWeights } from './parameters.ts';
import { tokenChunk } from './referenceModel.ts';
import { referenceLossAndGradients, type TrainingBatch } from './referenceTrain.ts';
import { GpuTransformer } from './transformer.ts';
import { GpuBackward } from './transformerBackward.ts';

afterEach(expectNoGpuErrors);

/** Per tensor: max |GPU − CPU| / max |CPU|; f32 GPU sums against float64 ones. */
const GRADIENT_BOUND = 1e-4;

function strongWeights(config: LlamaConfig, seed: number): ModelWeights {
  const weights = randomWeights(config, seed);
  for (const [name, data] of weights) if (!name.endsWith('norm.weight')) data.set(data.map((v) => v * 10));
  return weights;
}

function trainingBatch(sequences: number[][], maskFrom: number): TrainingBatch {
  const input = tokenChunk(sequences, new Array(sequences.length).fill(0), 2);
  const targets: number[] = [];
  const mask: number[] = [];
  sequences.forEach((tokens) => {
    for (let t = 0; t < input.T; t++) {
      const valid = t + 1 < tokens.length;
      targets.push(valid ? tokens[t + 1] : 1);
      mask.push(valid && t >= maskFrom ? 1 : 0);
    }
  });
  return { input, targets, mask };
}

async function gpuStep(
  model: GpuTransformer,
  backward: GpuBackward,
  grads: GpuGradients,
  batch: TrainingBatch,
  clear = true,
) {
  const gpu = await testGpu();
  const cache = new KvCache(gpu, model.config, batch.input.B);
  const acts = await model.forward(batch.input, cache, { train: true });
  const targets = gpu.buffers.upload('test.targets', Uint32Array.from(batch.targets));
  const mask = gpu.buffers.upload('test.mask', Float32Array.from(batch.mask));
  const commands = new CommandBatch(gpu, 'test.backward');
  if (clear) grads.clear(commands);
  const maskTotal = Array.from(batch.mask).reduce((a, b) => a + b, 0);
  const lossRows = await backward.encode(commands, acts, cache, { targets, mask, maskTotal }, grads);
  commands.submit();
  const loss = (await readF32(gpu, lossRows, acts.R)).reduce((a, b) => a + b, 0);
  for (const buffer of [targets, mask]) gpu.buffers.destroy(buffer);
  cache.destroy();
  return loss;
}

const CONFIGS: [string, LlamaConfig][] = [
  ['tiny test model (GQA 4:2, D 8)', defaultConfig()],
  [
    'odd sizes (C 40, H 5 on KV 1, D 6, F 72, 3 layers)',
    defaultConfig({
      hidden_size: 40,
      num_attention_heads: 5,
      num_key_value_heads: 1,
      head_dim: 6,
      intermediate_size: 72,
      num_hidden_layers: 3,
    }),
  ],
];

describe.each(CONFIGS)('GPU backward, %s', (_, config) => {
  it('gives the reference loss and every gradient', async () => {
    const gpu = await testGpu();
    const weights = strongWeights(config, 8);
    const model = await GpuTransformer.create(gpu, config, weights);
    const backward = await GpuBackward.create(gpu, model);
    const grads = new GpuGradients(gpu, config);
    const batch = trainingBatch(
      [
        [0, 50, 61, 72, 83, 94, 105, 116, 1],
        [0, 44, 45, 46],
        [0, 60, 70, 80, 90, 100],
      ],
      2,
    );
    const loss = await gpuStep(model, backward, grads, batch);
    const expected = referenceLossAndGradients(config, weights, batch);
    expect(Math.abs(loss - expected.loss) / expected.loss).toBeLessThan(1e-5);
    const actual = await grads.read();
    const report = parameterTable(config).map(({ name }) => {
      const error = relativeError(actual.get(name) as Float32Array, expected.grads.get(name) as Float64Array);
      return { name, error };
    });
    console.log(report.map((r) => `${r.name}: ${r.error.toExponential(2)}`).join('\n'));
    for (const { name, error } of report) expect(error, name).toBeLessThanOrEqual(GRADIENT_BOUND);
    grads.destroy();
    backward.destroy();
    model.destroy();
  });
});

describe('GPU backward details', () => {
  const config = defaultConfig();
  const weights = strongWeights(config, 9);

  it('adds up over micro-batches: two halves give the gradient of the whole, scaled by their masks', async () => {
    const gpu = await testGpu();
    const model = await GpuTransformer.create(gpu, config, weights);
    const backward = await GpuBackward.create(gpu, model);
    const grads = new GpuGradients(gpu, config);
    const first = trainingBatch([[0, 50, 61, 72, 83]], 0);
    const second = trainingBatch([[0, 44, 45, 46, 47]], 0);
    await gpuStep(model, backward, grads, first);
    await gpuStep(model, backward, grads, second, false);
    const summed = await grads.read();
    const a = referenceLossAndGradients(config, weights, first).grads;
    const b = referenceLossAndGradients(config, weights, second).grads;
    for (const { name } of parameterTable(config)) {
      const expected = (a.get(name) as Float64Array).map((v, i) => v + (b.get(name) as Float64Array)[i]);
      expect(relativeError(summed.get(name) as Float32Array, expected), name).toBeLessThanOrEqual(
        GRADIENT_BOUND,
      );
    }
    grads.destroy();
    backward.destroy();
    model.destroy();
  });

  it('holds the same live buffers over many steps', async () => {
    const gpu = await testGpu();
    const model = await GpuTransformer.create(gpu, config, weights);
    const backward = await GpuBackward.create(gpu, model);
    const grads = new GpuGradients(gpu, config);
    const batch = trainingBatch(
      [
        [0, 50, 61, 72, 83],
        [0, 44, 45],
      ],
      1,
    );
    await gpuStep(model, backward, grads, batch);
    const steady = gpu.buffers.liveCount;
    for (let i = 0; i < 8; i++) await gpuStep(model, backward, grads, batch);
    expect(gpu.buffers.liveCount).toBe(steady);
    grads.destroy();
    backward.destroy();
    model.destroy();
  });
});
