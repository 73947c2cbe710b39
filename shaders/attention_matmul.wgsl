// attention_matmul.wgsl: the parts of attention-as-matmuls that are not matmuls. A training chunk
// (every sequence starts at position 0, so its keys are its own rows) runs attention as batched
// matmuls over (b, kv) with the G = H / KV query heads of a group stacked as G*T rows:
//   scores = Q Kᵀ, probs = causal_softmax(scores), out = probs V            (forward)
//   dP = dOut Vᵀ, dS = causal_softmax_backward(probs, dP), dQ = dS K,
//   dK = dSᵀ Q, dV = probsᵀ dOut                                           (backward)
// which needs queries and outputs head-major: swap_axes moves them between [B, T, H, D] (the
// projections' layout) and [B, H, T, D].
//   causal_softmax:          rows[b, h, t, j] = softmax_j(scale * rows[b, h, t, j])  j <= t < count[b], else 0  (in place:
//                            scores in, probs out)
//   causal_softmax_backward: rows[r, j] = scale * probs[r, j] * (rows[r, j] - sum_i probs[r, i] rows[r, i])  (in place:
//                            dP in, dS out; 0 off the row's keys)
//   swap_axes:               out[a, y, x, d] = x_in[a, x, y, d]
// Shapes (f32 / u32, row-major): rows, probs: [B, H, T, T]; seqs: [B, 2] = (offset, count);
//   x_in: [A, X, Y, D], out: [A, Y, X, D]. The softmaxes never use what lies above the diagonal (the score
//   matmuls leave it unwritten) and write exact zeros there (the later matmuls skip them).
// Bindings (group 0): 0 uniform AttentionMatmulSizes | 1 probs (read) | 2 seqs (read)
//   | 3 rows (rw) | 4 x_in (read) | 5 out (rw); x_in and out as array<vec4<f32>> (element e is
//   X[e >> 2][e & 3]).
// Layout: the softmaxes are one invocation per (b, h, t) row and no barriers (rmsnorm.wgsl says
//   why); swap_axes is one invocation per four consecutive d (one vec4 copy when D % 4 == 0; one
//   invocation per element spent its time in invocation overhead). Dispatch: ceil(items / WG)
//   workgroups over x and y; guarded.
// override WG: invocations per workgroup (64 for swap_axes, 4 for the row kernels).
// Reference: attentionForward / attentionBackward in src/model/reference*.ts (through the whole
//   attention), swapAxes in src/model/reference.ts. Test: src/model/kernels/attentionMatmul.gpu.test.ts.

struct AttentionMatmulSizes {
  B: u32,
  H: u32,
  T: u32,
  scale: f32,
  A: u32,
  X: u32,
  Y: u32,
  D: u32,
}

override WG: u32 = 4u;

@group(0) @binding(0) var<uniform> s: AttentionMatmulSizes;
@group(0) @binding(1) var<storage, read> probs: array<f32>;
@group(0) @binding(2) var<storage, read> seqs: array<u32>;
@group(0) @binding(3) var<storage, read_write> rows: array<f32>;
@group(0) @binding(4) var<storage, read> xIn: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> out: array<vec4<f32>>;

fn itemIndex(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

// Keys row (b, h, t) attends to: 0..t for a real row, none for padding.
fn keysOf(index: u32) -> u32 {
  let t = index % s.T;
  let b = index / (s.T * s.H);
  return select(0u, t + 1u, t < seqs[2u * b + 1u]);
}

@compute @workgroup_size(WG)
fn causal_softmax(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let index = itemIndex(gid, nwg);
  if (index >= s.B * s.H * s.T) {
    return;
  }
  let keys = keysOf(index);
  let base = index * s.T;
  var rowMax = -3.4e38;
  for (var j = 0u; j < keys; j++) {
    rowMax = max(rowMax, rows[base + j] * s.scale);
  }
  var total = 0.0;
  for (var j = 0u; j < keys; j++) {
    let e = exp(rows[base + j] * s.scale - rowMax);
    rows[base + j] = e;
    total += e;
  }
  let inv = select(0.0, 1.0 / total, keys > 0u);
  for (var j = 0u; j < s.T; j++) {
    rows[base + j] = select(0.0, rows[base + j] * inv, j < keys);
  }
}

@compute @workgroup_size(WG)
fn causal_softmax_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let index = itemIndex(gid, nwg);
  if (index >= s.B * s.H * s.T) {
    return;
  }
  let keys = keysOf(index);
  let base = index * s.T;
  var dot = 0.0;
  for (var j = 0u; j < keys; j++) {
    dot += probs[base + j] * rows[base + j];
  }
  for (var j = 0u; j < s.T; j++) {
    rows[base + j] = select(0.0, s.scale * probs[base + j] * (rows[base + j] - dot), j < keys);
  }
}

@compute @workgroup_size(WG)
fn swap_axes(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let quads = (s.D + 3u) / 4u;
  let index = itemIndex(gid, nwg);
  if (index >= s.A * s.X * s.Y * quads) {
    return;
  }
  let d0 = (index % quads) * 4u;
  let y = (index / quads) % s.Y;
  let x = (index / (quads * s.Y)) % s.X;
  let a = index / (quads * s.Y * s.X);
  let src = ((a * s.X + x) * s.Y + y) * s.D + d0;
  let dst = ((a * s.Y + y) * s.X + x) * s.D + d0;
  if (s.D % 4u == 0u) {
    out[dst >> 2u] = xIn[src >> 2u];
    return;
  }
  for (var t = 0u; t < min(4u, s.D - d0); t++) {
    out[(dst + t) >> 2u][(dst + t) & 3u] = xIn[(src + t) >> 2u][(src + t) & 3u];
  }
}
