// Our checkpoint as an ONNX decoder (opset 17) in the layout transformers.js and Optimum use:
// inputs input_ids [b, s], attention_mask [b, t], position_ids [b, s] (int64) and
// past_key_values.{i}.key/value [b, KV, p, D]; outputs logits [b, s, V] and present.{i}.key/value
// [b, KV, t, D], where t = p + s. The graph is the same maths as referenceForward
// (referenceModel.ts), written with standard operators only:
//   RMSNorm      x / sqrt(mean(x²) + eps) · w
//   projections  MatMul by the transposed HF weight (initializers [in, out])
//   RoPE         x · cos + rotate_half(x) · sin, cos/sin gathered by position_ids (HF layout, [S, D])
//   attention    softmax(q kᵀ / √D + mask) v, keys of a group repeated G = H / KV times; the mask
//                allows key slot j for the query in slot q iff j <= q and attention_mask[b, j] = 1
//   SwiGLU       (g · sigmoid(g)) · u, then down
//   head         the tied embedding, transposed
import type { LlamaConfig } from '../config.ts';
import { dimsOf } from '../config.ts';
import { EMBEDDING, FINAL_NORM, layerNames, type ModelWeights } from '../parameters.ts';
import { ropeTable } from '../reference.ts';
import { FLOAT, GraphBuilder, INT64 } from './graphBuilder.ts';

export const ONNX_OPSET = 17;

/** A row-major [rows, cols] matrix transposed to [cols, rows]. */
function transposed(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

/** HF's cos/sin caches [S, D]: each half-table repeated (rotate-half layout). */
function fullRopeTables(S: number, D: number, theta: number): { cos: Float32Array; sin: Float32Array } {
  const half = ropeTable(S, D, theta);
  const widen = (table: Float32Array) => {
    const out = new Float32Array(S * D);
    for (let p = 0; p < S; p++) {
      const row = table.subarray(p * (D / 2), (p + 1) * (D / 2));
      out.set(row, p * D);
      out.set(row, p * D + D / 2);
    }
    return out;
  };
  return { cos: widen(half.cos), sin: widen(half.sin) };
}

export function exportOnnx(config: LlamaConfig, weights: ModelWeights): Uint8Array {
  const { V, C, L, H, KV, D, F, maxT, ropeTheta, eps } = dimsOf(config);
  const g = new GraphBuilder();
  const w = (name: string) => weights.get(name) as Float32Array;
  const ids = g.input('input_ids', INT64, ['batch_size', 'sequence_length']);
  const attentionMask = g.input('attention_mask', INT64, ['batch_size', 'total_sequence_length']);
  const positions = g.input('position_ids', INT64, ['batch_size', 'sequence_length']);

  const axis = (name: string, values: number[]) => g.ints(name, values);
  const one = axis('axes_1', [1]);
  // Only grouped KV heads repeat; an unused initializer would make onnxruntime warn on every load.
  const grouped = H !== KV;
  const two = grouped ? axis('axes_2', [2]) : '';
  const epsilon = g.scalar('rms_eps', eps);
  const rmsnorm = (x: string, weight: string) => {
    const meanSquare = g.op('ReduceMean', [g.op('Mul', [x, x])], { axes: [-1], keepdims: 1 });
    const inverse = g.op('Reciprocal', [g.op('Sqrt', [g.op('Add', [meanSquare, epsilon])])]);
    return g.op('Mul', [g.op('Mul', [x, inverse]), weight]);
  };

  // Rotary tables gathered by position: [b, 1, s, D].
  const tables = fullRopeTables(maxT, D, ropeTheta);
  const cos = g.op('Unsqueeze', [
    g.op('Gather', [g.floats('rope_cos', [maxT, D], tables.cos), positions]),
    one,
  ]);
  const sin = g.op('Unsqueeze', [
    g.op('Gather', [g.floats('rope_sin', [maxT, D], tables.sin), positions]),
    one,
  ]);
  const firstHalf = [axis('rope_start0', [0]), axis('rope_end0', [D / 2]), axis('rope_axis', [3])];
  const secondHalf = [axis('rope_start1', [D / 2]), axis('rope_end1', [D])];
  const rope = (x: string) => {
    const low = g.op('Slice', [x, firstHalf[0], firstHalf[1], firstHalf[2]]);
    const high = g.op('Slice', [x, secondHalf[0], secondHalf[1], firstHalf[2]]);
    const rotated = g.op('Concat', [g.op('Neg', [high]), low], { axis: 3 });
    return g.op('Add', [g.op('Mul', [x, cos]), g.op('Mul', [rotated, sin])]);
  };

  // Mask [b, 1, s, t] over cache slots (not positions: left padding shifts them): key slot j is
  // allowed for the query in slot q = p + i iff j <= q and attention_mask[b, j] = 1.
  const index1 = g.intScalar('index1', 1);
  const total = g.op('Gather', [g.op('Shape', [attentionMask]), index1], { axis: 0 });
  const fresh = g.op('Gather', [g.op('Shape', [ids]), index1], { axis: 0 });
  const unit = g.intScalar('one', 1);
  const keySlots = g.op('Range', [g.intScalar('zero', 0), total, unit]);
  const querySlots = g.op('Range', [g.op('Sub', [total, fresh]), total, unit]);
  const causal = g.op('LessOrEqual', [keySlots, g.op('Unsqueeze', [querySlots, one])]);
  const padding = g.op('Unsqueeze', [g.op('Cast', [attentionMask], { to: 9 }), one]);
  const allowed = g.op('Unsqueeze', [g.op('And', [causal, padding]), one]);
  const blocked = g.scalar('mask_value', -3.4e38);
  const scale = g.scalar('attention_scale', 1 / Math.sqrt(D));

  const headShapes = new Map(
    [...new Set([H, KV])].map((heads) => [heads, g.ints(`shape_heads${heads}`, [0, 0, heads, D])]),
  );
  const headShape = (heads: number) => headShapes.get(heads) as string;
  const merged = g.ints('shape_merged', [0, 0, H * D]);
  const repeatedShape = grouped ? g.ints('shape_repeated', [0, H, -1, D]) : '';
  const repeats = grouped ? g.ints('kv_repeats', [1, 1, H / KV, 1, 1]) : '';
  const splitHeads = (x: string, heads: number) =>
    g.op('Transpose', [g.op('Reshape', [x, headShape(heads)])], { perm: [0, 2, 1, 3] });

  let x = g.op('Gather', [g.floats(EMBEDDING, [V, C], w(EMBEDDING)), ids]);
  for (let l = 0; l < L; l++) {
    const n = layerNames(l);
    const linear = (input: string, name: string, rows: number, cols: number) =>
      g.op('MatMul', [input, g.floats(`${name}.T`, [cols, rows], transposed(w(name), rows, cols))]);
    const h = rmsnorm(x, g.floats(n.inputNorm, [C], w(n.inputNorm)));
    const q = rope(splitHeads(linear(h, n.q, H * D, C), H));
    const k = rope(splitHeads(linear(h, n.k, KV * D, C), KV));
    const v = splitHeads(linear(h, n.v, KV * D, C), KV);
    const pastKey = g.input(`past_key_values.${l}.key`, FLOAT, ['batch_size', KV, 'past_sequence_length', D]);
    const pastValue = g.input(`past_key_values.${l}.value`, FLOAT, [
      'batch_size',
      KV,
      'past_sequence_length',
      D,
    ]);
    const keys = g.op('Concat', [pastKey, k], { axis: 2 }, `present.${l}.key`);
    const values = g.op('Concat', [pastValue, v], { axis: 2 }, `present.${l}.value`);
    g.output(keys, FLOAT, ['batch_size', KV, 'total_sequence_length', D]);
    g.output(values, FLOAT, ['batch_size', KV, 'total_sequence_length', D]);
    const repeat = (x5: string) =>
      grouped ? g.op('Reshape', [g.op('Tile', [g.op('Unsqueeze', [x5, two]), repeats]), repeatedShape]) : x5;
    const kAll = repeat(keys);
    const vAll = repeat(values);
    const scores = g.op('Mul', [
      g.op('MatMul', [q, g.op('Transpose', [kAll], { perm: [0, 1, 3, 2] })]),
      scale,
    ]);
    const probs = g.op('Softmax', [g.op('Where', [allowed, scores, blocked])], { axis: -1 });
    const attention = g.op('Reshape', [
      g.op('Transpose', [g.op('MatMul', [probs, vAll])], { perm: [0, 2, 1, 3] }),
      merged,
    ]);
    x = g.op('Add', [x, linear(attention, n.o, C, H * D)]);
    const h2 = rmsnorm(x, g.floats(n.postNorm, [C], w(n.postNorm)));
    const gate = linear(h2, n.gate, F, C);
    const up = linear(h2, n.up, F, C);
    const act = g.op('Mul', [g.op('Mul', [gate, g.op('Sigmoid', [gate])]), up]);
    x = g.op('Add', [x, linear(act, n.down, C, F)]);
  }
  const xn = rmsnorm(x, g.floats(FINAL_NORM, [C], w(FINAL_NORM)));
  const head = g.floats(`${EMBEDDING}.T`, [C, V], transposed(w(EMBEDDING), V, C));
  g.op('MatMul', [xn, head], {}, 'logits');
  g.output('logits', FLOAT, ['batch_size', 'sequence_length', V]);
  return g.encode('reasoning_lab_llama', ONNX_OPSET, 'reasoning-lab');
}
