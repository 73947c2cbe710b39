// The CPU reference against the PyTorch golden fixtures, and its own invariants: a ragged batch
// equals each sequence alone, decoding token by token with the cache equals one prefill, and a
// K = 1 mixture is the token itself.
import { describe, expect, it } from 'vitest';
import { compareClose } from '../testing/allclose.ts';
import { defaultConfig } from './config.ts';
import { GOLDEN_MODELS } from './fixtures/golden.ts';
import { loadGolden } from './fixtures/goldenNode.ts';
import { randomWeights } from './parameters.ts';
import { ReferenceKvCache, referenceForward, tokenChunk } from './referenceModel.ts';

/** PyTorch float32 vs our float64-accumulated float32 ops: logits are O(1..10). */
const GOLDEN_TOLERANCE = { rtol: 1e-5, atol: 1e-5 };
const SELF_TOLERANCE = { rtol: 1e-6, atol: 1e-6 };

function rowsOf(logits: Float32Array, V: number, first: number, count: number): Float32Array {
  return logits.slice(first * V, (first + count) * V);
}

describe.each(GOLDEN_MODELS)('reference forward on golden model %s', (name) => {
  const golden = loadGolden(name);
  const V = golden.config.vocab_size;

  it('matches PyTorch for each sequence alone', () => {
    golden.ids.forEach((ids, s) => {
      const cache = new ReferenceKvCache(golden.config, 1);
      const { logits } = referenceForward(golden.config, golden.weights, tokenChunk([ids], [0], 2), cache);
      const report = compareClose(logits, golden.logits[s], GOLDEN_TOLERANCE);
      expect(report.ok, report.message).toBe(true);
    });
  });

  it('matches PyTorch for both sequences as one ragged batch', () => {
    const chunk = tokenChunk(golden.ids, [0, 0], 2);
    const { logits } = referenceForward(
      golden.config,
      golden.weights,
      chunk,
      new ReferenceKvCache(golden.config, 2),
    );
    golden.ids.forEach((ids, s) => {
      const report = compareClose(
        rowsOf(logits, V, s * chunk.T, ids.length),
        golden.logits[s],
        GOLDEN_TOLERANCE,
      );
      expect(report.ok, report.message).toBe(true);
    });
  });

  it('decodes token by token with the cache to the same logits as one prefill', () => {
    const ids = golden.ids[1];
    const cache = new ReferenceKvCache(golden.config, 1);
    const prefix = 5;
    const first = referenceForward(
      golden.config,
      golden.weights,
      tokenChunk([ids.slice(0, prefix)], [0], 2),
      cache,
    );
    const rows = [first.logits];
    for (let p = prefix; p < ids.length; p++) {
      rows.push(
        referenceForward(golden.config, golden.weights, tokenChunk([[ids[p]]], [p], 2), cache).logits,
      );
    }
    const stacked = Float32Array.from(rows.flatMap((r) => Array.from(r)));
    const report = compareClose(stacked, golden.logits[1], GOLDEN_TOLERANCE);
    expect(report.ok, report.message).toBe(true);
  });
});

describe('reference forward invariants', () => {
  const config = defaultConfig();
  const weights = randomWeights(config, 3);

  it('treats a K = 2 mixture with weights (1, 0) as the first token', () => {
    const plain = referenceForward(
      config,
      weights,
      tokenChunk([[0, 50, 60]], [0], 2),
      new ReferenceKvCache(config, 1),
    );
    const mixed = tokenChunk([[0, 50, 60]], [0], 2);
    mixed.K = 2;
    mixed.indices = Uint32Array.from([0, 7, 50, 90, 60, 100]);
    mixed.weights = Float32Array.from([1, 0, 1, 0, 1, 0]);
    const out = referenceForward(config, weights, mixed, new ReferenceKvCache(config, 1));
    const report = compareClose(out.logits, plain.logits, SELF_TOLERANCE);
    expect(report.ok, report.message).toBe(true);
  });

  it('gives attention rows that sum to 1 over positions 0..p and 0 after', () => {
    const { attention } = referenceForward(
      config,
      weights,
      tokenChunk([[0, 5, 6, 7]], [0], 2),
      new ReferenceKvCache(config, 1),
    );
    const S = config.max_position_embeddings;
    const row = attention[0].subarray(2 * S, 3 * S);
    expect(row.slice(0, 3).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(row.slice(3).every((p) => p === 0)).toBe(true);
  });

  it('refuses a chunk that runs past the last position', () => {
    const S = config.max_position_embeddings;
    expect(() =>
      referenceForward(config, weights, tokenChunk([[1, 2]], [S - 1], 2), new ReferenceKvCache(config, 1)),
    ).toThrow(RangeError);
  });
});
