// Our GPU trainer against an independent PyTorch training loop (scripts/fixtures/
// llama_train_golden.py: torch.optim.AdamW, clip_grad_norm_, the same fixed learning rates) from
// the same initial weights (the gqa-hd10 golden model): the loss of every step.
import { afterEach, describe, expect, it } from 'vitest';
import { fetchGolden } from '../model/fixtures/golden.ts';
import { tokenChunk } from '../model/referenceModel.ts';
import type { TrainingBatch } from '../model/referenceTrain.ts';
import { GpuTransformer } from '../model/transformer.ts';
import { expectNoGpuErrors, testGpu } from '../testing/gpu.ts';
import { TrainStep } from './trainStep.ts';

afterEach(expectNoGpuErrors);

interface TrainGolden {
  settings: { beta1: number; beta2: number; eps: number; weight_decay: number; clip_norm: number };
  lrs: number[];
  ids: number[][];
  losses: number[];
  grad_norms: number[];
}

/** Both sides train in f32; differences of ~1e-6 per step compound through Adam over 6 steps. */
const LOSS_TOLERANCE = 1e-4;

describe('GPU training against PyTorch', () => {
  it('gives the losses and gradient norms of torch.optim.AdamW on the same batch, step by step', async () => {
    const [golden, trainGolden] = await Promise.all([
      fetchGolden('gqa-hd10'),
      fetch(new URL('../model/fixtures/golden/gqa-hd10/train.json', import.meta.url)).then(
        (r) => r.json() as Promise<TrainGolden>,
      ),
    ]);
    const input = tokenChunk(trainGolden.ids, [0, 0], golden.config.pad_token_id);
    const targets: number[] = [];
    const mask: number[] = [];
    for (const ids of trainGolden.ids) {
      for (let t = 0; t < input.T; t++) {
        const counted = t >= 1 && t <= ids.length - 2;
        targets.push(counted ? ids[t + 1] : golden.config.pad_token_id);
        mask.push(counted ? 1 : 0);
      }
    }
    const batch: TrainingBatch = { input, targets, mask };
    const gpu = await testGpu();
    const model = await GpuTransformer.create(gpu, golden.config, golden.weights);
    const { beta1, beta2, eps, weight_decay, clip_norm } = trainGolden.settings;
    const trainer = await TrainStep.create(gpu, model, {
      beta1,
      beta2,
      eps,
      weightDecay: weight_decay,
      clipNorm: clip_norm,
    });
    const losses: number[] = [];
    const norms: number[] = [];
    for (const lr of trainGolden.lrs) {
      losses.push((await trainer.step([batch], lr)).loss);
      norms.push((await trainer.optimizer.readNorm()).norm);
    }
    console.log(
      `ours  ${losses.map((l) => l.toFixed(6)).join(' ')}\ntorch ${trainGolden.losses.map((l) => l.toFixed(6)).join(' ')}`,
    );
    losses.forEach((loss, s) => {
      expect(
        Math.abs(loss - trainGolden.losses[s]) / trainGolden.losses[s],
        `step ${s + 1} loss`,
      ).toBeLessThan(LOSS_TOLERANCE);
      expect(
        Math.abs(norms[s] - trainGolden.grad_norms[s]) / trainGolden.grad_norms[s],
        `step ${s + 1} norm`,
      ).toBeLessThan(LOSS_TOLERANCE);
    });
    trainer.destroy();
    model.destroy();
  });
});
