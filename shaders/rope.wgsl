// rope.wgsl: rotary position embedding on the fused q/k/v projection, and the KV-cache write.
//   For row r = b*T + t at position p = offsets[b] + t (clamped to S - 1 on padding rows):
//   q[r, h, ·] = rotate(qkv[r, h, ·], p)                          for query heads h < H
//   kCache[b, j, p, ·] = rotate(qkv[r, H + j, ·], p)              for KV heads j, rows t < counts[b]
//   vCache[b, j, p, ·] = qkv[r, H + KV + j, ·]                    (values are not rotated)
//   rotate (HF rotate-half): (x[i], x[i + D/2]) -> (x[i] cos - x[i + D/2] sin, x[i + D/2] cos + x[i] sin)
//   with cos, sin of angle p * theta^(-2i/D) read from a table computed once in float64 on the CPU
//   (f32 sin/cos of angles up to S radians would lose digits).
// Shapes (f32 / u32, row-major): qkv: [R, (H + 2 KV) D]; q: [R, H D]; kCache, vCache: [Bc, KV, S, D]
//   with Bc >= B; seqs: [B, 2] = (offset, count) per sequence; cos, sin: [S, D/2].
// Bindings (group 0): 0 uniform RopeSizes | 1 qkv (read) | 2 seqs (read) | 3 cos (read)
//   | 4 sin (read) | 5 q (rw) | 6 kCache (rw) | 7 vCache (rw).
// Layout: one invocation per (row, head slot j < H + 2 KV, pair i < D/2), i fastest. Dispatch:
//   ceil(R (H + 2 KV) D/2 / WG) workgroups over x and y (x <= 65535); guarded.
// override WG: invocations per workgroup (64).
// Reference: ropeForward and referenceForward's cache write in src/model/. Test: src/model/kernels/forward.gpu.test.ts.

struct RopeSizes {
  B: u32,
  T: u32,
  H: u32,
  KV: u32,
  D: u32,
  S: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> s: RopeSizes;
@group(0) @binding(1) var<storage, read> qkv: array<f32>;
@group(0) @binding(2) var<storage, read> seqs: array<u32>;
@group(0) @binding(3) var<storage, read> cosTable: array<f32>;
@group(0) @binding(4) var<storage, read> sinTable: array<f32>;
@group(0) @binding(5) var<storage, read_write> q: array<f32>;
@group(0) @binding(6) var<storage, read_write> kCache: array<f32>;
@group(0) @binding(7) var<storage, read_write> vCache: array<f32>;

@compute @workgroup_size(WG)
fn rope_qkv(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
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
  let count = seqs[2u * b + 1u];
  let p = min(offset + t, s.S - 1u);
  let src = row * slots * s.D + j * s.D + i;
  let a = qkv[src];
  let c = qkv[src + half];
  if (j >= s.H + s.KV) {
    if (t < count && offset + t < s.S) {
      let to = ((b * s.KV + j - s.H - s.KV) * s.S + p) * s.D + i;
      vCache[to] = a;
      vCache[to + half] = c;
    }
    return;
  }
  let cs = cosTable[p * half + i];
  let sn = sinTable[p * half + i];
  let lo = a * cs - c * sn;
  let hi = c * cs + a * sn;
  if (j < s.H) {
    let to = (row * s.H + j) * s.D + i;
    q[to] = lo;
    q[to + half] = hi;
  } else if (t < count && offset + t < s.S) {
    let to = ((b * s.KV + j - s.H) * s.S + p) * s.D + i;
    kCache[to] = lo;
    kCache[to + half] = hi;
  }
}
