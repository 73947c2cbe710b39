// Every backward of the CPU reference against central finite differences in float64: for a
// random upstream gradient G, the analytic gradient of sum(out ⊙ G) must equal the numeric one
// for every input element, on small odd sizes (ragged attention with grouped KV included).
import { describe, expect, it } from 'vitest';
import { assertAllClose } from '../testing/allclose.ts';
import { mulberry32 } from '../testing/random.ts';
import {
  attentionForward,
  causalSoftmaxRows,
  embeddingForward,
  type Floats,
  linearForward,
  rmsnormForward,
  ropeForward,
  ropeTable,
  swigluForward,
} from './reference.ts';
import {
  attentionBackward,
  causalSoftmaxRowsBackward,
  crossEntropyForwardBackward,
  embeddingBackward,
  linearBackward,
  rmsnormBackward,
  ropeBackward,
  softTargetKlForwardBackward,
  swigluBackward,
} from './referenceBackward.ts';

const EPS = 1e-6;
/** Central differences in float64: truncation ~EPS², rounding ~1e-16 / EPS. */
const FD_TOLERANCE = { rtol: 1e-6, atol: 1e-8 };

function random64(length: number, seed: number, scale = 1): Float64Array {
  const next = mulberry32(seed);
  return Float64Array.from({ length }, () => (next() * 2 - 1) * scale);
}

function dot(a: Floats, b: Floats): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** d f / d x by central differences, element by element. */
function numericGrad(f: () => number, x: Float64Array): Float64Array {
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const original = x[i];
    x[i] = original + EPS;
    const plus = f();
    x[i] = original - EPS;
    const minus = f();
    x[i] = original;
    grad[i] = (plus - minus) / (2 * EPS);
  }
  return grad;
}

describe('reference backward against finite differences', () => {
  it('embedding gather scatters weighted gradients into the K rows (duplicates sum)', () => {
    const [R, K, C, V] = [5, 3, 4, 6];
    const indices = Uint32Array.from([0, 1, 1, 5, 2, 3, 7, 0, 4, 2, 2, 2, 5, 1, 0]);
    const weights = random64(R * K, 1);
    const table = random64(V * C, 2);
    const G = random64(R * C, 3);
    const f = () => {
      const out = new Float64Array(R * C);
      embeddingForward(out, indices, weights, table, R, K, C, V);
      return dot(out, G);
    };
    const dTable = new Float64Array(V * C);
    embeddingBackward(dTable, G, indices, weights, R, K, C, V);
    assertAllClose(dTable, numericGrad(f, table), FD_TOLERANCE);
  });

  it.each([
    [1, 1],
    [3, 7],
    [4, 33],
  ])('rmsnorm R=%i C=%i: dx and dw', (R, C) => {
    const x = random64(R * C, R + C, 2);
    const w = random64(C, C);
    const G = random64(R * C, 9);
    const f = () => {
      const out = new Float64Array(R * C);
      rmsnormForward(out, new Float64Array(R), x, w, R, C, 1e-5);
      return dot(out, G);
    };
    const rstd = new Float64Array(R);
    rmsnormForward(new Float64Array(R * C), rstd, x, w, R, C, 1e-5);
    const dx = new Float64Array(R * C);
    const dw = new Float64Array(C);
    rmsnormBackward(dx, dw, G, x, w, rstd, R, C);
    assertAllClose(dx, numericGrad(f, x), FD_TOLERANCE);
    assertAllClose(dw, numericGrad(f, w), FD_TOLERANCE);
  });

  it('rope: the gradient is rotated back', () => {
    const [R, heads, D, S] = [4, 3, 6, 16];
    const positions = [0, 5, 9, 15];
    const table = ropeTable(S, D, 500);
    const cos = Float64Array.from(table.cos);
    const sin = Float64Array.from(table.sin);
    const x = random64(R * heads * D, 4);
    const G = random64(R * heads * D, 5);
    const f = () => {
      const y = x.slice();
      ropeForward(y, positions, cos, sin, R, heads, D);
      return dot(y, G);
    };
    const dx = G.slice();
    ropeBackward(dx, positions, cos, sin, R, heads, D);
    assertAllClose(dx, numericGrad(f, x), FD_TOLERANCE);
  });

  it('attention on a ragged chunk with grouped KV: dq, dk and dv', () => {
    const [B, T, H, KV, D, S] = [2, 4, 4, 2, 3, 6];
    const layout = { B, T, offsets: [0, 2], counts: [4, 3] };
    const q = random64(B * T * H * D, 6);
    const k = random64(B * KV * S * D, 7);
    const v = random64(B * KV * S * D, 8);
    const G = random64(B * T * H * D, 10);
    const forward = () => {
      const out = new Float64Array(B * T * H * D);
      const probs = new Float64Array(B * H * T * S);
      attentionForward(out, probs, q, k, v, layout, H, KV, D, S);
      return { out, probs };
    };
    const f = () => dot(forward().out, G);
    const { probs } = forward();
    const dq = new Float64Array(q.length);
    const dk = new Float64Array(k.length);
    const dv = new Float64Array(v.length);
    attentionBackward(dq, dk, dv, G, q, k, v, probs, layout, H, KV, D, S);
    assertAllClose(dq, numericGrad(f, q), FD_TOLERANCE);
    assertAllClose(dk, numericGrad(f, k), FD_TOLERANCE);
    assertAllClose(dv, numericGrad(f, v), FD_TOLERANCE);
  });

  it('causal softmax of attention-as-matmuls, padding rows included', () => {
    const [B, H, T, scale] = [2, 3, 5, 0.7];
    const counts = [5, 3];
    const n = B * H * T * T;
    const scores = random64(n, 41, 2);
    const upstream = random64(n, 42);
    const probs = new Float64Array(n);
    const f = () => {
      causalSoftmaxRows(probs, scores, counts, B, H, T, scale);
      return dot(probs, upstream);
    };
    f();
    const dScores = new Float64Array(n);
    causalSoftmaxRowsBackward(dScores, upstream, probs, counts, B, H, T, scale);
    assertAllClose(dScores, numericGrad(f, scores), FD_TOLERANCE);
  });

  it('swiglu: gate and up gradients', () => {
    const [R, F] = [3, 5];
    const gu = random64(R * 2 * F, 11, 4);
    const G = random64(R * F, 12);
    const f = () => {
      const out = new Float64Array(R * F);
      swigluForward(out, gu, R, F);
      return dot(out, G);
    };
    const dgu = new Float64Array(R * 2 * F);
    swigluBackward(dgu, G, gu, R, F);
    assertAllClose(dgu, numericGrad(f, gu), FD_TOLERANCE);
  });

  it('linear: both operand gradients, accumulated', () => {
    const [M, N, K] = [3, 5, 4];
    const x = random64(M * K, 13);
    const w = random64(N * K, 14);
    const G = random64(M * N, 15);
    const f = () => {
      const out = new Float64Array(M * N);
      linearForward(out, x, w, M, N, K);
      return dot(out, G);
    };
    const dx = random64(M * K, 16);
    const dw = random64(N * K, 17);
    const dx0 = dx.slice();
    const dw0 = dw.slice();
    linearBackward(dx, dw, G, x, w, M, N, K);
    assertAllClose(
      dx.map((value, i) => value - dx0[i]),
      numericGrad(f, x),
      FD_TOLERANCE,
    );
    assertAllClose(
      dw.map((value, i) => value - dw0[i]),
      numericGrad(f, w),
      FD_TOLERANCE,
    );
  });

  it('cross-entropy with a loss mask: gradient of the mean over masked rows', () => {
    const [R, V] = [4, 7];
    const logits = random64(R * V, 18, 3);
    const targets = [2, 0, 6, 3];
    const mask = [1, 0, 1, 1];
    const dLogits = new Float64Array(R * V);
    const f = () => crossEntropyForwardBackward(new Float64Array(R * V), logits, targets, mask, R, V);
    const loss = crossEntropyForwardBackward(dLogits, logits, targets, mask, R, V);
    assertAllClose(dLogits, numericGrad(f, logits), FD_TOLERANCE);
    expect(dLogits.slice(V, 2 * V).every((d) => d === 0)).toBe(true);
    expect(loss).toBeGreaterThan(0);
  });

  it('soft-target KL: gradient, and zero loss when the target is the model itself', () => {
    const [R, V] = [3, 5];
    const logits = random64(R * V, 19, 2);
    const target = random64(R * V, 20).map(Math.abs);
    for (let r = 0; r < R; r++) {
      const sum = target.slice(r * V, (r + 1) * V).reduce((a, b) => a + b, 0);
      for (let v = 0; v < V; v++) target[r * V + v] /= sum;
    }
    const mask = [1, 1, 0];
    const dLogits = new Float64Array(R * V);
    softTargetKlForwardBackward(dLogits, logits, target, mask, R, V);
    const f = () => softTargetKlForwardBackward(new Float64Array(R * V), logits, target, mask, R, V);
    assertAllClose(dLogits, numericGrad(f, logits), FD_TOLERANCE);
    const self = new Float64Array(R * V);
    for (let r = 0; r < R; r++) {
      const row = logits.slice(r * V, (r + 1) * V);
      const z = row.reduce((a, b) => a + Math.exp(b), 0);
      for (let v = 0; v < V; v++) self[r * V + v] = Math.exp(row[v]) / z;
    }
    expect(softTargetKlForwardBackward(new Float64Array(R * V), logits, self, mask, R, V)).toBeCloseTo(0, 12);
  });
});
