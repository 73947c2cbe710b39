// matmul.wgsl: batched matrix products, the lab's workhorse.
//   matmul_nt:       C[b] = A[b] · B[b]ᵀ (+ bias)  A: [M, K], B: [N, K]  (x · Wᵀ, HF Linear layout)
//   matmul_nt_rows4: the same for 2..16 rows (batched decode); matmul_nt_row1: for M = 1 (GEMV)
//   matmul_nn:       C[b] = A[b] · B[b]  (+ bias)   A: [M, K], B: [K, N]  (dX = dY · W)
//   matmul_tn:       C[b] = A[b]ᵀ · B[b] (+ bias)   A: [K, M], B: [K, N]  (dW = dYᵀ · X)
//   matmul_naive:    one output per invocation, any layout (transA, transB); the bench baseline.
// Shapes: f32, row-major, C: [M, N]. Batch b = workgroup z; matrix b starts at b * strideX
// elements (strideB = 0 shares one weight matrix across the batch). `accumulate` adds into C.
// Bindings (group 0): 0 uniform MatmulSizes | 1 A (read) | 2 B (read) | 3 C (rw) | 4 bias (read;
//   any other buffer when hasBias = 0). Buffers are bound as array<vec4<f32>> (the runtime pads
//   every buffer to 16 bytes); a scalar element e is read as X[e >> 2][e & 3].
// Layout: register blocking without workgroup memory, which SwiftShader runs ~4x faster than
//   shared-memory tiles (../shared/perf-notes.md §2). An invocation owns a 16 x 16 block of C
//   (4 x 16 or 1 x 16 for the skinny entry points) held in 4 x 4 matrix accumulators, and walks
//   K four at a time: per step it loads 4-column slices of its rows of A and B and does 4 x 4
//   matrix products. Loops over arrays were tried first: Subzero does not unroll them and keeps
//   the arrays in memory, 1.4 GFLOP/s. Consecutive invocations take consecutive column blocks of
//   the same rows. Dispatch: x * y workgroups of WG covering all blocks (x <= 65535), z = batch.
//   Rows past M are clamped on load and skipped on store.
// override ALIGNED: every vec4 the kernel loads lies inside one row (the host checks that K and,
//   per layout, M, N and the strides are multiples of 4); false reads elementwise with bounds.
// override WG: invocations per workgroup (the host picks 16, or 4 for small grids).
// Shapes come from the uniform: baking M, N, K in as override constants was measured at no gain
//   (256³ 4.8 vs 4.6 GFLOP/s, 1024³ 4.7 vs 4.6, decode shapes slower) for a ~1 s compile per shape.
// Measured here (SwiftShader, 2 cores; bench `matmul`): naive 0.25-0.3 GFLOP/s; these 4.6-5.9
//   from 32 rows up, 3.5-4.9 at M = 2..16, 1.7-2.0 at M = 1. The 64 x 64 shared-memory tile
//   (1.1-1.8 in perf-notes, 0.8 s to compile) is not kept.
// Host: src/gpu/kernels/matmul.ts. Reference: src/gpu/kernels/matmulReference.ts.
// Test: src/gpu/kernels/matmul.gpu.test.ts (sizes 1, 3, 17, 255, 257 in every layout).

struct MatmulSizes {
  M: u32,
  N: u32,
  K: u32,
  strideA: u32,
  strideB: u32,
  strideC: u32,
  hasBias: u32,
  accumulate: u32,
  transA: u32,
  transB: u32,
}

override ALIGNED: bool = true;

@group(0) @binding(0) var<uniform> s: MatmulSizes;
@group(0) @binding(1) var<storage, read> A: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> B: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> C: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> bias: array<vec4<f32>>;

// Invocations per workgroup. Small M (decode) wants more, smaller workgroups so that both
// SwiftShader threads get work.
override WG: u32 = 64u;

fn elA(e: u32) -> f32 {
  return A[e >> 2u][e & 3u];
}

fn elB(e: u32) -> f32 {
  return B[e >> 2u][e & 3u];
}

// Four consecutive elements of A from element e, of which the first `valid` exist (the rest read
// as 0). ALIGNED callers guarantee e % 4 == 0 and valid >= 4.
fn loadA(e: u32, valid: u32) -> vec4<f32> {
  if (ALIGNED) {
    return A[e >> 2u];
  }
  return vec4<f32>(
    select(0.0, elA(e), valid > 0u),
    select(0.0, elA(e + 1u), valid > 1u),
    select(0.0, elA(e + 2u), valid > 2u),
    select(0.0, elA(e + 3u), valid > 3u),
  );
}

fn loadB(e: u32, valid: u32) -> vec4<f32> {
  if (ALIGNED) {
    return B[e >> 2u];
  }
  return vec4<f32>(
    select(0.0, elB(e), valid > 0u),
    select(0.0, elB(e + 1u), valid > 1u),
    select(0.0, elB(e + 2u), valid > 2u),
    select(0.0, elB(e + 3u), valid > 3u),
  );
}

fn biasAt(n: u32) -> f32 {
  if (s.hasBias == 0u) {
    return 0.0;
  }
  return bias[n >> 2u][n & 3u];
}

// Writes one output element: adds bias, and the old value when accumulating.
fn storeC(b: u32, m: u32, n: u32, value: f32) {
  let e = b * s.strideC + m * s.N + n;
  var v = value + biasAt(n);
  if (s.accumulate != 0u) {
    v += C[e >> 2u][e & 3u];
  }
  C[e >> 2u][e & 3u] = v;
}

// Writes C[m, n..n+3] = v (+ bias, + old value), skipping what lies outside M x N.
fn storeRow(b: u32, m: u32, n: u32, v: vec4<f32>) {
  if (m >= s.M || n >= s.N) {
    return;
  }
  let e = b * s.strideC + m * s.N + n;
  if (ALIGNED && s.N % 4u == 0u && s.strideC % 4u == 0u) {
    var out = v;
    if (s.hasBias != 0u) {
      out += bias[n >> 2u];
    }
    if (s.accumulate != 0u) {
      out += C[e >> 2u];
    }
    C[e >> 2u] = out;
    return;
  }
  for (var t = 0u; t < min(4u, s.N - n); t++) {
    storeC(b, m, n + t, v[t]);
  }
}

// Linear index of this invocation's block (x * y grid of WG-wide workgroups); callers return
// when it lies past their last block.
fn blockIndex(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

// Where an RM x 16 block of C starts: (row, column).
fn blockOrigin(gid: vec3<u32>, nwg: vec3<u32>, rows: u32) -> vec2<u32> {
  let blocksN = (s.N + 15u) / 16u;
  let block = blockIndex(gid, nwg);
  return vec2<u32>((block / blocksN) * rows, (block % blocksN) * 16u);
}

fn blockCount(rows: u32) -> u32 {
  return ((s.M + rows - 1u) / rows) * ((s.N + 15u) / 16u);
}

// The 16 x 16 kernels keep C in sixteen 4 x 4 accumulators cGH (rows 4G.., columns 4H..), each
// column of cGH holding one row of C. Per chunk of four k they load 16 vec4 of A and 16 of B and
// do 16 matrix products (1024 FMAs); no arrays, so nothing is indexed dynamically.

// ---- C = A · Bᵀ. aG = rows 4G..4G+3 of A over k..k+3 (columns), bH likewise for B;
//      cGH += transpose(bH) · aG. ----
@compute @workgroup_size(WG)
fn matmul_nt(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (blockIndex(gid, nwg) >= blockCount(16u)) {
    return;
  }
  let origin = blockOrigin(gid, nwg, 16u);
  let m0 = origin.x;
  let n0 = origin.y;
  let b = gid.z;
  // Start of each of the 16 rows of A and of B (rows past the end clamped to the last).
  let a0r = rowStarts(b * s.strideA, m0, s.M);
  let a1r = rowStarts(b * s.strideA, m0 + 4u, s.M);
  let a2r = rowStarts(b * s.strideA, m0 + 8u, s.M);
  let a3r = rowStarts(b * s.strideA, m0 + 12u, s.M);
  let b0r = rowStarts(b * s.strideB, n0, s.N);
  let b1r = rowStarts(b * s.strideB, n0 + 4u, s.N);
  let b2r = rowStarts(b * s.strideB, n0 + 8u, s.N);
  let b3r = rowStarts(b * s.strideB, n0 + 12u, s.N);
  var c00 = mat4x4<f32>(); var c01 = mat4x4<f32>(); var c02 = mat4x4<f32>(); var c03 = mat4x4<f32>();
  var c10 = mat4x4<f32>(); var c11 = mat4x4<f32>(); var c12 = mat4x4<f32>(); var c13 = mat4x4<f32>();
  var c20 = mat4x4<f32>(); var c21 = mat4x4<f32>(); var c22 = mat4x4<f32>(); var c23 = mat4x4<f32>();
  var c30 = mat4x4<f32>(); var c31 = mat4x4<f32>(); var c32 = mat4x4<f32>(); var c33 = mat4x4<f32>();
  for (var k = 0u; k < s.K; k += 4u) {
    let v = s.K - k;
    let a0 = mat4x4<f32>(loadA(a0r.x + k, v), loadA(a0r.y + k, v), loadA(a0r.z + k, v), loadA(a0r.w + k, v));
    let a1 = mat4x4<f32>(loadA(a1r.x + k, v), loadA(a1r.y + k, v), loadA(a1r.z + k, v), loadA(a1r.w + k, v));
    let a2 = mat4x4<f32>(loadA(a2r.x + k, v), loadA(a2r.y + k, v), loadA(a2r.z + k, v), loadA(a2r.w + k, v));
    let a3 = mat4x4<f32>(loadA(a3r.x + k, v), loadA(a3r.y + k, v), loadA(a3r.z + k, v), loadA(a3r.w + k, v));
    let b0 = transpose(mat4x4<f32>(loadB(b0r.x + k, v), loadB(b0r.y + k, v), loadB(b0r.z + k, v), loadB(b0r.w + k, v)));
    let b1 = transpose(mat4x4<f32>(loadB(b1r.x + k, v), loadB(b1r.y + k, v), loadB(b1r.z + k, v), loadB(b1r.w + k, v)));
    let b2 = transpose(mat4x4<f32>(loadB(b2r.x + k, v), loadB(b2r.y + k, v), loadB(b2r.z + k, v), loadB(b2r.w + k, v)));
    let b3 = transpose(mat4x4<f32>(loadB(b3r.x + k, v), loadB(b3r.y + k, v), loadB(b3r.z + k, v), loadB(b3r.w + k, v)));
    c00 += b0 * a0; c01 += b1 * a0; c02 += b2 * a0; c03 += b3 * a0;
    c10 += b0 * a1; c11 += b1 * a1; c12 += b2 * a1; c13 += b3 * a1;
    c20 += b0 * a2; c21 += b1 * a2; c22 += b2 * a2; c23 += b3 * a2;
    c30 += b0 * a3; c31 += b1 * a3; c32 += b2 * a3; c33 += b3 * a3;
  }
  storeBlock(b, m0, n0, c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33);
}

// Element offsets of rows r0..r0+3 (each K long, clamped to row count-1) of a matrix at `base`.
fn rowStarts(base: u32, r0: u32, count: u32) -> vec4<u32> {
  let last = vec4<u32>(count - 1u);
  return vec4<u32>(base) + min(vec4<u32>(r0) + vec4<u32>(0u, 1u, 2u, 3u), last) * s.K;
}

// Stores the sixteen accumulators: column i of cGH is C[m0 + 4G + i, n0 + 4H .. + 3].
fn storeBlock(b: u32, m0: u32, n0: u32,
              c00: mat4x4<f32>, c01: mat4x4<f32>, c02: mat4x4<f32>, c03: mat4x4<f32>,
              c10: mat4x4<f32>, c11: mat4x4<f32>, c12: mat4x4<f32>, c13: mat4x4<f32>,
              c20: mat4x4<f32>, c21: mat4x4<f32>, c22: mat4x4<f32>, c23: mat4x4<f32>,
              c30: mat4x4<f32>, c31: mat4x4<f32>, c32: mat4x4<f32>, c33: mat4x4<f32>) {
  for (var i = 0u; i < 4u; i++) {
    storeRow(b, m0 + i, n0, c00[i]); storeRow(b, m0 + i, n0 + 4u, c01[i]);
    storeRow(b, m0 + i, n0 + 8u, c02[i]); storeRow(b, m0 + i, n0 + 12u, c03[i]);
    storeRow(b, m0 + 4u + i, n0, c10[i]); storeRow(b, m0 + 4u + i, n0 + 4u, c11[i]);
    storeRow(b, m0 + 4u + i, n0 + 8u, c12[i]); storeRow(b, m0 + 4u + i, n0 + 12u, c13[i]);
    storeRow(b, m0 + 8u + i, n0, c20[i]); storeRow(b, m0 + 8u + i, n0 + 4u, c21[i]);
    storeRow(b, m0 + 8u + i, n0 + 8u, c22[i]); storeRow(b, m0 + 8u + i, n0 + 12u, c23[i]);
    storeRow(b, m0 + 12u + i, n0, c30[i]); storeRow(b, m0 + 12u + i, n0 + 4u, c31[i]);
    storeRow(b, m0 + 12u + i, n0 + 8u, c32[i]); storeRow(b, m0 + 12u + i, n0 + 12u, c33[i]);
  }
}

// ---- C = A · Bᵀ for 2..16 rows (batched decode): a 4 x 16 block, four accumulators. ----
@compute @workgroup_size(WG)
fn matmul_nt_rows4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (blockIndex(gid, nwg) >= blockCount(4u)) {
    return;
  }
  let origin = blockOrigin(gid, nwg, 4u);
  let m0 = origin.x;
  let n0 = origin.y;
  let b = gid.z;
  let ar = rowStarts(b * s.strideA, m0, s.M);
  let b0r = rowStarts(b * s.strideB, n0, s.N);
  let b1r = rowStarts(b * s.strideB, n0 + 4u, s.N);
  let b2r = rowStarts(b * s.strideB, n0 + 8u, s.N);
  let b3r = rowStarts(b * s.strideB, n0 + 12u, s.N);
  var c0 = mat4x4<f32>(); var c1 = mat4x4<f32>(); var c2 = mat4x4<f32>(); var c3 = mat4x4<f32>();
  for (var k = 0u; k < s.K; k += 4u) {
    let v = s.K - k;
    let a = mat4x4<f32>(loadA(ar.x + k, v), loadA(ar.y + k, v), loadA(ar.z + k, v), loadA(ar.w + k, v));
    c0 += transpose(mat4x4<f32>(loadB(b0r.x + k, v), loadB(b0r.y + k, v), loadB(b0r.z + k, v), loadB(b0r.w + k, v))) * a;
    c1 += transpose(mat4x4<f32>(loadB(b1r.x + k, v), loadB(b1r.y + k, v), loadB(b1r.z + k, v), loadB(b1r.w + k, v))) * a;
    c2 += transpose(mat4x4<f32>(loadB(b2r.x + k, v), loadB(b2r.y + k, v), loadB(b2r.z + k, v), loadB(b2r.w + k, v))) * a;
    c3 += transpose(mat4x4<f32>(loadB(b3r.x + k, v), loadB(b3r.y + k, v), loadB(b3r.z + k, v), loadB(b3r.w + k, v))) * a;
  }
  for (var i = 0u; i < 4u; i++) {
    storeRow(b, m0 + i, n0, c0[i]);
    storeRow(b, m0 + i, n0 + 4u, c1[i]);
    storeRow(b, m0 + i, n0 + 8u, c2[i]);
    storeRow(b, m0 + i, n0 + 12u, c3[i]);
  }
}

// ---- C = A · Bᵀ for one row (GEMV, M = 1 decode): a 1 x 16 block, cH += transpose(bH) · a. ----
@compute @workgroup_size(WG)
fn matmul_nt_row1(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (blockIndex(gid, nwg) >= blockCount(1u)) {
    return;
  }
  let origin = blockOrigin(gid, nwg, 1u);
  let m = origin.x;
  let n0 = origin.y;
  let b = gid.z;
  let rowA = b * s.strideA + m * s.K;
  let b0r = rowStarts(b * s.strideB, n0, s.N);
  let b1r = rowStarts(b * s.strideB, n0 + 4u, s.N);
  let b2r = rowStarts(b * s.strideB, n0 + 8u, s.N);
  let b3r = rowStarts(b * s.strideB, n0 + 12u, s.N);
  var c0 = vec4<f32>(); var c1 = vec4<f32>(); var c2 = vec4<f32>(); var c3 = vec4<f32>();
  for (var k = 0u; k < s.K; k += 4u) {
    let v = s.K - k;
    let a = loadA(rowA + k, v);
    c0 += transpose(mat4x4<f32>(loadB(b0r.x + k, v), loadB(b0r.y + k, v), loadB(b0r.z + k, v), loadB(b0r.w + k, v))) * a;
    c1 += transpose(mat4x4<f32>(loadB(b1r.x + k, v), loadB(b1r.y + k, v), loadB(b1r.z + k, v), loadB(b1r.w + k, v))) * a;
    c2 += transpose(mat4x4<f32>(loadB(b2r.x + k, v), loadB(b2r.y + k, v), loadB(b2r.z + k, v), loadB(b2r.w + k, v))) * a;
    c3 += transpose(mat4x4<f32>(loadB(b3r.x + k, v), loadB(b3r.y + k, v), loadB(b3r.z + k, v), loadB(b3r.w + k, v))) * a;
  }
  storeRow(b, m, n0, c0);
  storeRow(b, m, n0 + 4u, c1);
  storeRow(b, m, n0 + 8u, c2);
  storeRow(b, m, n0 + 12u, c3);
}

// ---- C = A · B. aG = rows 4G.. of A over k..k+3; bH = rows k..k+3 of B over columns 4H..;
//      cGH += bH · aG (column i of the product is row i of C). ----
@compute @workgroup_size(WG)
fn matmul_nn(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (blockIndex(gid, nwg) >= blockCount(16u)) {
    return;
  }
  let origin = blockOrigin(gid, nwg, 16u);
  let m0 = origin.x;
  let n0 = origin.y;
  let b = gid.z;
  let rowA = b * s.strideA + min(m0, s.M - 1u) * s.K;
  let lastA = s.M - 1u - min(m0, s.M - 1u);
  let baseB = b * s.strideB;
  // Column group H starts at n0 + 4H, clamped so an aligned load stays inside the row.
  let col = vec4<u32>(min(n0, s.N - 1u), min(n0 + 4u, s.N - 1u), min(n0 + 8u, s.N - 1u), min(n0 + 12u, s.N - 1u));
  let colValid = vec4<u32>(s.N) - min(vec4<u32>(n0, n0 + 4u, n0 + 8u, n0 + 12u), vec4<u32>(s.N));
  var c00 = mat4x4<f32>(); var c01 = mat4x4<f32>(); var c02 = mat4x4<f32>(); var c03 = mat4x4<f32>();
  var c10 = mat4x4<f32>(); var c11 = mat4x4<f32>(); var c12 = mat4x4<f32>(); var c13 = mat4x4<f32>();
  var c20 = mat4x4<f32>(); var c21 = mat4x4<f32>(); var c22 = mat4x4<f32>(); var c23 = mat4x4<f32>();
  var c30 = mat4x4<f32>(); var c31 = mat4x4<f32>(); var c32 = mat4x4<f32>(); var c33 = mat4x4<f32>();
  for (var k = 0u; k < s.K; k += 4u) {
    let v = s.K - k;
    let a0 = mat4x4<f32>(loadA(rowA + min(0u, lastA) * s.K + k, v), loadA(rowA + min(1u, lastA) * s.K + k, v),
                         loadA(rowA + min(2u, lastA) * s.K + k, v), loadA(rowA + min(3u, lastA) * s.K + k, v));
    let a1 = mat4x4<f32>(loadA(rowA + min(4u, lastA) * s.K + k, v), loadA(rowA + min(5u, lastA) * s.K + k, v),
                         loadA(rowA + min(6u, lastA) * s.K + k, v), loadA(rowA + min(7u, lastA) * s.K + k, v));
    let a2 = mat4x4<f32>(loadA(rowA + min(8u, lastA) * s.K + k, v), loadA(rowA + min(9u, lastA) * s.K + k, v),
                         loadA(rowA + min(10u, lastA) * s.K + k, v), loadA(rowA + min(11u, lastA) * s.K + k, v));
    let a3 = mat4x4<f32>(loadA(rowA + min(12u, lastA) * s.K + k, v), loadA(rowA + min(13u, lastA) * s.K + k, v),
                         loadA(rowA + min(14u, lastA) * s.K + k, v), loadA(rowA + min(15u, lastA) * s.K + k, v));
    // Rows k+t past K read as zero (valid = 0); ALIGNED implies K % 4 == 0, so none are.
    let r0 = baseB + k * s.N;
    let r1 = baseB + min(k + 1u, s.K - 1u) * s.N;
    let r2 = baseB + min(k + 2u, s.K - 1u) * s.N;
    let r3 = baseB + min(k + 3u, s.K - 1u) * s.N;
    let t = vec4<u32>(select(0u, 1u, v > 1u), select(0u, 1u, v > 2u), select(0u, 1u, v > 3u), 1u);
    let b0 = mat4x4<f32>(loadB(r0 + col.x, colValid.x), loadB(r1 + col.x, colValid.x * t.x),
                         loadB(r2 + col.x, colValid.x * t.y), loadB(r3 + col.x, colValid.x * t.z));
    let b1 = mat4x4<f32>(loadB(r0 + col.y, colValid.y), loadB(r1 + col.y, colValid.y * t.x),
                         loadB(r2 + col.y, colValid.y * t.y), loadB(r3 + col.y, colValid.y * t.z));
    let b2 = mat4x4<f32>(loadB(r0 + col.z, colValid.z), loadB(r1 + col.z, colValid.z * t.x),
                         loadB(r2 + col.z, colValid.z * t.y), loadB(r3 + col.z, colValid.z * t.z));
    let b3 = mat4x4<f32>(loadB(r0 + col.w, colValid.w), loadB(r1 + col.w, colValid.w * t.x),
                         loadB(r2 + col.w, colValid.w * t.y), loadB(r3 + col.w, colValid.w * t.z));
    c00 += b0 * a0; c01 += b1 * a0; c02 += b2 * a0; c03 += b3 * a0;
    c10 += b0 * a1; c11 += b1 * a1; c12 += b2 * a1; c13 += b3 * a1;
    c20 += b0 * a2; c21 += b1 * a2; c22 += b2 * a2; c23 += b3 * a2;
    c30 += b0 * a3; c31 += b1 * a3; c32 += b2 * a3; c33 += b3 * a3;
  }
  storeBlock(b, m0, n0, c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33);
}

// ---- C = Aᵀ · B. aG = rows k..k+3 of A over columns 4G.. (transposed into place), bH = rows
//      k..k+3 of B over columns 4H..; cGH += bH · transpose(aG). ----
@compute @workgroup_size(WG)
fn matmul_tn(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (blockIndex(gid, nwg) >= blockCount(16u)) {
    return;
  }
  let origin = blockOrigin(gid, nwg, 16u);
  let m0 = origin.x;
  let n0 = origin.y;
  let b = gid.z;
  let baseA = b * s.strideA;
  let baseB = b * s.strideB;
  let row = vec4<u32>(min(m0, s.M - 1u), min(m0 + 4u, s.M - 1u), min(m0 + 8u, s.M - 1u), min(m0 + 12u, s.M - 1u));
  let rowValid = vec4<u32>(s.M) - min(vec4<u32>(m0, m0 + 4u, m0 + 8u, m0 + 12u), vec4<u32>(s.M));
  let col = vec4<u32>(min(n0, s.N - 1u), min(n0 + 4u, s.N - 1u), min(n0 + 8u, s.N - 1u), min(n0 + 12u, s.N - 1u));
  let colValid = vec4<u32>(s.N) - min(vec4<u32>(n0, n0 + 4u, n0 + 8u, n0 + 12u), vec4<u32>(s.N));
  var c00 = mat4x4<f32>(); var c01 = mat4x4<f32>(); var c02 = mat4x4<f32>(); var c03 = mat4x4<f32>();
  var c10 = mat4x4<f32>(); var c11 = mat4x4<f32>(); var c12 = mat4x4<f32>(); var c13 = mat4x4<f32>();
  var c20 = mat4x4<f32>(); var c21 = mat4x4<f32>(); var c22 = mat4x4<f32>(); var c23 = mat4x4<f32>();
  var c30 = mat4x4<f32>(); var c31 = mat4x4<f32>(); var c32 = mat4x4<f32>(); var c33 = mat4x4<f32>();
  for (var k = 0u; k < s.K; k += 4u) {
    let v = s.K - k;
    let t = vec4<u32>(select(0u, 1u, v > 1u), select(0u, 1u, v > 2u), select(0u, 1u, v > 3u), 1u);
    let kA = vec4<u32>(baseA + k * s.M, baseA + min(k + 1u, s.K - 1u) * s.M,
                       baseA + min(k + 2u, s.K - 1u) * s.M, baseA + min(k + 3u, s.K - 1u) * s.M);
    let kB = vec4<u32>(baseB + k * s.N, baseB + min(k + 1u, s.K - 1u) * s.N,
                       baseB + min(k + 2u, s.K - 1u) * s.N, baseB + min(k + 3u, s.K - 1u) * s.N);
    let a0 = transpose(mat4x4<f32>(loadA(kA.x + row.x, rowValid.x), loadA(kA.y + row.x, rowValid.x * t.x),
                                   loadA(kA.z + row.x, rowValid.x * t.y), loadA(kA.w + row.x, rowValid.x * t.z)));
    let a1 = transpose(mat4x4<f32>(loadA(kA.x + row.y, rowValid.y), loadA(kA.y + row.y, rowValid.y * t.x),
                                   loadA(kA.z + row.y, rowValid.y * t.y), loadA(kA.w + row.y, rowValid.y * t.z)));
    let a2 = transpose(mat4x4<f32>(loadA(kA.x + row.z, rowValid.z), loadA(kA.y + row.z, rowValid.z * t.x),
                                   loadA(kA.z + row.z, rowValid.z * t.y), loadA(kA.w + row.z, rowValid.z * t.z)));
    let a3 = transpose(mat4x4<f32>(loadA(kA.x + row.w, rowValid.w), loadA(kA.y + row.w, rowValid.w * t.x),
                                   loadA(kA.z + row.w, rowValid.w * t.y), loadA(kA.w + row.w, rowValid.w * t.z)));
    let b0 = mat4x4<f32>(loadB(kB.x + col.x, colValid.x), loadB(kB.y + col.x, colValid.x * t.x),
                         loadB(kB.z + col.x, colValid.x * t.y), loadB(kB.w + col.x, colValid.x * t.z));
    let b1 = mat4x4<f32>(loadB(kB.x + col.y, colValid.y), loadB(kB.y + col.y, colValid.y * t.x),
                         loadB(kB.z + col.y, colValid.y * t.y), loadB(kB.w + col.y, colValid.y * t.z));
    let b2 = mat4x4<f32>(loadB(kB.x + col.z, colValid.z), loadB(kB.y + col.z, colValid.z * t.x),
                         loadB(kB.z + col.z, colValid.z * t.y), loadB(kB.w + col.z, colValid.z * t.z));
    let b3 = mat4x4<f32>(loadB(kB.x + col.w, colValid.w), loadB(kB.y + col.w, colValid.w * t.x),
                         loadB(kB.z + col.w, colValid.w * t.y), loadB(kB.w + col.w, colValid.w * t.z));
    c00 += b0 * a0; c01 += b1 * a0; c02 += b2 * a0; c03 += b3 * a0;
    c10 += b0 * a1; c11 += b1 * a1; c12 += b2 * a1; c13 += b3 * a1;
    c20 += b0 * a2; c21 += b1 * a2; c22 += b2 * a2; c23 += b3 * a2;
    c30 += b0 * a3; c31 += b1 * a3; c32 += b2 * a3; c33 += b3 * a3;
  }
  storeBlock(b, m0, n0, c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33);
}

// ---- Baseline: one output per invocation, scalar loads, any layout. ----
@compute @workgroup_size(WG)
fn matmul_naive(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let index = blockIndex(gid, nwg);
  if (index >= s.M * s.N) {
    return;
  }
  let b = gid.z;
  let m = index / s.N;
  let n = index % s.N;
  var sum = 0.0;
  for (var k = 0u; k < s.K; k++) {
    let a = elA(b * s.strideA + select(m * s.K + k, k * s.M + m, s.transA != 0u));
    let w = elB(b * s.strideB + select(k * s.N + n, n * s.K + k, s.transB != 0u));
    sum += a * w;
  }
  storeC(b, m, n, sum);
}
