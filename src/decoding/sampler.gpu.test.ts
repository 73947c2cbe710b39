// The GPU sampling step against the CPU sampler (samplerReference.ts) on random rows and on the
// corners: greedy, identity settings, ties, non-finite logits, every stop rule of the state, rows
// drawing at their own draw index, held rows and rows whose record is full.
import { afterEach, describe, expect, it } from 'vitest';
import { rngUniform } from '../model/rng.ts';
import { expectNoGpuErrors } from '../testing/gpu.ts';
import { randomArray } from '../testing/random.ts';
import { HARNESS_SEED, sampleOnce } from './fixtures/samplerHarness.ts';
import { STATUS } from './sampler.ts';
import { type SamplingParams, sampleRow } from './samplerReference.ts';

afterEach(expectNoGpuErrors);

const SEED = HARNESS_SEED;
/** log q and entropy from f32 exp/log sums on the GPU against float64 ones. */
const CLOSE = 2e-5;

const PARAMS: [string, SamplingParams][] = [
  ['temperature 1', { temperature: 1, topK: 0, topP: 1 }],
  ['temperature 0.6, top-k 10', { temperature: 0.6, topK: 10, topP: 1 }],
  ['temperature 1.4, top-p 0.8', { temperature: 1.4, topK: 0, topP: 0.8 }],
  ['top-k 40 then top-p 0.5', { temperature: 0.9, topK: 40, topP: 0.5 }],
  ['min-p 0.1', { temperature: 1, topK: 0, topP: 1, minP: 0.1 }],
  ['top-p 0.9 then min-p 0.3', { temperature: 1.2, topK: 0, topP: 0.9, minP: 0.3 }],
  ['greedy', { temperature: 0, topK: 0, topP: 1 }],
];

describe.each(PARAMS)('a GPU sampling step, %s', (_, params) => {
  it.each([
    [3, 135],
    [9, 17],
    [2, 1024],
    [1, 2],
  ])('matches the CPU sampler for N=%i rows of V=%i', async (N, V) => {
    const logits = randomArray(N * V, N * V, 4);
    const step = 2;
    const out = await sampleOnce(logits, V, params, { step, eos: V + 5 });
    for (let r = 0; r < N; r++) {
      const expected = sampleRow(logits.subarray(r * V, (r + 1) * V), params, rngUniform(SEED, r, step, 0));
      const at = r * out.maxNew + step;
      expect(out.record[3 * at], `row ${r} token`).toBe(expected.token);
      expect(out.f32(out.record[3 * at + 1])).toBeCloseTo(expected.logProb, 4);
      expect(Math.abs(out.f32(out.record[3 * at + 2]) - expected.entropy)).toBeLessThan(CLOSE * 10);
      expect(out.next[r]).toBe(expected.token);
      for (let c = 0; c < Math.min(5, V); c++) {
        const slot = 3 * (at * 5 + c);
        expect(out.candidates[slot], `row ${r} candidate ${c}`).toBe(expected.ranked[c]);
        expect(Math.abs(out.f32(out.candidates[slot + 1]) - expected.raw[c])).toBeLessThan(CLOSE);
        expect(Math.abs(out.f32(out.candidates[slot + 2]) - expected.processed[c])).toBeLessThan(CLOSE);
      }
      for (let t = 0; t < V; t++) {
        expect(Math.abs(out.rawLogSoftmax[at * V + t] - expected.rawLogSoftmax[t])).toBeLessThan(1e-4);
      }
      expect(Array.from(out.state.subarray(4 * r, 4 * r + 4))).toEqual([r, STATUS.running, step + 1, 6]);
      expect(Array.from(out.seqs.subarray(2 * r, 2 * r + 2))).toEqual([5, 1]);
    }
  });
});

describe('GPU sampling corners', () => {
  it('records the distribution after each stage: raw, temperature, truncation, final', async () => {
    const V = 30;
    const logits = randomArray(2 * V, 77, 3);
    const params = { temperature: 0.8, topK: 12, topP: 0.7, minP: 0.05 };
    const out = await sampleOnce(logits, V, params, { stages: true, candidates: 8 });
    for (let r = 0; r < 2; r++) {
      const expected = sampleRow(logits.subarray(r * V, (r + 1) * V), params, rngUniform(SEED, r, 0, 0));
      const want = [
        expected.raw,
        expected.stages.temperature,
        expected.stages.truncation,
        expected.processed,
      ];
      for (let stage = 0; stage < 4; stage++) {
        for (let c = 0; c < 8; c++) {
          const got = out.stages[(r * out.maxNew * 4 + stage) * 8 + c];
          expect(Math.abs(got - want[stage][c]), `row ${r} stage ${stage} rank ${c}`).toBeLessThan(CLOSE);
        }
      }
    }
  });

  it('breaks ties by the lower token id, as the reference', async () => {
    const logits = Float32Array.from([0, 2, 2, 1, 2]);
    const out = await sampleOnce(logits, 5, { temperature: 0, topK: 0, topP: 1 });
    expect(out.record[0]).toBe(1);
    expect([0, 1, 2].map((c) => out.candidates[3 * c])).toEqual([1, 2, 4]);
  });

  it('marks <eos>, maxNew and the last position as finished, and leaves finished rows alone', async () => {
    const V = 4;
    // Row 0 draws <eos> (id 0) greedily; row 1 reaches maxNew; row 2 has no position left; row 3
    // was stopped by the host.
    const logits = Float32Array.from([9, 0, 0, 0, 0, 9, 0, 0, 0, 9, 0, 0, 0, 9, 0, 0]);
    const out = await sampleOnce(
      logits,
      V,
      { temperature: 0, topK: 0, topP: 1 },
      {
        eos: 0,
        maxNew: 4,
        S: 8,
        step: 3,
        state: [
          [0, 3, 5],
          [0, 3, 5],
          [0, 0, 8],
          [STATUS.stopped, 1, 5],
        ],
      },
    );
    const status = (r: number) => out.state[4 * r + 1];
    expect([0, 1, 2, 3].map(status)).toEqual([STATUS.eos, STATUS.length, STATUS.context, STATUS.stopped]);
    expect([0, 1, 2].map((r) => out.seqs[2 * r + 1])).toEqual([0, 0, 0]);
    expect(out.state[4 * 3 + 2]).toBe(1);
    expect(out.next[3]).toBe(99);
    expect(Array.from(out.seqs.subarray(6, 8))).toEqual([7, 7]);
  });

  it('draws each row at its own index and leaves held rows and full records alone', async () => {
    const V = 17;
    const N = 5;
    const logits = randomArray(N * V, 91, 3);
    const params = { temperature: 1.1, topK: 0, topP: 0.95 };
    const initial: [number, number, number][] = [
      [STATUS.running, 0, 4],
      [STATUS.running, 3, 9],
      [STATUS.held, 2, 7],
      [STATUS.running, 5, 6],
      [STATUS.running, 6, 11],
    ];
    const out = await sampleOnce(logits, V, params, { maxNew: 6, eos: V + 2, state: initial });
    for (const r of [0, 1, 3]) {
      const drawn = initial[r][1];
      const want = sampleRow(logits.subarray(r * V, (r + 1) * V), params, rngUniform(SEED, r, drawn, 0));
      const at = r * out.maxNew + drawn;
      expect(out.record[3 * at], `row ${r} token at its draw ${drawn}`).toBe(want.token);
      expect(out.candidates[3 * at * 5]).toBe(want.ranked[0]);
      expect(Array.from(out.state.subarray(4 * r + 1, 4 * r + 4))).toEqual([
        drawn + 1 >= 6 ? STATUS.length : STATUS.running,
        drawn + 1,
        initial[r][2] + 1,
      ]);
    }
    expect(Array.from(out.state.subarray(8, 12))).toEqual([2, STATUS.held, 2, 7]);
    expect(out.next[2]).toBe(99);
    expect(Array.from(out.state.subarray(16, 20))).toEqual([4, STATUS.length, 6, 11]);
    expect(out.next[4]).toBe(99);
    expect(out.seqs[2 * 4 + 1]).toBe(0);
  });

  it('reports non-finite logits instead of sampling from them', async () => {
    const logits = Float32Array.from([0, Number.POSITIVE_INFINITY, 1, Number.NaN, Number.NaN, Number.NaN]);
    const out = await sampleOnce(logits, 3, { temperature: 1, topK: 0, topP: 1 });
    expect(out.state[1]).toBe(STATUS.nonFinite);
    expect(out.state[5]).toBe(STATUS.nonFinite);
    expect(out.state[2]).toBe(0);
  });
});
