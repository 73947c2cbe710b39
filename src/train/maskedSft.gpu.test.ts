// Masked SFT at the model's full length: rows of T = max_position_embeddings (256, as lab-base's),
// packed from examples whose per-token masks leave out an `<observation>` span or train on the
// prompt, give the CPU reference's loss and every gradient through TrainStep; a masked target is
// inert (changing it changes neither the loss nor any gradient); longer rows are refused.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../model/config.ts';
import { parameterTable, randomWeights } from '../model/parameters.ts';
import { referenceLossAndGradients, type TrainingBatch } from '../model/referenceTrain.ts';
import { tokenId } from '../model/tokenizer.ts';
import { GpuTransformer } from '../model/transformer.ts';
import { relativeError } from '../testing/allclose.ts';
import { expectNoGpuErrors, testGpu } from '../testing/gpu.ts';
import { mulberry32 } from '../testing/random.ts';
import { DEFAULT_ADAMW } from './optimizerReference.ts';
import type { TokenExample } from './packing.ts';
import { type SftData, SftRun, type SftSettings } from './sft.ts';
import { TrainStep } from './trainStep.ts';

afterEach(expectNoGpuErrors);

const config = defaultConfig({ max_position_embeddings: 256 });
const T = config.max_position_embeddings;
const V = config.vocab_size;
const [BOS, EOS, PAD] = [config.bos_token_id, config.eos_token_id, config.pad_token_id];
const [OBS, OBS_END] = [tokenId('<observation>'), tokenId('</observation>')];
/** Per tensor: max |GPU − CPU| / max |CPU| (f32 sums over 2 x 2 x 256 rows against float64). */
const GRADIENT_BOUND = 1e-4;

/**
 * Per (step, micro): first an example of exactly T + 1 tokens (it fills row 0, so position T − 1
 * is trained) whose completion holds an environment's observation, masked out; then short
 * examples of three kinds in turn: observation-masked, prompt-trained, no mask (the default).
 */
const data: SftData = {
  pad: PAD,
  stream(step, micro) {
    const next = mulberry32(step * 977 + micro);
    const tokens = (n: number) => Array.from({ length: n }, () => 3 + Math.floor(next() * (V - 3)));
    const observed = (p: number, before: number, span: number, after: number): TokenExample => {
      const prompt = [BOS, ...tokens(p - 1)];
      const completion = [...tokens(before), OBS, ...tokens(span), OBS_END, ...tokens(after), EOS];
      const mask = [...prompt.map(() => 0), ...completion.map(() => 1)];
      mask.fill(0, p + before, p + before + span + 2);
      return { prompt, completion, mask };
    };
    let drawn = 0;
    return () => {
      const i = drawn++;
      if (i === 0) return observed(21, 100, 60, T + 1 - 21 - (100 + 62 + 1));
      const [p, c] = [2 + Math.floor(next() * 20), 2 + Math.floor(next() * 40)];
      if (i % 3 === 1) return observed(p, 5, c, 5);
      const prompt = [BOS, ...tokens(p - 1)];
      const completion = [...tokens(c - 1), EOS];
      if (i % 3 === 2) return { prompt, completion, mask: [0, ...new Array(p + c - 1).fill(1)] };
      return { prompt, completion };
    };
  },
};

const SETTINGS: SftSettings = {
  steps: 1,
  B: 2,
  T,
  accumulation: 2,
  peakLr: 1e-3,
  warmupSteps: 0,
  minLrRatio: 0.1,
  adamw: DEFAULT_ADAMW,
  evalEvery: 1,
  checkpointMinutes: 1e9,
  seed: 1,
};

async function setUp() {
  const gpu = await testGpu();
  const weights = randomWeights(config, 21);
  const model = await GpuTransformer.create(gpu, config, weights);
  const trainer = await TrainStep.create(gpu, model, DEFAULT_ADAMW);
  const micro = new SftRun(trainer, SETTINGS, data).batchesFor(1);
  const tooLong = new SftRun(trainer, { ...SETTINGS, T: T + 1 }, data).batchesFor(1);
  /** One step at learning rate 0 (the weights stay), its loss and its gradients. */
  const gradientsOf = async (batches: TrainingBatch[]) => {
    const { loss, maskedRows } = await trainer.step(batches, 0);
    return { loss, maskedRows, grads: await trainer.grads.read() };
  };
  const destroy = () => {
    trainer.destroy();
    model.destroy();
  };
  return { weights, micro, tooLong, trainer, gradientsOf, destroy };
}

const maskSum = (b: TrainingBatch) => Array.from(b.mask).reduce((a, m) => a + m, 0);

describe('masked SFT on rows of max_position_embeddings', () => {
  it('gives the CPU reference loss and every gradient', async () => {
    const { weights, micro, gradientsOf, destroy } = await setUp();
    for (const m of micro) {
      expect(m.input.counts[0], 'row 0 is full').toBe(T);
      expect(m.mask[T - 1], 'the last position is trained').toBe(1);
      const left = Array.from(m.mask)
        .slice(0, T)
        .filter((x) => x === 0).length;
      expect(left, 'row 0 leaves out 20 prompt and 62 observation targets').toBe(82);
    }
    const gpu = await gradientsOf(micro);
    const total = micro.reduce((n, m) => n + maskSum(m), 0);
    expect(gpu.maskedRows).toBe(total);
    let loss = 0;
    const grads = new Map<string, Float64Array>();
    for (const m of micro) {
      const share = maskSum(m) / total;
      const out = referenceLossAndGradients(config, weights, m);
      loss += share * out.loss;
      for (const [name, g] of out.grads) {
        const sum = grads.get(name) ?? new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) sum[i] += share * g[i];
        grads.set(name, sum);
      }
    }
    expect(Math.abs(gpu.loss - loss) / loss).toBeLessThan(1e-5);
    const report = parameterTable(config).map(({ name }) => ({
      name,
      error: relativeError(gpu.grads.get(name) as Float32Array, grads.get(name) as Float64Array),
    }));
    console.log(report.map((r) => `${r.name}: ${r.error.toExponential(2)}`).join('\n'));
    for (const { name, error } of report) expect(error, name).toBeLessThanOrEqual(GRADIENT_BOUND);
    destroy();
  });

  it('leaves a masked target inert: changing it changes neither the loss nor any gradient', async () => {
    const { micro, gradientsOf, destroy } = await setUp();
    const [batch] = micro;
    const retarget = (keep: (i: number) => boolean): TrainingBatch => ({
      ...batch,
      targets: Array.from(batch.targets, (t, i) => (keep(i) ? t : (t + 1 + (i % (V - 1))) % V)),
    });
    const base = await gradientsOf([batch]);
    const masked = await gradientsOf([retarget((i) => batch.mask[i] === 1)]);
    expect(masked.loss).toBe(base.loss);
    for (const [name, g] of base.grads) expect(masked.grads.get(name), name).toEqual(g);
    // The same change on one trained target does move them, so the check above can fail.
    const trained = Array.from(batch.mask).indexOf(1);
    const control = await gradientsOf([retarget((i) => i !== trained)]);
    expect(control.loss).not.toBe(base.loss);
    expect(control.grads.get('model.embed_tokens.weight')).not.toEqual(
      base.grads.get('model.embed_tokens.weight'),
    );
    destroy();
  });

  it('refuses rows longer than max_position_embeddings', async () => {
    const { tooLong, trainer, destroy } = await setUp();
    await expect(trainer.step(tooLong, 0)).rejects.toThrow(/do not fit 257 chunk rows and 256 positions/);
    destroy();
  });
});
