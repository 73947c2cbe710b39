// The whole reference backward against finite differences of the whole model's loss, in float64:
// a ragged batch of two sequences with a partial loss mask, grouped KV heads, two layers. Every
// parameter tensor is probed at a seeded sample of its elements.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../testing/random.ts';
import { defaultConfig } from './config.ts';
import { expectFiniteDifferenceGradients, probeWeights } from './fixtures/finiteDifferences.ts';
import { randomWeights } from './parameters.ts';
import { tokenChunk } from './referenceModel.ts';
import { referenceLossAndGradients, type TrainingBatch } from './referenceTrain.ts';

const config = defaultConfig({
  hidden_size: 8,
  num_attention_heads: 2,
  num_key_value_heads: 1,
  head_dim: 4,
  intermediate_size: 12,
  max_position_embeddings: 8,
});

function batch(): TrainingBatch {
  const input = tokenChunk(
    [
      [0, 50, 61, 72, 83],
      [0, 44, 45],
    ],
    [0, 0],
    config.pad_token_id,
  );
  const targets = [50, 61, 72, 83, 1, 44, 45, 1, 2, 2];
  const mask = [0, 1, 1, 1, 1, 1, 1, 1, 0, 0];
  return { input, targets, mask };
}

describe('the reference training backward', () => {
  it('gives every parameter the gradient finite differences give', () => {
    const weights = probeWeights(config, 4);
    const b = batch();
    const { loss, grads } = referenceLossAndGradients(config, weights, b);
    expect(loss).toBeGreaterThan(0);
    expectFiniteDifferenceGradients(
      config,
      weights,
      grads,
      () => referenceLossAndGradients(config, weights, b).loss,
      {
        probes: 12,
        next: mulberry32(5),
      },
    );
  });

  it('ignores rows outside the mask: their targets do not change the gradient', () => {
    const weights = randomWeights(config, 6);
    const b = batch();
    const a = referenceLossAndGradients(config, weights, b);
    const changed = referenceLossAndGradients(config, weights, {
      ...b,
      targets: [...Array.from(b.targets).slice(0, 8), 7, 9],
    });
    expect(changed.loss).toBe(a.loss);
    expect(changed.grads.get('model.norm.weight')).toEqual(a.grads.get('model.norm.weight'));
  });
});
