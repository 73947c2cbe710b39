// attention.wgsl: causal multi-head attention of a chunk's query rows against the KV cache, with
// grouped KV heads. Row (b, t) sits at position p = offsets[b] + t and attends to cache positions
// 0..p; query head h reads KV head h / (H / KV):
//   probs[b, h, t, s] = softmax_s(q[b, t, h, ·] · kCache[b, kv, s, ·] * scale)   s <= p, else 0
//   out[b, t, h, ·]   = sum_s probs[b, h, t, s] * vCache[b, kv, s, ·]
// Padding rows (t >= counts[b]) get out = 0 and probs = 0. probs is always written: it is the
// scratch of the softmax, the Attention page's heatmap and what the backward reads.
// Shapes (f32 / u32, row-major): q, out: [B*T, H*D]; kCache, vCache: [Bc, KV, S, D] (Bc >= B);
//   seqs: [B, 2] = (offset, count); probs: [B, H, T, S].
// Bindings (group 0): 0 uniform AttentionSizes | 1 q (read) | 2 kCache (read) | 3 vCache (read)
//   | 4 seqs (read) | 5 probs (rw) | 6 out (rw).
// Layout: one invocation per (b, h, t) query row: scores and their max (written to probs), exp
//   and sum, normalise and zero the tail, then out += p_s * v_s over the keys into a private
//   accumulator of D values. No workgroup memory, no barriers. Dispatch: ceil(B*H*T / WG)
//   workgroups over x and y; guarded.
// Variants measured here (bench `decode`): one 64-wide workgroup per row sharing the keys, with
//   tree reductions, took ~0.4 ms per dispatch for a batch-1 decode step (barriers dominate).
// override WG: invocations per workgroup (4). MAX_D (256, a const: private arrays need one) bounds the head dim.
// Reference: attentionForward in src/model/reference.ts. Test: src/model/kernels/forward.gpu.test.ts.

struct AttentionSizes {
  B: u32,
  T: u32,
  H: u32,
  KV: u32,
  D: u32,
  S: u32,
  scale: f32,
}

override WG: u32 = 4u;
const MAX_D: u32 = 256u;

@group(0) @binding(0) var<uniform> s: AttentionSizes;
@group(0) @binding(1) var<storage, read> q: array<f32>;
@group(0) @binding(2) var<storage, read> kCache: array<f32>;
@group(0) @binding(3) var<storage, read> vCache: array<f32>;
@group(0) @binding(4) var<storage, read> seqs: array<u32>;
@group(0) @binding(5) var<storage, read_write> probs: array<f32>;
@group(0) @binding(6) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn attention_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let index = gid.x + gid.y * nwg.x * WG;
  if (index >= s.B * s.H * s.T) {
    return;
  }
  let t = index % s.T;
  let h = (index / s.T) % s.H;
  let b = index / (s.T * s.H);
  let offset = seqs[2u * b];
  let count = seqs[2u * b + 1u];
  let keys = select(0u, min(offset + t + 1u, s.S), t < count);
  let kv = h / (s.H / s.KV);
  let qBase = ((b * s.T + t) * s.H + h) * s.D;
  let kvBase = (b * s.KV + kv) * s.S * s.D;
  let pBase = index * s.S;

  var rowMax = -3.4e38;
  for (var j = 0u; j < keys; j++) {
    var dot = 0.0;
    for (var d = 0u; d < s.D; d++) {
      dot += q[qBase + d] * kCache[kvBase + j * s.D + d];
    }
    let score = dot * s.scale;
    probs[pBase + j] = score;
    rowMax = max(rowMax, score);
  }
  var total = 0.0;
  for (var j = 0u; j < keys; j++) {
    let e = exp(probs[pBase + j] - rowMax);
    probs[pBase + j] = e;
    total += e;
  }
  let inv = select(0.0, 1.0 / total, keys > 0u);
  for (var j = 0u; j < s.S; j++) {
    probs[pBase + j] = select(0.0, probs[pBase + j] * inv, j < keys);
  }

  var acc: array<f32, MAX_D>;
  for (var j = 0u; j < keys; j++) {
    let p = probs[pBase + j];
    let row = kvBase + j * s.D;
    for (var d = 0u; d < s.D; d++) {
      acc[d] += p * vCache[row + d];
    }
  }
  for (var d = 0u; d < s.D; d++) {
    out[qBase + d] = acc[d];
  }
}
