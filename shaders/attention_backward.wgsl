// attention_backward.wgsl: the backward of attention.wgsl, in two passes without atomics.
//   attention_backward_query, one invocation per query row (b, h, t), p = offsets[b] + t:
//     dP_s = dOut · v_s;  dScores[b, h, t, s] = scale P_s (dP_s - sum_s' P_s' dP_s')  (0 for s > p)
//     dq[b, t, h, ·] = sum_s dScores[b, h, t, s] k_s
//   attention_backward_kv, one invocation per cache element (b, kv, s, d), summing over the query
//   heads h of KV head kv and every row t (dScores and P are 0 where a row did not attend):
//     dkCache[b, kv, s, d] = sum_h sum_t dScores[b, h, t, s] q[b, t, h, d]
//     dvCache[b, kv, s, d] = sum_h sum_t P[b, h, t, s] dOut[b, t, h, d]
//   summing only over the rows t that could attend to s (s <= offset + t, t < count): half the work
//   of all T rows for a training chunk.
// Padding rows (t >= counts[b]) contribute nothing. Outputs are written, not accumulated.
// Shapes (f32 / u32): dOut, q, dq: [B*T, H*D]; kCache, vCache, dkCache, dvCache: [B, KV, S, D];
//   probs, dScores: [B, H, T, S]; seqs: [B, 2].
// Bindings (group 0): 0 uniform AttentionBackwardSizes | 1 dOut | 2 q | 3 kCache | 4 vCache
//   | 5 probs | 6 seqs (all read) | 7 dScores (rw) | 8 dq (rw) | 9 dkCache (rw) | 10 dvCache (rw);
//   _query binds 1, 3..8, _kv binds 1, 2, 5, 6, 7, 9, 10 (the rest are left out of its group).
// Layout: one invocation per row / element, no barriers. Dispatch: ceil(count / WG) over x and y.
// override WG: invocations per workgroup (4).
// Reference: attentionBackward in src/model/referenceBackward.ts. Test: src/model/kernels/backward.gpu.test.ts.

struct AttentionBackwardSizes {
  B: u32,
  T: u32,
  H: u32,
  KV: u32,
  D: u32,
  S: u32,
  scale: f32,
}

override WG: u32 = 4u;

@group(0) @binding(0) var<uniform> s: AttentionBackwardSizes;
@group(0) @binding(1) var<storage, read> dOut: array<f32>;
@group(0) @binding(2) var<storage, read> q: array<f32>;
@group(0) @binding(3) var<storage, read> kCache: array<f32>;
@group(0) @binding(4) var<storage, read> vCache: array<f32>;
@group(0) @binding(5) var<storage, read> probs: array<f32>;
@group(0) @binding(6) var<storage, read> seqs: array<u32>;
@group(0) @binding(7) var<storage, read_write> dScores: array<f32>;
@group(0) @binding(8) var<storage, read_write> dq: array<f32>;
@group(0) @binding(9) var<storage, read_write> dkCache: array<f32>;
@group(0) @binding(10) var<storage, read_write> dvCache: array<f32>;

fn flatIndex(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

@compute @workgroup_size(WG)
fn attention_backward_query(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let index = flatIndex(gid, nwg);
  if (index >= s.B * s.H * s.T) {
    return;
  }
  let t = index % s.T;
  let h = (index / s.T) % s.H;
  let b = index / (s.T * s.H);
  let keys = select(0u, min(seqs[2u * b] + t + 1u, s.S), t < seqs[2u * b + 1u]);
  let kvBase = (b * s.KV + h / (s.H / s.KV)) * s.S * s.D;
  let qBase = ((b * s.T + t) * s.H + h) * s.D;
  let pBase = index * s.S;
  var weighted = 0.0;
  for (var j = 0u; j < keys; j++) {
    var dp = 0.0;
    for (var d = 0u; d < s.D; d++) {
      dp += dOut[qBase + d] * vCache[kvBase + j * s.D + d];
    }
    dScores[pBase + j] = dp;
    weighted += probs[pBase + j] * dp;
  }
  for (var j = 0u; j < s.S; j++) {
    dScores[pBase + j] = select(0.0, s.scale * probs[pBase + j] * (dScores[pBase + j] - weighted), j < keys);
  }
  for (var d = 0u; d < s.D; d++) {
    var acc = 0.0;
    for (var j = 0u; j < keys; j++) {
      acc += dScores[pBase + j] * kCache[kvBase + j * s.D + d];
    }
    dq[qBase + d] = acc;
  }
}

@compute @workgroup_size(WG)
fn attention_backward_kv(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let index = flatIndex(gid, nwg);
  if (index >= s.B * s.KV * s.S * s.D) {
    return;
  }
  let d = index % s.D;
  let j = (index / s.D) % s.S;
  let kv = (index / (s.D * s.S)) % s.KV;
  let b = index / (s.D * s.S * s.KV);
  let group = s.H / s.KV;
  // Row t attended to key j only if j <= offset + t (causal) and t < count: skip the others.
  let offset = seqs[2u * b];
  let firstRow = select(0u, j - offset, j > offset);
  let rows = min(seqs[2u * b + 1u], s.T);
  var dk = 0.0;
  var dv = 0.0;
  for (var h = kv * group; h < (kv + 1u) * group; h++) {
    for (var t = firstRow; t < rows; t++) {
      let at = ((b * s.H + h) * s.T + t) * s.S + j;
      let qAt = ((b * s.T + t) * s.H + h) * s.D + d;
      dk += dScores[at] * q[qAt];
      dv += probs[at] * dOut[qAt];
    }
  }
  dkCache[index] = dk;
  dvCache[index] = dv;
}
