// Full training steps on the GPU (forward, backward, gradient accumulation over micro-batches,
// global-norm clipping, AdamW) against the same steps on the CPU reference, from the same weights:
// the loss of every step and every weight afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../model/config.ts';
import { parameterTable, randomWeights } from '../model/parameters.ts';
import { tokenChunk } from '../model/referenceModel.ts';
import { referenceLossAndGradients, type TrainingBatch } from '../model/referenceTrain.ts';
import { GpuTransformer } from '../model/transformer.ts';
import { relativeError } from '../testing/allclose.ts';
import { expectNoGpuErrors, testGpu } from '../testing/gpu.ts';
import { type AdamWSettings, adamwUpdate, clipScale, decays, globalNorm } from './optimizerReference.ts';
import { TrainStep } from './trainStep.ts';

afterEach(expectNoGpuErrors);

const config = defaultConfig();
/** A low clip norm, so that clipping is exercised on every step. */
const SETTINGS: AdamWSettings = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, clipNorm: 0.5 };
const LRS = [3e-3, 2e-3, 1e-3];
/**
 * Weights after the steps, max |GPU − CPU| / max |CPU| per tensor. Adam's m / sqrt(v) normalises
 * each gradient, so a 1e-6 relative difference on a near-zero gradient can move that weight by a
 * visible fraction of lr; the measured worst case is printed by the test.
 */
const WEIGHT_BOUND = 1e-3;

function microBatch(sequences: number[][]): TrainingBatch {
  const input = tokenChunk(sequences, new Array(sequences.length).fill(0), config.pad_token_id);
  const targets: number[] = [];
  const mask: number[] = [];
  for (const tokens of sequences) {
    for (let t = 0; t < input.T; t++) {
      targets.push(t + 1 < tokens.length ? tokens[t + 1] : config.pad_token_id);
      mask.push(t + 1 < tokens.length && t >= 1 ? 1 : 0);
    }
  }
  return { input, targets, mask };
}

const MICRO = [
  microBatch([
    [0, 50, 61, 72, 83, 94],
    [0, 44, 45, 46],
  ]),
  microBatch([
    [0, 70, 71, 72, 73, 1],
    [0, 90, 91],
  ]),
];

describe('GPU training steps', () => {
  it('give the losses and weights of the same steps on the CPU reference', async () => {
    const gpu = await testGpu();
    const initial = randomWeights(config, 13);
    const model = await GpuTransformer.create(gpu, config, initial);
    const trainer = await TrainStep.create(gpu, model, SETTINGS);

    const weights = new Map([...initial].map(([name, data]) => [name, Float64Array.from(data)]));
    const m = new Map([...weights].map(([name, data]) => [name, new Float64Array(data.length)]));
    const v = new Map([...weights].map(([name, data]) => [name, new Float64Array(data.length)]));
    const maskSum = (b: TrainingBatch) => Array.from(b.mask).reduce((a, c) => a + c, 0);
    const total = MICRO.reduce((n, b) => n + maskSum(b), 0);
    for (const [s, lr] of LRS.entries()) {
      const gpuStep = await trainer.step(MICRO, lr);
      let loss = 0;
      const grads = new Map<string, Float64Array>();
      for (const micro of MICRO) {
        const share = maskSum(micro) / total;
        const out = referenceLossAndGradients(config, weights, micro);
        loss += share * out.loss;
        for (const [name, g] of out.grads) {
          const sum = grads.get(name) ?? new Float64Array(g.length);
          for (let i = 0; i < g.length; i++) sum[i] += share * g[i];
          grads.set(name, sum);
        }
      }
      const scale = clipScale(globalNorm(grads.values()), SETTINGS.clipNorm);
      expect(scale, 'clipping is active').toBeLessThan(1);
      for (const [name, param] of weights) {
        adamwUpdate(
          param,
          grads.get(name) as Float64Array,
          m.get(name) as Float64Array,
          v.get(name) as Float64Array,
          s + 1,
          lr,
          SETTINGS,
          decays(name),
          scale,
        );
      }
      expect(Math.abs(gpuStep.loss - loss) / loss, `loss of step ${s + 1}`).toBeLessThan(1e-5);
      const norm = await trainer.optimizer.readNorm();
      expect(norm.scale).toBeCloseTo(scale, 5);
    }
    const trained = await model.weights.read();
    const errors = parameterTable(config).map(({ name }) => ({
      name,
      error: relativeError(trained.get(name) as Float32Array, weights.get(name) as Float64Array),
    }));
    console.log(errors.map((e) => `${e.name}: ${e.error.toExponential(2)}`).join('\n'));
    for (const { name, error } of errors) expect(error, name).toBeLessThan(WEIGHT_BOUND);
    trainer.destroy();
    model.destroy();
  });

  it('keeps weights, gradients and moments in one pooled buffer each, lowers the loss, and holds the same live buffers', async () => {
    const gpu = await testGpu();
    const model = await GpuTransformer.create(gpu, config, randomWeights(config, 14));
    const trainer = await TrainStep.create(gpu, model, { ...SETTINGS, clipNorm: 1 });
    const pooled = gpu.buffers.liveLabels().filter((label) => /^(weights|grads|adamw\.[mv])\./.test(label));
    expect(pooled.sort()).toEqual([
      'adamw.m.segment0',
      'adamw.v.segment0',
      'grads.segment0',
      'weights.segment0',
    ]);
    const first = await trainer.step(MICRO, 1e-2);
    const steady = gpu.buffers.liveCount;
    let last = first;
    for (let s = 0; s < 15; s++) last = await trainer.step(MICRO, 1e-2);
    expect(gpu.buffers.liveCount).toBe(steady);
    expect(last.loss).toBeLessThan(first.loss * 0.7);
    trainer.destroy();
    model.destroy();
  });
});
