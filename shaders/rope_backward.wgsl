// rope_backward.wgsl: the backward of rope.wgsl — from the gradients attention's backward gives
// (rotated queries, and keys and values in the cache layout) to the gradient of the fused qkv
// projection. RoPE is a rotation, so its backward rotates by -angle:
//   (d[i], d[i + D/2]) -> (d[i] cos + d[i + D/2] sin, d[i + D/2] cos - d[i] sin)
//   dqkv[r, h, ·]          = rotateBack(dq[r, h, ·], p)                 for query heads h < H
//   dqkv[r, H + j, ·]      = rotateBack(dkCache[b, j, p, ·], p)          rows t < counts[b], else 0
//   dqkv[r, H + KV + j, ·] = dvCache[b, j, p, ·]                         rows t < counts[b], else 0
// with p = offsets[b] + t (clamped to S - 1, as the forward).
// Shapes (f32 / u32): dq: [R, H D]; dkCache, dvCache: [B, KV, S, D]; seqs: [B, 2]; cos, sin:
//   [S, D/2]; dqkv: [R, (H + 2 KV) D] (written, not accumulated).
// Bindings (group 0): 0 uniform RopeBackwardSizes | 1 dq (read) | 2 dkCache (read) | 3 dvCache (read)
//   | 4 seqs (read) | 5 cos (read) | 6 sin (read) | 7 dqkv (rw).
// Layout: one invocation per (row, head slot, pair), as the forward. Dispatch over x and y; guarded.
// override WG: invocations per workgroup (64).
// Reference: ropeBackward (referenceBackward.ts) and the cache gather of referenceTrain.ts.
// Test: src/model/kernels/backward.gpu.test.ts.

struct RopeBackwardSizes {
  B: u32,
  T: u32,
  H: u32,
  KV: u32,
  D: u32,
  S: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> s: RopeBackwardSizes;
@group(0) @binding(1) var<storage, read> dq: array<f32>;
@group(0) @binding(2) var<storage, read> dkCache: array<f32>;
@group(0) @binding(3) var<storage, read> dvCache: array<f32>;
@group(0) @binding(4) var<storage, read> seqs: array<u32>;
@group(0) @binding(5) var<storage, read> cosTable: array<f32>;
@group(0) @binding(6) var<storage, read> sinTable: array<f32>;
@group(0) @binding(7) var<storage, read_write> dqkv: array<f32>;

@compute @workgroup_size(WG)
fn rope_qkv_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let half = s.D / 2u;
  let slots = s.H + 2u * s.KV;
  let e = gid.x + gid.y * nwg.x * WG;
  if (e >= s.B * s.T * slots * half) {
    return;
  }
  let i = e % half;
  let j = (e / half) % slots;
  let row = e / (half * slots);
  let b = row / s.T;
  let t = row % s.T;
  let offset = seqs[2u * b];
  let valid = t < seqs[2u * b + 1u] && offset + t < s.S;
  let p = min(offset + t, s.S - 1u);
  let dst = row * slots * s.D + j * s.D + i;
  var a = 0.0;
  var c = 0.0;
  if (j < s.H) {
    let src = (row * s.H + j) * s.D + i;
    a = dq[src];
    c = dq[src + half];
  } else if (valid && j < s.H + s.KV) {
    let src = ((b * s.KV + j - s.H) * s.S + p) * s.D + i;
    a = dkCache[src];
    c = dkCache[src + half];
  } else if (valid) {
    let src = ((b * s.KV + j - s.H - s.KV) * s.S + p) * s.D + i;
    dqkv[dst] = dvCache[src];
    dqkv[dst + half] = dvCache[src + half];
    return;
  }
  let cs = cosTable[p * half + i];
  let sn = sinTable[p * half + i];
  dqkv[dst] = a * cs + c * sn;
  dqkv[dst + half] = c * cs - a * sn;
}
