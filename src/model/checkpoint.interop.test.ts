// Interop: checkpoints written by an independent writer (scripts/fixtures/llama_golden.py, struct +
// json in Python, following the HF layout) load with our loader, with the values PyTorch had.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dimsOf } from './config.ts';
import { GOLDEN_MODELS } from './fixtures/golden.ts';
import { loadGolden } from './fixtures/goldenNode.ts';
import { parameterTable } from './parameters.ts';

const EXPECTED_DIMS = {
  'gqa-hd10': { V: 135, C: 24, L: 2, H: 3, KV: 1, D: 10, F: 40, maxT: 64, ropeTheta: 10000, eps: 1e-5 },
  'mha-theta500': { V: 135, C: 32, L: 1, H: 4, KV: 4, D: 8, F: 48, maxT: 64, ropeTheta: 500, eps: 1e-6 },
};

interface WeightCheck {
  sum: number;
  first: number;
  last: number;
}

describe.each(GOLDEN_MODELS)('Python-written checkpoint %s', (name) => {
  const golden = loadGolden(name);
  const checks = JSON.parse(
    readFileSync(new URL(`./fixtures/golden/${name}/golden.json`, import.meta.url), 'utf8'),
  ).weight_checks as Record<string, WeightCheck>;

  it('has the config the script wrote', () => {
    expect(dimsOf(golden.config)).toEqual(EXPECTED_DIMS[name]);
  });

  it('loads every tensor of the table with the values PyTorch had', () => {
    expect(Object.keys(checks).sort()).toEqual(
      parameterTable(golden.config)
        .map((p) => p.name)
        .sort(),
    );
    for (const [tensor, check] of Object.entries(checks)) {
      const data = golden.weights.get(tensor) as Float32Array;
      const sum = data.reduce((s, v) => s + v, 0);
      expect(data[0], tensor).toBe(check.first);
      expect(data[data.length - 1], tensor).toBe(check.last);
      expect(Math.abs(sum - check.sum), tensor).toBeLessThan(1e-9 * data.length);
    }
  });

  it('holds logits [T * V] for two sequences of different lengths', () => {
    expect(golden.ids.map((ids) => ids.length)).toEqual([7, 12]);
    golden.ids.forEach((ids, s) => {
      expect(golden.logits[s].length).toBe(ids.length * golden.config.vocab_size);
      expect(golden.logits[s].every(Number.isFinite)).toBe(true);
    });
    expect(golden.float64Gap).toBeLessThan(1e-4);
  });
});
