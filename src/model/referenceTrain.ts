// One training step's loss and gradients on the CPU: the reference model's forward over whole
// sequences (positions 0..count-1, the KV cache of the chunk itself) keeping every activation,
// then the backward through the ops of referenceBackward.ts, producing a gradient for every HF
// tensor. Float64 throughout, so finite differences can check the whole model and the GPU trainer
// can be checked against it. Loss: mean cross-entropy over the rows whose mask is 1 (or the
// weighted sum a batch's maskTotal asks for).
import { dimsOf, type LlamaConfig } from './config.ts';
import { EMBEDDING, FINAL_NORM, layerNames, type ModelWeights, parameterTable } from './parameters.ts';
import {
  attentionForward,
  embeddingForward,
  type Floats,
  linearForward,
  logProbRows,
  rmsnormForward,
  ropeForward,
  ropeTable,
  swigluForward,
} from './reference.ts';
import {
  attentionBackward,
  crossEntropyForwardBackward,
  embeddingBackward,
  linearBackward,
  rmsnormBackward,
  ropeBackward,
  swigluBackward,
} from './referenceBackward.ts';
import { type ChunkInput, rowPositions } from './referenceModel.ts';

export interface TrainingBatch {
  /** Inputs of B sequences of T rows (offsets all 0; counts[b] valid rows). */
  input: ChunkInput;
  /**
   * [B*T, TK] next-token target(s) of each row: TK = targets.length / (B*T), 1 for next-token
   * training, K for a multiplex step whose K draws are all targets of its position.
   */
  targets: ArrayLike<number>;
  /** [B*T, TK] 1 where the target's loss counts (e.g. the answer part), else 0. */
  mask: ArrayLike<number>;
  /**
   * What the loss divides by; default the sum of the mask (a mean). 1 makes the mask a row weight
   * of a plain sum (policy-gradient losses).
   */
  maskTotal?: number;
}

export interface StepGradients {
  loss: number;
  /** [B*T, TK] log-probability of each row's targets under these weights. */
  targetLogProb: Float64Array;
  /** Gradient of the loss for every parameter, by HF name, float64. */
  grads: Map<string, Float64Array>;
}

interface LayerSaved {
  xIn: Float64Array;
  rstd1: Float64Array;
  xn1: Float64Array;
  q: Float64Array;
  k: Float64Array;
  v: Float64Array;
  probs: Float64Array;
  attn: Float64Array;
  xMid: Float64Array;
  rstd2: Float64Array;
  xn2: Float64Array;
  gu: Float64Array;
  h: Float64Array;
}

/** Weights as f32 (the lab) or f64 (finite-difference tests), by HF name. */
export type AnyWeights = ModelWeights | ReadonlyMap<string, Floats>;

export function referenceLossAndGradients(
  config: LlamaConfig,
  weights: AnyWeights,
  batch: TrainingBatch,
): StepGradients {
  const { V, C, L, H, KV, D, F, maxT: S, ropeTheta, eps } = dimsOf(config);
  const { input } = batch;
  const { B, T } = input;
  const R = B * T;
  if (Array.from(input.offsets).some((o) => o !== 0))
    throw new RangeError('training chunks start at position 0');
  const w = (name: string) => Float64Array.from(weights.get(name) as Floats);
  const table = ropeTable(S, D, ropeTheta);
  const cos = Float64Array.from(table.cos);
  const sin = Float64Array.from(table.sin);
  const positions = rowPositions(input, S);
  const toCache = (rows: Float64Array, cache: Float64Array) => {
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < input.counts[b]; t++) {
        for (let kv = 0; kv < KV; kv++) {
          const from = ((b * T + t) * KV + kv) * D;
          cache.set(rows.subarray(from, from + D), ((b * KV + kv) * S + t) * D);
        }
      }
    }
  };

  // Forward, keeping what the backward reads.
  const embedding = w(EMBEDDING);
  const x = new Float64Array(R * C);
  embeddingForward(x, input.indices, Float64Array.from(input.weights), embedding, R, input.K, C, V);
  const saved: LayerSaved[] = [];
  for (let l = 0; l < L; l++) {
    const n = layerNames(l);
    const s: LayerSaved = {
      xIn: x.slice(),
      rstd1: new Float64Array(R),
      xn1: new Float64Array(R * C),
      q: new Float64Array(R * H * D),
      k: new Float64Array(B * KV * S * D),
      v: new Float64Array(B * KV * S * D),
      probs: new Float64Array(B * H * T * S),
      attn: new Float64Array(R * H * D),
      xMid: new Float64Array(0),
      rstd2: new Float64Array(R),
      xn2: new Float64Array(R * C),
      gu: new Float64Array(R * 2 * F),
      h: new Float64Array(R * F),
    };
    rmsnormForward(s.xn1, s.rstd1, x, w(n.inputNorm), R, C, eps);
    const kRows = new Float64Array(R * KV * D);
    const vRows = new Float64Array(R * KV * D);
    linearForward(s.q, s.xn1, w(n.q), R, H * D, C);
    linearForward(kRows, s.xn1, w(n.k), R, KV * D, C);
    linearForward(vRows, s.xn1, w(n.v), R, KV * D, C);
    ropeForward(s.q, positions, cos, sin, R, H, D);
    ropeForward(kRows, positions, cos, sin, R, KV, D);
    toCache(kRows, s.k);
    toCache(vRows, s.v);
    attentionForward(s.attn, s.probs, s.q, s.k, s.v, input, H, KV, D, S);
    linearForward(x, s.attn, w(n.o), R, C, H * D, true);
    s.xMid = x.slice();
    rmsnormForward(s.xn2, s.rstd2, x, w(n.postNorm), R, C, eps);
    linearForward(s.gu, s.xn2, stack(w(n.gate), w(n.up)), R, 2 * F, C);
    swigluForward(s.h, s.gu, R, F);
    linearForward(x, s.h, w(n.down), R, C, F, true);
    saved.push(s);
  }
  const rstdFinal = new Float64Array(R);
  const xnFinal = new Float64Array(R * C);
  rmsnormForward(xnFinal, rstdFinal, x, w(FINAL_NORM), R, C, eps);
  const logits = new Float64Array(R * V);
  linearForward(logits, xnFinal, embedding, R, V, C);

  // Backward.
  const grads = new Map<string, Float64Array>();
  for (const { name, shape } of parameterTable(config))
    grads.set(name, new Float64Array(shape.reduce((a, b) => a * b, 1)));
  const g = (name: string) => grads.get(name) as Float64Array;
  const dLogits = new Float64Array(R * V);
  const loss = crossEntropyForwardBackward(dLogits, logits, batch.targets, batch.mask, R, V, batch.maskTotal);
  const { logProb: targetLogProb } = logProbRows(logits, batch.targets, R, V);
  const dXnFinal = new Float64Array(R * C);
  linearBackward(dXnFinal, g(EMBEDDING), dLogits, xnFinal, embedding, R, V, C);
  const dx = new Float64Array(R * C);
  rmsnormBackward(dx, g(FINAL_NORM), dXnFinal, x, w(FINAL_NORM), rstdFinal, R, C);
  for (let l = L - 1; l >= 0; l--) {
    const n = layerNames(l);
    const s = saved[l];
    const dh = new Float64Array(R * F);
    linearBackward(dh, g(n.down), dx, s.h, w(n.down), R, C, F);
    const dgu = new Float64Array(R * 2 * F);
    swigluBackward(dgu, dh, s.gu, R, F);
    const dXn2 = new Float64Array(R * C);
    const dGateUp = new Float64Array(2 * F * C);
    linearBackward(dXn2, dGateUp, dgu, s.xn2, stack(w(n.gate), w(n.up)), R, 2 * F, C);
    addInto(g(n.gate), dGateUp.subarray(0, F * C));
    addInto(g(n.up), dGateUp.subarray(F * C));
    rmsnormBackward(dx, g(n.postNorm), dXn2, s.xMid, w(n.postNorm), s.rstd2, R, C);
    const dAttn = new Float64Array(R * H * D);
    linearBackward(dAttn, g(n.o), dx, s.attn, w(n.o), R, C, H * D);
    const dq = new Float64Array(R * H * D);
    const dkCache = new Float64Array(B * KV * S * D);
    const dvCache = new Float64Array(B * KV * S * D);
    attentionBackward(dq, dkCache, dvCache, dAttn, s.q, s.k, s.v, s.probs, input, H, KV, D, S);
    const dk = fromCache(dkCache, input, KV, D, S);
    const dv = fromCache(dvCache, input, KV, D, S);
    ropeBackward(dq, positions, cos, sin, R, H, D);
    ropeBackward(dk, positions, cos, sin, R, KV, D);
    const dXn1 = new Float64Array(R * C);
    linearBackward(dXn1, g(n.q), dq, s.xn1, w(n.q), R, H * D, C);
    linearBackward(dXn1, g(n.k), dk, s.xn1, w(n.k), R, KV * D, C);
    linearBackward(dXn1, g(n.v), dv, s.xn1, w(n.v), R, KV * D, C);
    rmsnormBackward(dx, g(n.inputNorm), dXn1, s.xIn, w(n.inputNorm), s.rstd1, R, C);
  }
  embeddingBackward(g(EMBEDDING), dx, input.indices, Float64Array.from(input.weights), R, input.K, C, V);
  return { loss, targetLogProb, grads };
}

/** [a; b] in float64 (referenceModel's fuseRows gives float32, which would blur the checks). */
function stack(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function addInto(target: Float64Array, source: Float64Array): void {
  for (let i = 0; i < target.length; i++) target[i] += source[i];
}

/** Cache-layout gradients [B, KV, S, D] back to rows [B*T, KV*D] (valid rows; padding stays 0). */
function fromCache(cache: Float64Array, input: ChunkInput, KV: number, D: number, S: number): Float64Array {
  const { B, T } = input;
  const rows = new Float64Array(B * T * KV * D);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < input.counts[b]; t++) {
      for (let kv = 0; kv < KV; kv++) {
        const from = ((b * KV + kv) * S + t) * D;
        rows.set(cache.subarray(from, from + D), ((b * T + t) * KV + kv) * D);
      }
    }
  }
  return rows;
}
