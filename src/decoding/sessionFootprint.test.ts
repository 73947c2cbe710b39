// A session's GPU footprint by hand: lab-base's dims (L 2, H 4, KV 4, D 32) at S 256 and a tiny
// model at a million positions, with and without the attention record.
import { describe, expect, it } from 'vitest';
import type { ModelDims } from '../model/config.ts';
import { sessionFootprint } from './sessionFootprint.ts';

const dims = (maxT: number, small = false): ModelDims => ({
  V: 135,
  C: small ? 32 : 128,
  L: 2,
  H: 4,
  KV: small ? 2 : 4,
  D: small ? 8 : 32,
  F: 336,
  maxT,
  ropeTheta: 10000,
  eps: 1e-5,
});

describe('sessionFootprint', () => {
  it('counts the KV cache, the decode probabilities and the scratch without a record', () => {
    const f = sessionFootprint(dims(256), { N: 8, maxNew: 64, recordPositions: 0 });
    // KV: 2 layers × K and V × 8 rows × 4 × 256 × 32 × 4 B = 4 MiB; probs 8 × 4 × 256 × 4 B; scratch 4 × 256 × 32 × 4 B.
    expect(f.bytes).toBe(4 * 1024 ** 2 + 32_768 + 131_072);
    expect(f.largest).toBe(1024 ** 2);
    expect(f.what).toBe(
      'Generating 8 rows × up to 64 new tokens on a model of 256 positions (max_position_embeddings)',
    );
  });

  it('counts the attention record of a million positions, the largest buffer', () => {
    const S = 1_048_576;
    const f = sessionFootprint(dims(S, true), { N: 1, maxNew: 40, recordPositions: 50 });
    const record = 4 * 2 * 4 * 50 * S;
    expect(f.largest).toBe(record);
    expect(f.bytes).toBe(2 * 2 * (4 * 2 * S * 8) + record + 4 * 4 * S * 2 + record);
    expect(f.what).toMatch(
      /^Generating 1 row × up to 40 new tokens on a model of 1,048,576 positions .*, keeping the attention record \(1 row × 2 layers × 4 heads × 50 × 1,048,576 positions\)$/,
    );
  });
});
