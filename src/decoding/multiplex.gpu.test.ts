// The GPU multiplex step (multiplex.wgsl) against the CPU reference (multiplexReference.ts) after
// a real sampling step: K draws and merge weights on random rows of odd sizes, both merges, K = 1
// as the discrete token, greedy, the </think> switch to one-hot, thinking-off rows, rows at
// different draw indices keyed and traced by their own, and rows that did not draw left alone.
import { afterEach, describe, expect, it } from 'vitest';
import { rngUniform } from '../model/rng.ts';
import { expectNoGpuErrors } from '../testing/gpu.ts';
import { randomArray } from '../testing/random.ts';
import { HARNESS_SEED, sampleOnce } from './fixtures/samplerHarness.ts';
import { TRACE_FIELDS } from './multiplex.ts';
import { discreteStep, type MergeMode, multiplexStep } from './multiplexReference.ts';
import { STATUS } from './sampler.ts';
import { type SamplingParams, sampleRow } from './samplerReference.ts';

afterEach(expectNoGpuErrors);

/** Weights and log q from f32 sums on the GPU against float64 ones. */
const CLOSE = 2e-5;
const STEP = 1;
const NO_THINK_END = 1 << 20;

async function runStep(
  logits: Float32Array,
  V: number,
  params: SamplingParams,
  mux: {
    width: number;
    merge: MergeMode;
    thinking: number[];
    thinkEnd: number;
    generated?: number[];
    status?: number[];
  },
) {
  const N = logits.length / V;
  const generated = mux.generated ?? new Array(N).fill(STEP);
  return sampleOnce(logits, V, params, {
    eos: V + 5,
    maxNew: 8,
    candidates: 0,
    logSoftmax: false,
    state: generated.map((g, r) => [mux.status?.[r] ?? 0, g, 5] as [number, number, number]),
    multiplex: mux,
  });
}

function expected(
  logits: Float32Array,
  V: number,
  r: number,
  params: SamplingParams,
  width: number,
  merge: MergeMode,
  step = STEP,
) {
  const sampled = sampleRow(
    logits.subarray(r * V, (r + 1) * V),
    params,
    rngUniform(HARNESS_SEED, r, step, 0),
  );
  const key = { seed: HARNESS_SEED, sequence: r, step };
  return {
    sampled,
    merged: multiplexStep(sampled.ranked, sampled.processed, { width, merge }, key, params.temperature <= 0),
  };
}

function slotsOf(out: Awaited<ReturnType<typeof runStep>>, r: number, K: number, step = STEP) {
  return Array.from({ length: K }, (_, j) => {
    const at = TRACE_FIELDS * ((r * out.maxNew + step) * K + j);
    return {
      index: out.mixIndices[r * K + j],
      weight: out.mixWeights[r * K + j],
      traced: [out.trace[at], out.f32(out.trace[at + 1]), out.f32(out.trace[at + 2])],
    };
  });
}

const PARAMS: [string, SamplingParams][] = [
  ['temperature 1', { temperature: 1, topK: 0, topP: 1 }],
  ['temperature 1.5, top-p 0.9', { temperature: 1.5, topK: 0, topP: 0.9 }],
  ['temperature 0.7, top-k 5', { temperature: 0.7, topK: 5, topP: 1 }],
];

describe.each(PARAMS)('a GPU multiplex step, %s', (_, params) => {
  it.each<[number, number, number, MergeMode]>([
    [3, 135, 3, 'reweighted'],
    [5, 17, 2, 'averaged'],
    [2, 257, 8, 'reweighted'],
    [67, 9, 3, 'reweighted'],
  ])('matches the CPU for N=%i rows of V=%i, K=%i %s', async (N, V, K, merge) => {
    const logits = randomArray(N * V, N + V + K, 2);
    const out = await runStep(logits, V, params, {
      width: K,
      merge,
      thinking: new Array(N).fill(1),
      thinkEnd: NO_THINK_END,
    });
    for (let r = 0; r < N; r++) {
      const { sampled, merged } = expected(logits, V, r, params, K, merge);
      const slots = slotsOf(out, r, K);
      expect(
        slots.map((s) => s.index),
        `row ${r} draws`,
      ).toEqual(merged.indices);
      expect(slots[0].index).toBe(sampled.token);
      slots.forEach((s, j) => {
        expect(Math.abs(s.weight - merged.weights[j])).toBeLessThan(CLOSE);
        expect(s.traced[0]).toBe(merged.indices[j]);
        expect(s.traced[1]).toBe(s.weight);
        expect(Math.abs(s.traced[2] - merged.logProbs[j])).toBeLessThan(1e-4);
      });
      expect(Math.abs(slots.reduce((a, s) => a + s.weight, 0) - 1)).toBeLessThan(1e-5);
      expect(out.thinking[r]).toBe(1);
    }
  });
});

describe('GPU multiplex corners', () => {
  const V = 23;
  const N = 4;
  const logits = randomArray(N * V, 3, 2);
  const params: SamplingParams = { temperature: 1, topK: 0, topP: 1 };

  it('with K = 1 feeds exactly the discrete token with weight 1', async () => {
    const out = await runStep(logits, V, params, {
      width: 1,
      merge: 'reweighted',
      thinking: new Array(N).fill(1),
      thinkEnd: NO_THINK_END,
    });
    for (let r = 0; r < N; r++) {
      expect(out.mixIndices[r]).toBe(out.record[3 * (r * out.maxNew + STEP)]);
      expect(out.mixWeights[r]).toBe(1);
    }
  });

  it('greedy puts the top token in every slot: the mixture is that token', async () => {
    const out = await runStep(
      logits,
      V,
      { temperature: 0, topK: 0, topP: 1 },
      {
        width: 3,
        merge: 'reweighted',
        thinking: new Array(N).fill(1),
        thinkEnd: NO_THINK_END,
      },
    );
    for (let r = 0; r < N; r++) {
      const top = expected(logits, V, r, { temperature: 0, topK: 0, topP: 1 }, 3, 'reweighted').sampled.token;
      expect(slotsOf(out, r, 3).map((s) => [s.index, s.weight, s.traced[2]])).toEqual([
        [top, Math.fround(1 / 3), 0],
        [top, Math.fround(1 / 3), 0],
        [top, Math.fround(1 / 3), 0],
      ]);
    }
  });

  it('ends thinking at a slot-0 </think> and stays discrete on rows that stopped thinking', async () => {
    const first = expected(logits, V, 0, params, 3, 'reweighted').sampled.token;
    const out = await runStep(logits, V, params, {
      width: 3,
      merge: 'reweighted',
      thinking: [1, 0, 1, 1],
      thinkEnd: first,
    });
    const tokens = [0, 1, 2, 3].map((r) => expected(logits, V, r, params, 3, 'reweighted').sampled.token);
    expect(Array.from(out.thinking)).toEqual([0, 0, ...tokens.slice(2).map((t) => (t === first ? 0 : 1))]);
    for (const r of [0, 1]) {
      const { sampled } = expected(logits, V, r, params, 3, 'reweighted');
      const oneHot = discreteStep(sampled.token, sampled.logProb, 3);
      const slots = slotsOf(out, r, 3);
      expect(slots.map((s) => s.index)).toEqual(oneHot.indices);
      expect(slots.map((s) => s.weight)).toEqual(oneHot.weights);
      expect(Math.abs(slots[0].traced[2] - sampled.logProb)).toBeLessThan(1e-4);
      expect(slots[1].traced[2]).toBe(0);
    }
  });

  it('keys and traces each row by its own draw index', async () => {
    const generated = [STEP, 0, STEP + 4, 3];
    const out = await runStep(logits, V, params, {
      width: 3,
      merge: 'reweighted',
      thinking: new Array(N).fill(1),
      thinkEnd: NO_THINK_END,
      generated,
    });
    generated.forEach((g, r) => {
      const { merged } = expected(logits, V, r, params, 3, 'reweighted', g);
      const slots = slotsOf(out, r, 3, g);
      expect(
        slots.map((s) => s.traced[0]),
        `row ${r} at draw ${g}`,
      ).toEqual(merged.indices);
      expect(slots.map((s) => s.index)).toEqual(merged.indices);
    });
  });

  it('leaves rows that did not draw at this step untouched', async () => {
    const out = await runStep(logits, V, params, {
      width: 2,
      merge: 'averaged',
      thinking: new Array(N).fill(1),
      thinkEnd: NO_THINK_END,
      status: [STATUS.running, STATUS.held, STATUS.running, STATUS.eos],
    });
    for (const r of [1, 3]) {
      expect(Array.from(out.mixIndices.subarray(2 * r, 2 * r + 2))).toEqual([77, 77]);
      expect(Array.from(out.mixWeights.subarray(2 * r, 2 * r + 2))).toEqual([-1, -1]);
    }
    expect(out.mixWeights[0]).toBe(0.5);
  });
});
