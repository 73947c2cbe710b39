// crowding.wgsl against the CPU reference (crowdingReference.ts through sampleRow): token and step
// crowding, λ, the reweighted distribution and the draw, on random rows and adversarial ones (all
// mass on one token, tied logits, duplicate embedding rows), with CraEG reweighting or only
// measuring. Rows sit at different draw indices: each record lands at its row's own index, and
// held rows and rows whose record is full write none.
import { afterEach, describe, expect, it } from 'vitest';
import { rngUniform } from '../model/rng.ts';
import { expectNoGpuErrors } from '../testing/gpu.ts';
import { randomArray } from '../testing/random.ts';
import { type CraegParams, DEFAULT_CRAEG, unitRows } from './crowdingReference.ts';
import { HARNESS_SEED, sampleOnce } from './fixtures/samplerHarness.ts';
import { CROWDING_RECORD, STATUS } from './sampler.ts';
import { type SamplingParams, sampleRow } from './samplerReference.ts';

afterEach(expectNoGpuErrors);

/** f32 Gram sums and reductions on the GPU against float64 ones. */
const CLOSE = 5e-5;
/** Record slots per row: odd, so that the rows' draw indices below cover 0 .. MAX_NEW-1. */
const MAX_NEW = 5;

/** Row r's draw index (its `generated` count): 2, 0, 3, 1, 4, 2, ... */
const drawIndex = (r: number) => (3 * r + 2) % MAX_NEW;

/** The record slots of row r other than `drawn`: what the step must leave zero. */
function otherSlots(crowding: Float32Array, r: number, drawn: number): number[] {
  return Array.from({ length: MAX_NEW }, (_, t) => t)
    .filter((t) => t !== drawn)
    .flatMap((t) => {
      const at = (r * MAX_NEW + t) * CROWDING_RECORD;
      return Array.from(crowding.subarray(at, at + CROWDING_RECORD));
    });
}

async function compare(
  logits: Float32Array,
  V: number,
  table: Float32Array,
  d: number,
  params: SamplingParams,
) {
  const C = 8;
  const N = logits.length / V;
  const out = await sampleOnce(logits, V, params, {
    embedding: { table, d },
    crowding: true,
    candidates: C,
    eos: V + 1,
    maxNew: MAX_NEW,
    state: Array.from({ length: N }, (_, r) => [STATUS.running, drawIndex(r), 5]),
  });
  const geometry = { unit: unitRows(table, V, d), d };
  const results = [];
  for (let r = 0; r < N; r++) {
    const drawn = drawIndex(r);
    const expected = sampleRow(
      logits.subarray(r * V, (r + 1) * V),
      params,
      rngUniform(HARNESS_SEED, r, drawn, 0),
      geometry,
    );
    const crowding = expected.crowding;
    if (!crowding) throw new Error('no crowding');
    const slot = r * MAX_NEW + drawn;
    const at = slot * CROWDING_RECORD;
    expect(Math.abs(out.crowding[at] - crowding.stepCrowding), `row ${r} C_t`).toBeLessThan(CLOSE);
    expect(Math.abs(out.crowding[at + 1] - crowding.lambda), `row ${r} λ`).toBeLessThan(CLOSE);
    expect(out.crowding[at + 2], `row ${r} candidates`).toBe(crowding.candidates);
    for (let c = 0; c < crowding.candidates; c++) {
      expect(Math.abs(out.crowding[at + 3 + c] - crowding.tokenCrowding[c]), `row ${r} c_${c}`).toBeLessThan(
        CLOSE,
      );
    }
    expect(
      otherSlots(out.crowding, r, drawn).every((x) => x === 0),
      `row ${r} writes only slot ${drawn}`,
    ).toBe(true);
    let total = 0;
    for (let c = 0; c < C; c++) {
      const q = out.f32(out.candidates[3 * (slot * C + c) + 2]);
      total += q;
      expect(Math.abs(q - expected.processed[c]), `row ${r} q rank ${c}`).toBeLessThan(CLOSE);
    }
    expect(total).toBeLessThanOrEqual(1 + 1e-5);
    expect(out.record[3 * slot], `row ${r} token`).toBe(expected.token);
    results.push({ expected, record: out.crowding.subarray(at, at + CROWDING_RECORD) });
  }
  return results;
}

const SAMPLING: [string, SamplingParams][] = [
  ['CraEG linear, top-p 0.9', { temperature: 1, topK: 0, topP: 0.9, craeg: DEFAULT_CRAEG }],
  [
    'CraEG non-linear, T 1.3',
    { temperature: 1.3, topK: 0, topP: 1, craeg: { ...DEFAULT_CRAEG, weighting: 'nonlinear' } },
  ],
  [
    'CraEG strong (κ 1, τ 0)',
    { temperature: 0.7, topK: 20, topP: 1, craeg: { ...DEFAULT_CRAEG, kappa: 1, tau: 0 } as CraegParams },
  ],
  ['measuring only', { temperature: 1, topK: 0, topP: 0.95 }],
];

describe.each(SAMPLING)('the crowding kernel, %s', (_, params) => {
  it.each([
    [3, 41, 8],
    [5, 135, 32],
    [1, 17, 3],
    [7, 23, 5],
  ])('matches the CPU reference for N=%i rows of V=%i, d=%i', async (N, V, d) => {
    // Peaked rows, so the nucleus holds a handful of candidates; embeddings share a direction.
    const logits = randomArray(N * V, N + V, 3);
    const table = Float32Array.from(randomArray(V * d, V * d, 1), (x, i) => x + (i % d === 0 ? 0.8 : 0));
    await compare(logits, V, table, d, params);
  });
});

describe('crowding corners', () => {
  const V = 12;
  const d = 4;
  const table = randomArray(V * d, 5, 1);

  it('all mass on one token: no crowding, the distribution unchanged', async () => {
    const logits = new Float32Array(V).fill(-50);
    logits[3] = 50;
    const [{ expected, record }] = await compare(logits, V, table, d, {
      temperature: 1,
      topK: 0,
      topP: 1,
      craeg: DEFAULT_CRAEG,
    });
    expect(record[0]).toBe(0);
    expect(record[2]).toBe(1);
    expect(expected.token).toBe(3);
  });

  it('tied logits and duplicate embedding rows: the duplicates crowd each other fully', async () => {
    const duplicated = Float32Array.from(table);
    duplicated.set(duplicated.subarray(0, d), 1 * d);
    duplicated.set(duplicated.subarray(0, d), 2 * d);
    const logits = new Float32Array(V).fill(-20);
    logits[0] = 2;
    logits[1] = 2;
    logits[2] = 2;
    logits[7] = 1.5;
    const [{ expected, record }] = await compare(logits, V, duplicated, d, {
      temperature: 1,
      topK: 0,
      topP: 1,
      craeg: DEFAULT_CRAEG,
    });
    const crowding = expected.crowding;
    expect(crowding?.heavy.slice(0, 3)).toEqual(Uint8Array.from([1, 1, 1]));
    expect(record[1]).toBeGreaterThan(0);
  });

  it('writes no record for held rows or rows whose record is full', async () => {
    const N = 3;
    const logits = randomArray(N * V, 17, 3);
    const params = { temperature: 1, topK: 0, topP: 1, craeg: DEFAULT_CRAEG };
    const out = await sampleOnce(logits, V, params, {
      embedding: { table, d },
      crowding: true,
      eos: V + 1,
      maxNew: MAX_NEW,
      state: [
        [STATUS.running, 3, 5],
        [STATUS.held, 1, 5],
        [STATUS.running, MAX_NEW, 5],
      ],
    });
    const expected = sampleRow(logits.subarray(0, V), params, rngUniform(HARNESS_SEED, 0, 3, 0), {
      unit: unitRows(table, V, d),
      d,
    });
    const at = 3 * CROWDING_RECORD;
    expect(out.crowding[at + 2]).toBe(expected.crowding?.candidates);
    expect(otherSlots(out.crowding, 0, 3).every((x) => x === 0)).toBe(true);
    const untouched = out.crowding.subarray(MAX_NEW * CROWDING_RECORD);
    expect(
      untouched.every((x) => x === 0),
      'held and full rows',
    ).toBe(true);
    expect(out.state[4 * 2 + 1]).toBe(STATUS.length);
  });
});
