// matmul.wgsl: batched matrix products, the lab's workhorse.
//   matmul_nt:       C[b] = A[b] · B[b]ᵀ (+ bias)  A: [M, K], B: [N, K]  (x · Wᵀ, HF Linear layout)
//   matmul_nt_rows8, matmul_nt_rows4, matmul_nt_row1: the same for 5..16 rows, 2..4 rows (batched
//                    decode) and one row (GEMV, M = 1 decode)
//   matmul_nn:       C[b] = A[b] · B[b]  (+ bias)   A: [M, K], B: [K, N]  (dX = dY · W)
//   matmul_tn:       C[b] = A[b]ᵀ · B[b] (+ bias)   A: [K, M], B: [K, N]  (dW = dYᵀ · X)
//   matmul_naive:    one output per invocation, any layout (transA, transB); the bench baseline.
// Shapes: f32, row-major, C: [M, N]. Batch item b (blockOrigin maps blocks to items) starts at
// b * strideX elements (strideB = 0 shares one weight matrix across the batch). `accumulate` adds
// into C.
// Bindings (group 0): 0 uniform MatmulSizes | 1 A (read) | 2 B (read) | 3 C (rw) | 4 bias (read;
//   any other buffer when hasBias = 0). Buffers are bound as array<vec4<f32>> (the runtime pads
//   every buffer to 16 bytes); a scalar element e is read as X[e >> 2][e & 3].
// Layout: register blocking without workgroup memory, which SwiftShader runs ~4x faster than
//   shared-memory tiles (docs/performance.md §2). An invocation owns a 16 x 16 block of C
//   (8 x 32, 4 x 16 or 1 x 8 for the skinny entry points), one vec4 accumulator per row and four
//   columns, and walks K four at a time: per step it loads 4-column slices of its rows of A and
//   B and does 4 x 4 matrix-vector products. Loops over arrays were tried first: Subzero does
//   not unroll them and keeps the arrays in memory, 1.4 GFLOP/s. 4 x 4 matrix accumulators
//   (mat4 · mat4 products) came next: the same arithmetic ran 10-40 % slower, and
//   one storeRow call per accumulator made a ~1.3-5 s compile; now the accumulators are stored
//   through one call site in a loop. Consecutive invocations take consecutive column blocks of
//   the same rows. Dispatch: x * y workgroups of WG covering all blocks of every batch item (x <= 65535).
//   Rows past M are clamped on load and skipped on store.
// Causal attention (uniform `causal` = T > 0): the attention matrix (C for nt, A for nn and tn) is
//   lower-triangular in every period of T rows: row r has entries only in columns <= r % T. nt
//   then skips (leaves unwritten) blocks wholly above the diagonal; nn and tn skip the k-steps whose
//   A entries are all zero. The callers' softmaxes write exact zeros above the diagonal and never
//   read it, so the results equal the dense products bit for bit, at ~53% of the work for T = 256.
// override ALIGNED: every vec4 the kernel loads lies inside one row (the host checks that K and,
//   per layout, M, N and the strides are multiples of 4); false reads elementwise with bounds.
// override ACCUMULATE: the host's `accumulate`, as a constant: a 16 x 16 block wholly inside C
//   (ALIGNED, no bias) stores its 64 accumulators directly, `=` or `+=`, one form per pipeline.
//   Both forms in one pipeline ran slower (4.9 against 5.4 GFLOP/s at 2048 x 688 x 128) and took
//   0.77 s to compile; the store loop, which other blocks keep, costs 7-26% at K = 64..256. The
//   skinny kernels keep the loop: direct stores in rows8 took its compile from 0.39 to 0.59 s (a
//   first generation's prefill waits on it) for no clear gain at M = 8.
// override WG: invocations per workgroup (the host picks 16, or 4 for small grids).
// Shapes come from the uniform: baking M, N, K in as constants was measured at no gain here.
// Measured here (SwiftShader, 2 cores; bench `matmul`, public/results/matmul.json): naive
//   0.2-0.3 GFLOP/s; see that file for these kernels per shape. The 64 x 64 shared-memory tile
//   (1.1-1.8 in docs/performance.md, 0.8 s to compile) is not kept.
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
  causal: u32,
  batch: u32,
}

override ALIGNED: bool = true;
override ACCUMULATE: bool = false;

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

// Where a rows x cols block of C starts: (row, column, batch item). The batch folds into the one
// grid, each item's blocks consecutive, so that small batched products fill whole workgroups: a
// workgroup per item (grid z) ran ~0.1 ms per workgroup on 14 x 14 attention blocks.
fn blockOrigin(gid: vec3<u32>, nwg: vec3<u32>, rows: u32, cols: u32) -> vec3<u32> {
  let blocksN = (s.N + cols - 1u) / cols;
  let perItem = ((s.M + rows - 1u) / rows) * blocksN;
  let index = blockIndex(gid, nwg);
  let block = index % perItem;
  return vec3<u32>((block / blocksN) * rows, (block % blocksN) * cols, index / perItem);
}

// The largest r % T over rows m0 .. m0 + rows - 1 (and < M) of a causal attention matrix.
fn causalLastColumn(m0: u32, rows: u32) -> u32 {
  let T = s.causal;
  let last = min(m0 + rows, s.M) - 1u;
  return select(T - 1u, last % T, m0 / T == last / T);
}

// nn: where a 16-row block's k-steps end, so that no step holds only zeros of A.
fn causalKEnd(m0: u32) -> u32 {
  if (s.causal == 0u) {
    return s.K;
  }
  return min(s.K, (causalLastColumn(min(m0, s.M - 1u), 16u) + 4u) & ~3u);
}

// Blocks over the whole batch.
fn blockCount(rows: u32, cols: u32) -> u32 {
  return s.batch * ((s.M + rows - 1u) / rows) * ((s.N + cols - 1u) / cols);
}

// ---- C = A · Bᵀ, a 16 x 16 block. aR = row R of A over k..k+3; tG = rows 4G..4G+3 of B over
//      k..k+3, transposed, so cR_G += tG · aR adds those four k to C[m0 + R, n0 + 4G .. + 3]. ----
@compute @workgroup_size(WG)
fn matmul_nt(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (blockIndex(gid, nwg) >= blockCount(16u, 16u)) {
    return;
  }
  let origin = blockOrigin(gid, nwg, 16u, 16u);
  let m0 = origin.x;
  let n0 = origin.y;
  let b = origin.z;
  if (s.causal > 0u && n0 > causalLastColumn(m0, 16u)) {
    return;
  }
  // Element offsets of the block's rows of A and of B (rows past the end clamped to the last).
  let a0r = rowStarts(b * s.strideA, m0, s.M);
  let a1r = rowStarts(b * s.strideA, m0 + 4u, s.M);
  let a2r = rowStarts(b * s.strideA, m0 + 8u, s.M);
  let a3r = rowStarts(b * s.strideA, m0 + 12u, s.M);
  let b0r = rowStarts(b * s.strideB, n0, s.N);
  let b1r = rowStarts(b * s.strideB, n0 + 4u, s.N);
  let b2r = rowStarts(b * s.strideB, n0 + 8u, s.N);
  let b3r = rowStarts(b * s.strideB, n0 + 12u, s.N);
  var c0_0 = vec4<f32>(); var c0_1 = vec4<f32>(); var c0_2 = vec4<f32>(); var c0_3 = vec4<f32>();
  var c1_0 = vec4<f32>(); var c1_1 = vec4<f32>(); var c1_2 = vec4<f32>(); var c1_3 = vec4<f32>();
  var c2_0 = vec4<f32>(); var c2_1 = vec4<f32>(); var c2_2 = vec4<f32>(); var c2_3 = vec4<f32>();
  var c3_0 = vec4<f32>(); var c3_1 = vec4<f32>(); var c3_2 = vec4<f32>(); var c3_3 = vec4<f32>();
  var c4_0 = vec4<f32>(); var c4_1 = vec4<f32>(); var c4_2 = vec4<f32>(); var c4_3 = vec4<f32>();
  var c5_0 = vec4<f32>(); var c5_1 = vec4<f32>(); var c5_2 = vec4<f32>(); var c5_3 = vec4<f32>();
  var c6_0 = vec4<f32>(); var c6_1 = vec4<f32>(); var c6_2 = vec4<f32>(); var c6_3 = vec4<f32>();
  var c7_0 = vec4<f32>(); var c7_1 = vec4<f32>(); var c7_2 = vec4<f32>(); var c7_3 = vec4<f32>();
  var c8_0 = vec4<f32>(); var c8_1 = vec4<f32>(); var c8_2 = vec4<f32>(); var c8_3 = vec4<f32>();
  var c9_0 = vec4<f32>(); var c9_1 = vec4<f32>(); var c9_2 = vec4<f32>(); var c9_3 = vec4<f32>();
  var c10_0 = vec4<f32>(); var c10_1 = vec4<f32>(); var c10_2 = vec4<f32>(); var c10_3 = vec4<f32>();
  var c11_0 = vec4<f32>(); var c11_1 = vec4<f32>(); var c11_2 = vec4<f32>(); var c11_3 = vec4<f32>();
  var c12_0 = vec4<f32>(); var c12_1 = vec4<f32>(); var c12_2 = vec4<f32>(); var c12_3 = vec4<f32>();
  var c13_0 = vec4<f32>(); var c13_1 = vec4<f32>(); var c13_2 = vec4<f32>(); var c13_3 = vec4<f32>();
  var c14_0 = vec4<f32>(); var c14_1 = vec4<f32>(); var c14_2 = vec4<f32>(); var c14_3 = vec4<f32>();
  var c15_0 = vec4<f32>(); var c15_1 = vec4<f32>(); var c15_2 = vec4<f32>(); var c15_3 = vec4<f32>();
  for (var k = 0u; k < s.K; k += 4u) {
    let v = s.K - k;
    let a0 = loadA(a0r.x + k, v); let a1 = loadA(a0r.y + k, v); let a2 = loadA(a0r.z + k, v); let a3 = loadA(a0r.w + k, v);
    let a4 = loadA(a1r.x + k, v); let a5 = loadA(a1r.y + k, v); let a6 = loadA(a1r.z + k, v); let a7 = loadA(a1r.w + k, v);
    let a8 = loadA(a2r.x + k, v); let a9 = loadA(a2r.y + k, v); let a10 = loadA(a2r.z + k, v); let a11 = loadA(a2r.w + k, v);
    let a12 = loadA(a3r.x + k, v); let a13 = loadA(a3r.y + k, v); let a14 = loadA(a3r.z + k, v); let a15 = loadA(a3r.w + k, v);
    let t0 = transpose(mat4x4<f32>(loadB(b0r.x + k, v), loadB(b0r.y + k, v), loadB(b0r.z + k, v), loadB(b0r.w + k, v)));
    let t1 = transpose(mat4x4<f32>(loadB(b1r.x + k, v), loadB(b1r.y + k, v), loadB(b1r.z + k, v), loadB(b1r.w + k, v)));
    let t2 = transpose(mat4x4<f32>(loadB(b2r.x + k, v), loadB(b2r.y + k, v), loadB(b2r.z + k, v), loadB(b2r.w + k, v)));
    let t3 = transpose(mat4x4<f32>(loadB(b3r.x + k, v), loadB(b3r.y + k, v), loadB(b3r.z + k, v), loadB(b3r.w + k, v)));
    c0_0 += t0 * a0; c0_1 += t1 * a0; c0_2 += t2 * a0; c0_3 += t3 * a0;
    c1_0 += t0 * a1; c1_1 += t1 * a1; c1_2 += t2 * a1; c1_3 += t3 * a1;
    c2_0 += t0 * a2; c2_1 += t1 * a2; c2_2 += t2 * a2; c2_3 += t3 * a2;
    c3_0 += t0 * a3; c3_1 += t1 * a3; c3_2 += t2 * a3; c3_3 += t3 * a3;
    c4_0 += t0 * a4; c4_1 += t1 * a4; c4_2 += t2 * a4; c4_3 += t3 * a4;
    c5_0 += t0 * a5; c5_1 += t1 * a5; c5_2 += t2 * a5; c5_3 += t3 * a5;
    c6_0 += t0 * a6; c6_1 += t1 * a6; c6_2 += t2 * a6; c6_3 += t3 * a6;
    c7_0 += t0 * a7; c7_1 += t1 * a7; c7_2 += t2 * a7; c7_3 += t3 * a7;
    c8_0 += t0 * a8; c8_1 += t1 * a8; c8_2 += t2 * a8; c8_3 += t3 * a8;
    c9_0 += t0 * a9; c9_1 += t1 * a9; c9_2 += t2 * a9; c9_3 += t3 * a9;
    c10_0 += t0 * a10; c10_1 += t1 * a10; c10_2 += t2 * a10; c10_3 += t3 * a10;
    c11_0 += t0 * a11; c11_1 += t1 * a11; c11_2 += t2 * a11; c11_3 += t3 * a11;
    c12_0 += t0 * a12; c12_1 += t1 * a12; c12_2 += t2 * a12; c12_3 += t3 * a12;
    c13_0 += t0 * a13; c13_1 += t1 * a13; c13_2 += t2 * a13; c13_3 += t3 * a13;
    c14_0 += t0 * a14; c14_1 += t1 * a14; c14_2 += t2 * a14; c14_3 += t3 * a14;
    c15_0 += t0 * a15; c15_1 += t1 * a15; c15_2 += t2 * a15; c15_3 += t3 * a15;
  }
  // A whole block: direct stores (override ACCUMULATE says why).
  if (ALIGNED && m0 + 16u <= s.M && n0 + 16u <= s.N && s.N % 4u == 0u && s.strideC % 4u == 0u && s.hasBias == 0u) {
    let base = (b * s.strideC + m0 * s.N + n0) >> 2u;
    let row = s.N >> 2u;
    if (ACCUMULATE) {
      C[base + 0u * row + 0u] += c0_0; C[base + 0u * row + 1u] += c0_1; C[base + 0u * row + 2u] += c0_2; C[base + 0u * row + 3u] += c0_3;
      C[base + 1u * row + 0u] += c1_0; C[base + 1u * row + 1u] += c1_1; C[base + 1u * row + 2u] += c1_2; C[base + 1u * row + 3u] += c1_3;
      C[base + 2u * row + 0u] += c2_0; C[base + 2u * row + 1u] += c2_1; C[base + 2u * row + 2u] += c2_2; C[base + 2u * row + 3u] += c2_3;
      C[base + 3u * row + 0u] += c3_0; C[base + 3u * row + 1u] += c3_1; C[base + 3u * row + 2u] += c3_2; C[base + 3u * row + 3u] += c3_3;
      C[base + 4u * row + 0u] += c4_0; C[base + 4u * row + 1u] += c4_1; C[base + 4u * row + 2u] += c4_2; C[base + 4u * row + 3u] += c4_3;
      C[base + 5u * row + 0u] += c5_0; C[base + 5u * row + 1u] += c5_1; C[base + 5u * row + 2u] += c5_2; C[base + 5u * row + 3u] += c5_3;
      C[base + 6u * row + 0u] += c6_0; C[base + 6u * row + 1u] += c6_1; C[base + 6u * row + 2u] += c6_2; C[base + 6u * row + 3u] += c6_3;
      C[base + 7u * row + 0u] += c7_0; C[base + 7u * row + 1u] += c7_1; C[base + 7u * row + 2u] += c7_2; C[base + 7u * row + 3u] += c7_3;
      C[base + 8u * row + 0u] += c8_0; C[base + 8u * row + 1u] += c8_1; C[base + 8u * row + 2u] += c8_2; C[base + 8u * row + 3u] += c8_3;
      C[base + 9u * row + 0u] += c9_0; C[base + 9u * row + 1u] += c9_1; C[base + 9u * row + 2u] += c9_2; C[base + 9u * row + 3u] += c9_3;
      C[base + 10u * row + 0u] += c10_0; C[base + 10u * row + 1u] += c10_1; C[base + 10u * row + 2u] += c10_2; C[base + 10u * row + 3u] += c10_3;
      C[base + 11u * row + 0u] += c11_0; C[base + 11u * row + 1u] += c11_1; C[base + 11u * row + 2u] += c11_2; C[base + 11u * row + 3u] += c11_3;
      C[base + 12u * row + 0u] += c12_0; C[base + 12u * row + 1u] += c12_1; C[base + 12u * row + 2u] += c12_2; C[base + 12u * row + 3u] += c12_3;
      C[base + 13u * row + 0u] += c13_0; C[base + 13u * row + 1u] += c13_1; C[base + 13u * row + 2u] += c13_2; C[base + 13u * row + 3u] += c13_3;
      C[base + 14u * row + 0u] += c14_0; C[base + 14u * row + 1u] += c14_1; C[base + 14u * row + 2u] += c14_2; C[base + 14u * row + 3u] += c14_3;
      C[base + 15u * row + 0u] += c15_0; C[base + 15u * row + 1u] += c15_1; C[base + 15u * row + 2u] += c15_2; C[base + 15u * row + 3u] += c15_3;
    } else {
      C[base + 0u * row + 0u] = c0_0; C[base + 0u * row + 1u] = c0_1; C[base + 0u * row + 2u] = c0_2; C[base + 0u * row + 3u] = c0_3;
      C[base + 1u * row + 0u] = c1_0; C[base + 1u * row + 1u] = c1_1; C[base + 1u * row + 2u] = c1_2; C[base + 1u * row + 3u] = c1_3;
      C[base + 2u * row + 0u] = c2_0; C[base + 2u * row + 1u] = c2_1; C[base + 2u * row + 2u] = c2_2; C[base + 2u * row + 3u] = c2_3;
      C[base + 3u * row + 0u] = c3_0; C[base + 3u * row + 1u] = c3_1; C[base + 3u * row + 2u] = c3_2; C[base + 3u * row + 3u] = c3_3;
      C[base + 4u * row + 0u] = c4_0; C[base + 4u * row + 1u] = c4_1; C[base + 4u * row + 2u] = c4_2; C[base + 4u * row + 3u] = c4_3;
      C[base + 5u * row + 0u] = c5_0; C[base + 5u * row + 1u] = c5_1; C[base + 5u * row + 2u] = c5_2; C[base + 5u * row + 3u] = c5_3;
      C[base + 6u * row + 0u] = c6_0; C[base + 6u * row + 1u] = c6_1; C[base + 6u * row + 2u] = c6_2; C[base + 6u * row + 3u] = c6_3;
      C[base + 7u * row + 0u] = c7_0; C[base + 7u * row + 1u] = c7_1; C[base + 7u * row + 2u] = c7_2; C[base + 7u * row + 3u] = c7_3;
      C[base + 8u * row + 0u] = c8_0; C[base + 8u * row + 1u] = c8_1; C[base + 8u * row + 2u] = c8_2; C[base + 8u * row + 3u] = c8_3;
      C[base + 9u * row + 0u] = c9_0; C[base + 9u * row + 1u] = c9_1; C[base + 9u * row + 2u] = c9_2; C[base + 9u * row + 3u] = c9_3;
      C[base + 10u * row + 0u] = c10_0; C[base + 10u * row + 1u] = c10_1; C[base + 10u * row + 2u] = c10_2; C[base + 10u * row + 3u] = c10_3;
      C[base + 11u * row + 0u] = c11_0; C[base + 11u * row + 1u] = c11_1; C[base + 11u * row + 2u] = c11_2; C[base + 11u * row + 3u] = c11_3;
      C[base + 12u * row + 0u] = c12_0; C[base + 12u * row + 1u] = c12_1; C[base + 12u * row + 2u] = c12_2; C[base + 12u * row + 3u] = c12_3;
      C[base + 13u * row + 0u] = c13_0; C[base + 13u * row + 1u] = c13_1; C[base + 13u * row + 2u] = c13_2; C[base + 13u * row + 3u] = c13_3;
      C[base + 14u * row + 0u] = c14_0; C[base + 14u * row + 1u] = c14_1; C[base + 14u * row + 2u] = c14_2; C[base + 14u * row + 3u] = c14_3;
      C[base + 15u * row + 0u] = c15_0; C[base + 15u * row + 1u] = c15_1; C[base + 15u * row + 2u] = c15_2; C[base + 15u * row + 3u] = c15_3;
    }
    return;
  }
  // Other blocks: one storeRow call site (inlined once per accumulator, ~5 s compile).
  var block = array<vec4<f32>, 64>(
    c0_0, c0_1, c0_2, c0_3,
    c1_0, c1_1, c1_2, c1_3,
    c2_0, c2_1, c2_2, c2_3,
    c3_0, c3_1, c3_2, c3_3,
    c4_0, c4_1, c4_2, c4_3,
    c5_0, c5_1, c5_2, c5_3,
    c6_0, c6_1, c6_2, c6_3,
    c7_0, c7_1, c7_2, c7_3,
    c8_0, c8_1, c8_2, c8_3,
    c9_0, c9_1, c9_2, c9_3,
    c10_0, c10_1, c10_2, c10_3,
    c11_0, c11_1, c11_2, c11_3,
    c12_0, c12_1, c12_2, c12_3,
    c13_0, c13_1, c13_2, c13_3,
    c14_0, c14_1, c14_2, c14_3,
    c15_0, c15_1, c15_2, c15_3,
  );
  for (var i = 0u; i < 64u; i++) {
    storeRow(b, m0 + i / 4u, n0 + 4u * (i % 4u), block[i]);
  }
}

// ---- C = A · Bᵀ for 5..16 rows (batched decode): an 8 x 32 block, as matmul_nt. ----
@compute @workgroup_size(WG)
fn matmul_nt_rows8(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (blockIndex(gid, nwg) >= blockCount(8u, 32u)) {
    return;
  }
  let origin = blockOrigin(gid, nwg, 8u, 32u);
  let m0 = origin.x;
  let n0 = origin.y;
  let b = origin.z;
  // Element offsets of the block's rows of A and of B (rows past the end clamped to the last).
  let a0r = rowStarts(b * s.strideA, m0, s.M);
  let a1r = rowStarts(b * s.strideA, m0 + 4u, s.M);
  let b0r = rowStarts(b * s.strideB, n0, s.N);
  let b1r = rowStarts(b * s.strideB, n0 + 4u, s.N);
  let b2r = rowStarts(b * s.strideB, n0 + 8u, s.N);
  let b3r = rowStarts(b * s.strideB, n0 + 12u, s.N);
  let b4r = rowStarts(b * s.strideB, n0 + 16u, s.N);
  let b5r = rowStarts(b * s.strideB, n0 + 20u, s.N);
  let b6r = rowStarts(b * s.strideB, n0 + 24u, s.N);
  let b7r = rowStarts(b * s.strideB, n0 + 28u, s.N);
  var c0_0 = vec4<f32>(); var c0_1 = vec4<f32>(); var c0_2 = vec4<f32>(); var c0_3 = vec4<f32>();
  var c0_4 = vec4<f32>(); var c0_5 = vec4<f32>(); var c0_6 = vec4<f32>(); var c0_7 = vec4<f32>();
  var c1_0 = vec4<f32>(); var c1_1 = vec4<f32>(); var c1_2 = vec4<f32>(); var c1_3 = vec4<f32>();
  var c1_4 = vec4<f32>(); var c1_5 = vec4<f32>(); var c1_6 = vec4<f32>(); var c1_7 = vec4<f32>();
  var c2_0 = vec4<f32>(); var c2_1 = vec4<f32>(); var c2_2 = vec4<f32>(); var c2_3 = vec4<f32>();
  var c2_4 = vec4<f32>(); var c2_5 = vec4<f32>(); var c2_6 = vec4<f32>(); var c2_7 = vec4<f32>();
  var c3_0 = vec4<f32>(); var c3_1 = vec4<f32>(); var c3_2 = vec4<f32>(); var c3_3 = vec4<f32>();
  var c3_4 = vec4<f32>(); var c3_5 = vec4<f32>(); var c3_6 = vec4<f32>(); var c3_7 = vec4<f32>();
  var c4_0 = vec4<f32>(); var c4_1 = vec4<f32>(); var c4_2 = vec4<f32>(); var c4_3 = vec4<f32>();
  var c4_4 = vec4<f32>(); var c4_5 = vec4<f32>(); var c4_6 = vec4<f32>(); var c4_7 = vec4<f32>();
  var c5_0 = vec4<f32>(); var c5_1 = vec4<f32>(); var c5_2 = vec4<f32>(); var c5_3 = vec4<f32>();
  var c5_4 = vec4<f32>(); var c5_5 = vec4<f32>(); var c5_6 = vec4<f32>(); var c5_7 = vec4<f32>();
  var c6_0 = vec4<f32>(); var c6_1 = vec4<f32>(); var c6_2 = vec4<f32>(); var c6_3 = vec4<f32>();
  var c6_4 = vec4<f32>(); var c6_5 = vec4<f32>(); var c6_6 = vec4<f32>(); var c6_7 = vec4<f32>();
  var c7_0 = vec4<f32>(); var c7_1 = vec4<f32>(); var c7_2 = vec4<f32>(); var c7_3 = vec4<f32>();
  var c7_4 = vec4<f32>(); var c7_5 = vec4<f32>(); var c7_6 = vec4<f32>(); var c7_7 = vec4<f32>();
  for (var k = 0u; k < s.K; k += 4u) {
    let v = s.K - k;
    let a0 = loadA(a0r.x + k, v); let a1 = loadA(a0r.y + k, v); let a2 = loadA(a0r.z + k, v); let a3 = loadA(a0r.w + k, v);
    let a4 = loadA(a1r.x + k, v); let a5 = loadA(a1r.y + k, v); let a6 = loadA(a1r.z + k, v); let a7 = loadA(a1r.w + k, v);
    let t0 = transpose(mat4x4<f32>(loadB(b0r.x + k, v), loadB(b0r.y + k, v), loadB(b0r.z + k, v), loadB(b0r.w + k, v)));
    let t1 = transpose(mat4x4<f32>(loadB(b1r.x + k, v), loadB(b1r.y + k, v), loadB(b1r.z + k, v), loadB(b1r.w + k, v)));
    let t2 = transpose(mat4x4<f32>(loadB(b2r.x + k, v), loadB(b2r.y + k, v), loadB(b2r.z + k, v), loadB(b2r.w + k, v)));
    let t3 = transpose(mat4x4<f32>(loadB(b3r.x + k, v), loadB(b3r.y + k, v), loadB(b3r.z + k, v), loadB(b3r.w + k, v)));
    let t4 = transpose(mat4x4<f32>(loadB(b4r.x + k, v), loadB(b4r.y + k, v), loadB(b4r.z + k, v), loadB(b4r.w + k, v)));
    let t5 = transpose(mat4x4<f32>(loadB(b5r.x + k, v), loadB(b5r.y + k, v), loadB(b5r.z + k, v), loadB(b5r.w + k, v)));
    let t6 = transpose(mat4x4<f32>(loadB(b6r.x + k, v), loadB(b6r.y + k, v), loadB(b6r.z + k, v), loadB(b6r.w + k, v)));
    let t7 = transpose(mat4x4<f32>(loadB(b7r.x + k, v), loadB(b7r.y + k, v), loadB(b7r.z + k, v), loadB(b7r.w + k, v)));
    c0_0 += t0 * a0; c0_1 += t1 * a0; c0_2 += t2 * a0; c0_3 += t3 * a0; c0_4 += t4 * a0; c0_5 += t5 * a0; c0_6 += t6 * a0; c0_7 += t7 * a0;
    c1_0 += t0 * a1; c1_1 += t1 * a1; c1_2 += t2 * a1; c1_3 += t3 * a1; c1_4 += t4 * a1; c1_5 += t5 * a1; c1_6 += t6 * a1; c1_7 += t7 * a1;
    c2_0 += t0 * a2; c2_1 += t1 * a2; c2_2 += t2 * a2; c2_3 += t3 * a2; c2_4 += t4 * a2; c2_5 += t5 * a2; c2_6 += t6 * a2; c2_7 += t7 * a2;
    c3_0 += t0 * a3; c3_1 += t1 * a3; c3_2 += t2 * a3; c3_3 += t3 * a3; c3_4 += t4 * a3; c3_5 += t5 * a3; c3_6 += t6 * a3; c3_7 += t7 * a3;
    c4_0 += t0 * a4; c4_1 += t1 * a4; c4_2 += t2 * a4; c4_3 += t3 * a4; c4_4 += t4 * a4; c4_5 += t5 * a4; c4_6 += t6 * a4; c4_7 += t7 * a4;
    c5_0 += t0 * a5; c5_1 += t1 * a5; c5_2 += t2 * a5; c5_3 += t3 * a5; c5_4 += t4 * a5; c5_5 += t5 * a5; c5_6 += t6 * a5; c5_7 += t7 * a5;
    c6_0 += t0 * a6; c6_1 += t1 * a6; c6_2 += t2 * a6; c6_3 += t3 * a6; c6_4 += t4 * a6; c6_5 += t5 * a6; c6_6 += t6 * a6; c6_7 += t7 * a6;
    c7_0 += t0 * a7; c7_1 += t1 * a7; c7_2 += t2 * a7; c7_3 += t3 * a7; c7_4 += t4 * a7; c7_5 += t5 * a7; c7_6 += t6 * a7; c7_7 += t7 * a7;
  }
  // One storeRow call site: inlined once per accumulator it would bloat the pipeline (~5 s compile).
  var block = array<vec4<f32>, 64>(
    c0_0, c0_1, c0_2, c0_3, c0_4, c0_5, c0_6, c0_7,
    c1_0, c1_1, c1_2, c1_3, c1_4, c1_5, c1_6, c1_7,
    c2_0, c2_1, c2_2, c2_3, c2_4, c2_5, c2_6, c2_7,
    c3_0, c3_1, c3_2, c3_3, c3_4, c3_5, c3_6, c3_7,
    c4_0, c4_1, c4_2, c4_3, c4_4, c4_5, c4_6, c4_7,
    c5_0, c5_1, c5_2, c5_3, c5_4, c5_5, c5_6, c5_7,
    c6_0, c6_1, c6_2, c6_3, c6_4, c6_5, c6_6, c6_7,
    c7_0, c7_1, c7_2, c7_3, c7_4, c7_5, c7_6, c7_7,
  );
  for (var i = 0u; i < 64u; i++) {
    storeRow(b, m0 + i / 8u, n0 + 4u * (i % 8u), block[i]);
  }
}

// ---- C = A · Bᵀ for 2..4 rows: a 4 x 16 block, as matmul_nt. ----
@compute @workgroup_size(WG)
fn matmul_nt_rows4(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (blockIndex(gid, nwg) >= blockCount(4u, 16u)) {
    return;
  }
  let origin = blockOrigin(gid, nwg, 4u, 16u);
  let m0 = origin.x;
  let n0 = origin.y;
  let b = origin.z;
  // Element offsets of the block's rows of A and of B (rows past the end clamped to the last).
  let a0r = rowStarts(b * s.strideA, m0, s.M);
  let b0r = rowStarts(b * s.strideB, n0, s.N);
  let b1r = rowStarts(b * s.strideB, n0 + 4u, s.N);
  let b2r = rowStarts(b * s.strideB, n0 + 8u, s.N);
  let b3r = rowStarts(b * s.strideB, n0 + 12u, s.N);
  var c0_0 = vec4<f32>(); var c0_1 = vec4<f32>(); var c0_2 = vec4<f32>(); var c0_3 = vec4<f32>();
  var c1_0 = vec4<f32>(); var c1_1 = vec4<f32>(); var c1_2 = vec4<f32>(); var c1_3 = vec4<f32>();
  var c2_0 = vec4<f32>(); var c2_1 = vec4<f32>(); var c2_2 = vec4<f32>(); var c2_3 = vec4<f32>();
  var c3_0 = vec4<f32>(); var c3_1 = vec4<f32>(); var c3_2 = vec4<f32>(); var c3_3 = vec4<f32>();
  for (var k = 0u; k < s.K; k += 4u) {
    let v = s.K - k;
    let a0 = loadA(a0r.x + k, v); let a1 = loadA(a0r.y + k, v); let a2 = loadA(a0r.z + k, v); let a3 = loadA(a0r.w + k, v);
    let t0 = transpose(mat4x4<f32>(loadB(b0r.x + k, v), loadB(b0r.y + k, v), loadB(b0r.z + k, v), loadB(b0r.w + k, v)));
    let t1 = transpose(mat4x4<f32>(loadB(b1r.x + k, v), loadB(b1r.y + k, v), loadB(b1r.z + k, v), loadB(b1r.w + k, v)));
    let t2 = transpose(mat4x4<f32>(loadB(b2r.x + k, v), loadB(b2r.y + k, v), loadB(b2r.z + k, v), loadB(b2r.w + k, v)));
    let t3 = transpose(mat4x4<f32>(loadB(b3r.x + k, v), loadB(b3r.y + k, v), loadB(b3r.z + k, v), loadB(b3r.w + k, v)));
    c0_0 += t0 * a0; c0_1 += t1 * a0; c0_2 += t2 * a0; c0_3 += t3 * a0;
    c1_0 += t0 * a1; c1_1 += t1 * a1; c1_2 += t2 * a1; c1_3 += t3 * a1;
    c2_0 += t0 * a2; c2_1 += t1 * a2; c2_2 += t2 * a2; c2_3 += t3 * a2;
    c3_0 += t0 * a3; c3_1 += t1 * a3; c3_2 += t2 * a3; c3_3 += t3 * a3;
  }
  // One storeRow call site: inlined once per accumulator it would bloat the pipeline (~5 s compile).
  var block = array<vec4<f32>, 16>(
    c0_0, c0_1, c0_2, c0_3,
    c1_0, c1_1, c1_2, c1_3,
    c2_0, c2_1, c2_2, c2_3,
    c3_0, c3_1, c3_2, c3_3,
  );
  for (var i = 0u; i < 16u; i++) {
    storeRow(b, m0 + i / 4u, n0 + 4u * (i % 4u), block[i]);
  }
}

// ---- C = A · Bᵀ for one row (GEMV, M = 1 decode): a 1 x 8 block, as matmul_nt. ----
@compute @workgroup_size(WG)
fn matmul_nt_row1(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (blockIndex(gid, nwg) >= blockCount(1u, 8u)) {
    return;
  }
  let origin = blockOrigin(gid, nwg, 1u, 8u);
  let m0 = origin.x;
  let n0 = origin.y;
  let b = origin.z;
  let ar = b * s.strideA + m0 * s.K;
  let b0r = rowStarts(b * s.strideB, n0, s.N);
  let b1r = rowStarts(b * s.strideB, n0 + 4u, s.N);
  var c0_0 = vec4<f32>(); var c0_1 = vec4<f32>();
  for (var k = 0u; k < s.K; k += 4u) {
    let v = s.K - k;
    let a0 = loadA(ar + k, v);
    let t0 = transpose(mat4x4<f32>(loadB(b0r.x + k, v), loadB(b0r.y + k, v), loadB(b0r.z + k, v), loadB(b0r.w + k, v)));
    let t1 = transpose(mat4x4<f32>(loadB(b1r.x + k, v), loadB(b1r.y + k, v), loadB(b1r.z + k, v), loadB(b1r.w + k, v)));
    c0_0 += t0 * a0; c0_1 += t1 * a0;
  }
  storeRow(b, m0, n0, c0_0); storeRow(b, m0, n0 + 4u, c0_1);
}

// Element offsets of rows r0..r0+3 (each K long, clamped to row count-1) of a matrix at `base`.
fn rowStarts(base: u32, r0: u32, count: u32) -> vec4<u32> {
  let last = vec4<u32>(count - 1u);
  return vec4<u32>(base) + min(vec4<u32>(r0) + vec4<u32>(0u, 1u, 2u, 3u), last) * s.K;
}

// ---- C = A · B, a 16 x 16 block. aR = row R of A over k..k+3; bG = rows k..k+3 of B over
//      columns 4G..4G+3 (one row per column of bG), so cR_G += bG · aR. ----
@compute @workgroup_size(WG)
fn matmul_nn(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (blockIndex(gid, nwg) >= blockCount(16u, 16u)) {
    return;
  }
  let origin = blockOrigin(gid, nwg, 16u, 16u);
  let m0 = origin.x;
  let n0 = origin.y;
  let b = origin.z;
  let rowA = b * s.strideA + min(m0, s.M - 1u) * s.K;
  let lastA = s.M - 1u - min(m0, s.M - 1u);
  let baseB = b * s.strideB;
  // Column group G starts at n0 + 4G, clamped so an aligned load stays inside the row.
  let col = vec4<u32>(min(n0, s.N - 1u), min(n0 + 4u, s.N - 1u), min(n0 + 8u, s.N - 1u), min(n0 + 12u, s.N - 1u));
  let colValid = vec4<u32>(s.N) - min(vec4<u32>(n0, n0 + 4u, n0 + 8u, n0 + 12u), vec4<u32>(s.N));
  // Element offsets of the block's rows of A (rows past the end clamped to the last).
  let a0r = vec4<u32>(rowA) + min(vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(lastA)) * s.K;
  let a1r = vec4<u32>(rowA) + min(vec4<u32>(4u, 5u, 6u, 7u), vec4<u32>(lastA)) * s.K;
  let a2r = vec4<u32>(rowA) + min(vec4<u32>(8u, 9u, 10u, 11u), vec4<u32>(lastA)) * s.K;
  let a3r = vec4<u32>(rowA) + min(vec4<u32>(12u, 13u, 14u, 15u), vec4<u32>(lastA)) * s.K;
  var c0_0 = vec4<f32>(); var c0_1 = vec4<f32>(); var c0_2 = vec4<f32>(); var c0_3 = vec4<f32>();
  var c1_0 = vec4<f32>(); var c1_1 = vec4<f32>(); var c1_2 = vec4<f32>(); var c1_3 = vec4<f32>();
  var c2_0 = vec4<f32>(); var c2_1 = vec4<f32>(); var c2_2 = vec4<f32>(); var c2_3 = vec4<f32>();
  var c3_0 = vec4<f32>(); var c3_1 = vec4<f32>(); var c3_2 = vec4<f32>(); var c3_3 = vec4<f32>();
  var c4_0 = vec4<f32>(); var c4_1 = vec4<f32>(); var c4_2 = vec4<f32>(); var c4_3 = vec4<f32>();
  var c5_0 = vec4<f32>(); var c5_1 = vec4<f32>(); var c5_2 = vec4<f32>(); var c5_3 = vec4<f32>();
  var c6_0 = vec4<f32>(); var c6_1 = vec4<f32>(); var c6_2 = vec4<f32>(); var c6_3 = vec4<f32>();
  var c7_0 = vec4<f32>(); var c7_1 = vec4<f32>(); var c7_2 = vec4<f32>(); var c7_3 = vec4<f32>();
  var c8_0 = vec4<f32>(); var c8_1 = vec4<f32>(); var c8_2 = vec4<f32>(); var c8_3 = vec4<f32>();
  var c9_0 = vec4<f32>(); var c9_1 = vec4<f32>(); var c9_2 = vec4<f32>(); var c9_3 = vec4<f32>();
  var c10_0 = vec4<f32>(); var c10_1 = vec4<f32>(); var c10_2 = vec4<f32>(); var c10_3 = vec4<f32>();
  var c11_0 = vec4<f32>(); var c11_1 = vec4<f32>(); var c11_2 = vec4<f32>(); var c11_3 = vec4<f32>();
  var c12_0 = vec4<f32>(); var c12_1 = vec4<f32>(); var c12_2 = vec4<f32>(); var c12_3 = vec4<f32>();
  var c13_0 = vec4<f32>(); var c13_1 = vec4<f32>(); var c13_2 = vec4<f32>(); var c13_3 = vec4<f32>();
  var c14_0 = vec4<f32>(); var c14_1 = vec4<f32>(); var c14_2 = vec4<f32>(); var c14_3 = vec4<f32>();
  var c15_0 = vec4<f32>(); var c15_1 = vec4<f32>(); var c15_2 = vec4<f32>(); var c15_3 = vec4<f32>();
  let kEnd = causalKEnd(m0);
  for (var k = 0u; k < kEnd; k += 4u) {
    let v = s.K - k;
    let a0 = loadA(a0r.x + k, v); let a1 = loadA(a0r.y + k, v); let a2 = loadA(a0r.z + k, v); let a3 = loadA(a0r.w + k, v);
    let a4 = loadA(a1r.x + k, v); let a5 = loadA(a1r.y + k, v); let a6 = loadA(a1r.z + k, v); let a7 = loadA(a1r.w + k, v);
    let a8 = loadA(a2r.x + k, v); let a9 = loadA(a2r.y + k, v); let a10 = loadA(a2r.z + k, v); let a11 = loadA(a2r.w + k, v);
    let a12 = loadA(a3r.x + k, v); let a13 = loadA(a3r.y + k, v); let a14 = loadA(a3r.z + k, v); let a15 = loadA(a3r.w + k, v);
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
    c0_0 += b0 * a0; c0_1 += b1 * a0; c0_2 += b2 * a0; c0_3 += b3 * a0;
    c1_0 += b0 * a1; c1_1 += b1 * a1; c1_2 += b2 * a1; c1_3 += b3 * a1;
    c2_0 += b0 * a2; c2_1 += b1 * a2; c2_2 += b2 * a2; c2_3 += b3 * a2;
    c3_0 += b0 * a3; c3_1 += b1 * a3; c3_2 += b2 * a3; c3_3 += b3 * a3;
    c4_0 += b0 * a4; c4_1 += b1 * a4; c4_2 += b2 * a4; c4_3 += b3 * a4;
    c5_0 += b0 * a5; c5_1 += b1 * a5; c5_2 += b2 * a5; c5_3 += b3 * a5;
    c6_0 += b0 * a6; c6_1 += b1 * a6; c6_2 += b2 * a6; c6_3 += b3 * a6;
    c7_0 += b0 * a7; c7_1 += b1 * a7; c7_2 += b2 * a7; c7_3 += b3 * a7;
    c8_0 += b0 * a8; c8_1 += b1 * a8; c8_2 += b2 * a8; c8_3 += b3 * a8;
    c9_0 += b0 * a9; c9_1 += b1 * a9; c9_2 += b2 * a9; c9_3 += b3 * a9;
    c10_0 += b0 * a10; c10_1 += b1 * a10; c10_2 += b2 * a10; c10_3 += b3 * a10;
    c11_0 += b0 * a11; c11_1 += b1 * a11; c11_2 += b2 * a11; c11_3 += b3 * a11;
    c12_0 += b0 * a12; c12_1 += b1 * a12; c12_2 += b2 * a12; c12_3 += b3 * a12;
    c13_0 += b0 * a13; c13_1 += b1 * a13; c13_2 += b2 * a13; c13_3 += b3 * a13;
    c14_0 += b0 * a14; c14_1 += b1 * a14; c14_2 += b2 * a14; c14_3 += b3 * a14;
    c15_0 += b0 * a15; c15_1 += b1 * a15; c15_2 += b2 * a15; c15_3 += b3 * a15;
  }
  // A whole block: direct stores (override ACCUMULATE says why).
  if (ALIGNED && m0 + 16u <= s.M && n0 + 16u <= s.N && s.N % 4u == 0u && s.strideC % 4u == 0u && s.hasBias == 0u) {
    let base = (b * s.strideC + m0 * s.N + n0) >> 2u;
    let row = s.N >> 2u;
    if (ACCUMULATE) {
      C[base + 0u * row + 0u] += c0_0; C[base + 0u * row + 1u] += c0_1; C[base + 0u * row + 2u] += c0_2; C[base + 0u * row + 3u] += c0_3;
      C[base + 1u * row + 0u] += c1_0; C[base + 1u * row + 1u] += c1_1; C[base + 1u * row + 2u] += c1_2; C[base + 1u * row + 3u] += c1_3;
      C[base + 2u * row + 0u] += c2_0; C[base + 2u * row + 1u] += c2_1; C[base + 2u * row + 2u] += c2_2; C[base + 2u * row + 3u] += c2_3;
      C[base + 3u * row + 0u] += c3_0; C[base + 3u * row + 1u] += c3_1; C[base + 3u * row + 2u] += c3_2; C[base + 3u * row + 3u] += c3_3;
      C[base + 4u * row + 0u] += c4_0; C[base + 4u * row + 1u] += c4_1; C[base + 4u * row + 2u] += c4_2; C[base + 4u * row + 3u] += c4_3;
      C[base + 5u * row + 0u] += c5_0; C[base + 5u * row + 1u] += c5_1; C[base + 5u * row + 2u] += c5_2; C[base + 5u * row + 3u] += c5_3;
      C[base + 6u * row + 0u] += c6_0; C[base + 6u * row + 1u] += c6_1; C[base + 6u * row + 2u] += c6_2; C[base + 6u * row + 3u] += c6_3;
      C[base + 7u * row + 0u] += c7_0; C[base + 7u * row + 1u] += c7_1; C[base + 7u * row + 2u] += c7_2; C[base + 7u * row + 3u] += c7_3;
      C[base + 8u * row + 0u] += c8_0; C[base + 8u * row + 1u] += c8_1; C[base + 8u * row + 2u] += c8_2; C[base + 8u * row + 3u] += c8_3;
      C[base + 9u * row + 0u] += c9_0; C[base + 9u * row + 1u] += c9_1; C[base + 9u * row + 2u] += c9_2; C[base + 9u * row + 3u] += c9_3;
      C[base + 10u * row + 0u] += c10_0; C[base + 10u * row + 1u] += c10_1; C[base + 10u * row + 2u] += c10_2; C[base + 10u * row + 3u] += c10_3;
      C[base + 11u * row + 0u] += c11_0; C[base + 11u * row + 1u] += c11_1; C[base + 11u * row + 2u] += c11_2; C[base + 11u * row + 3u] += c11_3;
      C[base + 12u * row + 0u] += c12_0; C[base + 12u * row + 1u] += c12_1; C[base + 12u * row + 2u] += c12_2; C[base + 12u * row + 3u] += c12_3;
      C[base + 13u * row + 0u] += c13_0; C[base + 13u * row + 1u] += c13_1; C[base + 13u * row + 2u] += c13_2; C[base + 13u * row + 3u] += c13_3;
      C[base + 14u * row + 0u] += c14_0; C[base + 14u * row + 1u] += c14_1; C[base + 14u * row + 2u] += c14_2; C[base + 14u * row + 3u] += c14_3;
      C[base + 15u * row + 0u] += c15_0; C[base + 15u * row + 1u] += c15_1; C[base + 15u * row + 2u] += c15_2; C[base + 15u * row + 3u] += c15_3;
    } else {
      C[base + 0u * row + 0u] = c0_0; C[base + 0u * row + 1u] = c0_1; C[base + 0u * row + 2u] = c0_2; C[base + 0u * row + 3u] = c0_3;
      C[base + 1u * row + 0u] = c1_0; C[base + 1u * row + 1u] = c1_1; C[base + 1u * row + 2u] = c1_2; C[base + 1u * row + 3u] = c1_3;
      C[base + 2u * row + 0u] = c2_0; C[base + 2u * row + 1u] = c2_1; C[base + 2u * row + 2u] = c2_2; C[base + 2u * row + 3u] = c2_3;
      C[base + 3u * row + 0u] = c3_0; C[base + 3u * row + 1u] = c3_1; C[base + 3u * row + 2u] = c3_2; C[base + 3u * row + 3u] = c3_3;
      C[base + 4u * row + 0u] = c4_0; C[base + 4u * row + 1u] = c4_1; C[base + 4u * row + 2u] = c4_2; C[base + 4u * row + 3u] = c4_3;
      C[base + 5u * row + 0u] = c5_0; C[base + 5u * row + 1u] = c5_1; C[base + 5u * row + 2u] = c5_2; C[base + 5u * row + 3u] = c5_3;
      C[base + 6u * row + 0u] = c6_0; C[base + 6u * row + 1u] = c6_1; C[base + 6u * row + 2u] = c6_2; C[base + 6u * row + 3u] = c6_3;
      C[base + 7u * row + 0u] = c7_0; C[base + 7u * row + 1u] = c7_1; C[base + 7u * row + 2u] = c7_2; C[base + 7u * row + 3u] = c7_3;
      C[base + 8u * row + 0u] = c8_0; C[base + 8u * row + 1u] = c8_1; C[base + 8u * row + 2u] = c8_2; C[base + 8u * row + 3u] = c8_3;
      C[base + 9u * row + 0u] = c9_0; C[base + 9u * row + 1u] = c9_1; C[base + 9u * row + 2u] = c9_2; C[base + 9u * row + 3u] = c9_3;
      C[base + 10u * row + 0u] = c10_0; C[base + 10u * row + 1u] = c10_1; C[base + 10u * row + 2u] = c10_2; C[base + 10u * row + 3u] = c10_3;
      C[base + 11u * row + 0u] = c11_0; C[base + 11u * row + 1u] = c11_1; C[base + 11u * row + 2u] = c11_2; C[base + 11u * row + 3u] = c11_3;
      C[base + 12u * row + 0u] = c12_0; C[base + 12u * row + 1u] = c12_1; C[base + 12u * row + 2u] = c12_2; C[base + 12u * row + 3u] = c12_3;
      C[base + 13u * row + 0u] = c13_0; C[base + 13u * row + 1u] = c13_1; C[base + 13u * row + 2u] = c13_2; C[base + 13u * row + 3u] = c13_3;
      C[base + 14u * row + 0u] = c14_0; C[base + 14u * row + 1u] = c14_1; C[base + 14u * row + 2u] = c14_2; C[base + 14u * row + 3u] = c14_3;
      C[base + 15u * row + 0u] = c15_0; C[base + 15u * row + 1u] = c15_1; C[base + 15u * row + 2u] = c15_2; C[base + 15u * row + 3u] = c15_3;
    }
    return;
  }
  // Other blocks: one storeRow call site (inlined once per accumulator, ~5 s compile).
  var block = array<vec4<f32>, 64>(
    c0_0, c0_1, c0_2, c0_3,
    c1_0, c1_1, c1_2, c1_3,
    c2_0, c2_1, c2_2, c2_3,
    c3_0, c3_1, c3_2, c3_3,
    c4_0, c4_1, c4_2, c4_3,
    c5_0, c5_1, c5_2, c5_3,
    c6_0, c6_1, c6_2, c6_3,
    c7_0, c7_1, c7_2, c7_3,
    c8_0, c8_1, c8_2, c8_3,
    c9_0, c9_1, c9_2, c9_3,
    c10_0, c10_1, c10_2, c10_3,
    c11_0, c11_1, c11_2, c11_3,
    c12_0, c12_1, c12_2, c12_3,
    c13_0, c13_1, c13_2, c13_3,
    c14_0, c14_1, c14_2, c14_3,
    c15_0, c15_1, c15_2, c15_3,
  );
  for (var i = 0u; i < 64u; i++) {
    storeRow(b, m0 + i / 4u, n0 + 4u * (i % 4u), block[i]);
  }
}

// ---- C = Aᵀ · B, a 16 x 16 block. aQ = rows k..k+3 of A over columns 4Q..4Q+3, transposed, so
//      its column i is row 4Q + i of Aᵀ over k..k+3; bG as in matmul_nn; c(4Q+i)_G += bG · aQ[i]. ----
@compute @workgroup_size(WG)
fn matmul_tn(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (blockIndex(gid, nwg) >= blockCount(16u, 16u)) {
    return;
  }
  let origin = blockOrigin(gid, nwg, 16u, 16u);
  let m0 = origin.x;
  let n0 = origin.y;
  let b = origin.z;
  let baseA = b * s.strideA;
  let baseB = b * s.strideB;
  let row = vec4<u32>(min(m0, s.M - 1u), min(m0 + 4u, s.M - 1u), min(m0 + 8u, s.M - 1u), min(m0 + 12u, s.M - 1u));
  let rowValid = vec4<u32>(s.M) - min(vec4<u32>(m0, m0 + 4u, m0 + 8u, m0 + 12u), vec4<u32>(s.M));
  let col = vec4<u32>(min(n0, s.N - 1u), min(n0 + 4u, s.N - 1u), min(n0 + 8u, s.N - 1u), min(n0 + 12u, s.N - 1u));
  let colValid = vec4<u32>(s.N) - min(vec4<u32>(n0, n0 + 4u, n0 + 8u, n0 + 12u), vec4<u32>(s.N));
  var c0_0 = vec4<f32>(); var c0_1 = vec4<f32>(); var c0_2 = vec4<f32>(); var c0_3 = vec4<f32>();
  var c1_0 = vec4<f32>(); var c1_1 = vec4<f32>(); var c1_2 = vec4<f32>(); var c1_3 = vec4<f32>();
  var c2_0 = vec4<f32>(); var c2_1 = vec4<f32>(); var c2_2 = vec4<f32>(); var c2_3 = vec4<f32>();
  var c3_0 = vec4<f32>(); var c3_1 = vec4<f32>(); var c3_2 = vec4<f32>(); var c3_3 = vec4<f32>();
  var c4_0 = vec4<f32>(); var c4_1 = vec4<f32>(); var c4_2 = vec4<f32>(); var c4_3 = vec4<f32>();
  var c5_0 = vec4<f32>(); var c5_1 = vec4<f32>(); var c5_2 = vec4<f32>(); var c5_3 = vec4<f32>();
  var c6_0 = vec4<f32>(); var c6_1 = vec4<f32>(); var c6_2 = vec4<f32>(); var c6_3 = vec4<f32>();
  var c7_0 = vec4<f32>(); var c7_1 = vec4<f32>(); var c7_2 = vec4<f32>(); var c7_3 = vec4<f32>();
  var c8_0 = vec4<f32>(); var c8_1 = vec4<f32>(); var c8_2 = vec4<f32>(); var c8_3 = vec4<f32>();
  var c9_0 = vec4<f32>(); var c9_1 = vec4<f32>(); var c9_2 = vec4<f32>(); var c9_3 = vec4<f32>();
  var c10_0 = vec4<f32>(); var c10_1 = vec4<f32>(); var c10_2 = vec4<f32>(); var c10_3 = vec4<f32>();
  var c11_0 = vec4<f32>(); var c11_1 = vec4<f32>(); var c11_2 = vec4<f32>(); var c11_3 = vec4<f32>();
  var c12_0 = vec4<f32>(); var c12_1 = vec4<f32>(); var c12_2 = vec4<f32>(); var c12_3 = vec4<f32>();
  var c13_0 = vec4<f32>(); var c13_1 = vec4<f32>(); var c13_2 = vec4<f32>(); var c13_3 = vec4<f32>();
  var c14_0 = vec4<f32>(); var c14_1 = vec4<f32>(); var c14_2 = vec4<f32>(); var c14_3 = vec4<f32>();
  var c15_0 = vec4<f32>(); var c15_1 = vec4<f32>(); var c15_2 = vec4<f32>(); var c15_3 = vec4<f32>();
  // Causal: in each period of T rows of A only rows t >= m0 reach this block's columns; the steps
  // of a period start at the multiple of 4 at or below its first such row, never behind the last.
  let period = select(s.K, s.causal, s.causal > 0u);
  let skip = select(0u, m0, s.causal > 0u);
  var k = 0u;
  for (var start = 0u; start < s.K; start += period) {
    k = max(k, (start + skip) & ~3u);
    let end = min(start + period, s.K);
    for (; k < end; k += 4u) {
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
      c0_0 += b0 * a0[0]; c0_1 += b1 * a0[0]; c0_2 += b2 * a0[0]; c0_3 += b3 * a0[0];
      c1_0 += b0 * a0[1]; c1_1 += b1 * a0[1]; c1_2 += b2 * a0[1]; c1_3 += b3 * a0[1];
      c2_0 += b0 * a0[2]; c2_1 += b1 * a0[2]; c2_2 += b2 * a0[2]; c2_3 += b3 * a0[2];
      c3_0 += b0 * a0[3]; c3_1 += b1 * a0[3]; c3_2 += b2 * a0[3]; c3_3 += b3 * a0[3];
      c4_0 += b0 * a1[0]; c4_1 += b1 * a1[0]; c4_2 += b2 * a1[0]; c4_3 += b3 * a1[0];
      c5_0 += b0 * a1[1]; c5_1 += b1 * a1[1]; c5_2 += b2 * a1[1]; c5_3 += b3 * a1[1];
      c6_0 += b0 * a1[2]; c6_1 += b1 * a1[2]; c6_2 += b2 * a1[2]; c6_3 += b3 * a1[2];
      c7_0 += b0 * a1[3]; c7_1 += b1 * a1[3]; c7_2 += b2 * a1[3]; c7_3 += b3 * a1[3];
      c8_0 += b0 * a2[0]; c8_1 += b1 * a2[0]; c8_2 += b2 * a2[0]; c8_3 += b3 * a2[0];
      c9_0 += b0 * a2[1]; c9_1 += b1 * a2[1]; c9_2 += b2 * a2[1]; c9_3 += b3 * a2[1];
      c10_0 += b0 * a2[2]; c10_1 += b1 * a2[2]; c10_2 += b2 * a2[2]; c10_3 += b3 * a2[2];
      c11_0 += b0 * a2[3]; c11_1 += b1 * a2[3]; c11_2 += b2 * a2[3]; c11_3 += b3 * a2[3];
      c12_0 += b0 * a3[0]; c12_1 += b1 * a3[0]; c12_2 += b2 * a3[0]; c12_3 += b3 * a3[0];
      c13_0 += b0 * a3[1]; c13_1 += b1 * a3[1]; c13_2 += b2 * a3[1]; c13_3 += b3 * a3[1];
      c14_0 += b0 * a3[2]; c14_1 += b1 * a3[2]; c14_2 += b2 * a3[2]; c14_3 += b3 * a3[2];
      c15_0 += b0 * a3[3]; c15_1 += b1 * a3[3]; c15_2 += b2 * a3[3]; c15_3 += b3 * a3[3];
    }
  }
  // A whole block: direct stores (override ACCUMULATE says why).
  if (ALIGNED && m0 + 16u <= s.M && n0 + 16u <= s.N && s.N % 4u == 0u && s.strideC % 4u == 0u && s.hasBias == 0u) {
    let base = (b * s.strideC + m0 * s.N + n0) >> 2u;
    let row = s.N >> 2u;
    if (ACCUMULATE) {
      C[base + 0u * row + 0u] += c0_0; C[base + 0u * row + 1u] += c0_1; C[base + 0u * row + 2u] += c0_2; C[base + 0u * row + 3u] += c0_3;
      C[base + 1u * row + 0u] += c1_0; C[base + 1u * row + 1u] += c1_1; C[base + 1u * row + 2u] += c1_2; C[base + 1u * row + 3u] += c1_3;
      C[base + 2u * row + 0u] += c2_0; C[base + 2u * row + 1u] += c2_1; C[base + 2u * row + 2u] += c2_2; C[base + 2u * row + 3u] += c2_3;
      C[base + 3u * row + 0u] += c3_0; C[base + 3u * row + 1u] += c3_1; C[base + 3u * row + 2u] += c3_2; C[base + 3u * row + 3u] += c3_3;
      C[base + 4u * row + 0u] += c4_0; C[base + 4u * row + 1u] += c4_1; C[base + 4u * row + 2u] += c4_2; C[base + 4u * row + 3u] += c4_3;
      C[base + 5u * row + 0u] += c5_0; C[base + 5u * row + 1u] += c5_1; C[base + 5u * row + 2u] += c5_2; C[base + 5u * row + 3u] += c5_3;
      C[base + 6u * row + 0u] += c6_0; C[base + 6u * row + 1u] += c6_1; C[base + 6u * row + 2u] += c6_2; C[base + 6u * row + 3u] += c6_3;
      C[base + 7u * row + 0u] += c7_0; C[base + 7u * row + 1u] += c7_1; C[base + 7u * row + 2u] += c7_2; C[base + 7u * row + 3u] += c7_3;
      C[base + 8u * row + 0u] += c8_0; C[base + 8u * row + 1u] += c8_1; C[base + 8u * row + 2u] += c8_2; C[base + 8u * row + 3u] += c8_3;
      C[base + 9u * row + 0u] += c9_0; C[base + 9u * row + 1u] += c9_1; C[base + 9u * row + 2u] += c9_2; C[base + 9u * row + 3u] += c9_3;
      C[base + 10u * row + 0u] += c10_0; C[base + 10u * row + 1u] += c10_1; C[base + 10u * row + 2u] += c10_2; C[base + 10u * row + 3u] += c10_3;
      C[base + 11u * row + 0u] += c11_0; C[base + 11u * row + 1u] += c11_1; C[base + 11u * row + 2u] += c11_2; C[base + 11u * row + 3u] += c11_3;
      C[base + 12u * row + 0u] += c12_0; C[base + 12u * row + 1u] += c12_1; C[base + 12u * row + 2u] += c12_2; C[base + 12u * row + 3u] += c12_3;
      C[base + 13u * row + 0u] += c13_0; C[base + 13u * row + 1u] += c13_1; C[base + 13u * row + 2u] += c13_2; C[base + 13u * row + 3u] += c13_3;
      C[base + 14u * row + 0u] += c14_0; C[base + 14u * row + 1u] += c14_1; C[base + 14u * row + 2u] += c14_2; C[base + 14u * row + 3u] += c14_3;
      C[base + 15u * row + 0u] += c15_0; C[base + 15u * row + 1u] += c15_1; C[base + 15u * row + 2u] += c15_2; C[base + 15u * row + 3u] += c15_3;
    } else {
      C[base + 0u * row + 0u] = c0_0; C[base + 0u * row + 1u] = c0_1; C[base + 0u * row + 2u] = c0_2; C[base + 0u * row + 3u] = c0_3;
      C[base + 1u * row + 0u] = c1_0; C[base + 1u * row + 1u] = c1_1; C[base + 1u * row + 2u] = c1_2; C[base + 1u * row + 3u] = c1_3;
      C[base + 2u * row + 0u] = c2_0; C[base + 2u * row + 1u] = c2_1; C[base + 2u * row + 2u] = c2_2; C[base + 2u * row + 3u] = c2_3;
      C[base + 3u * row + 0u] = c3_0; C[base + 3u * row + 1u] = c3_1; C[base + 3u * row + 2u] = c3_2; C[base + 3u * row + 3u] = c3_3;
      C[base + 4u * row + 0u] = c4_0; C[base + 4u * row + 1u] = c4_1; C[base + 4u * row + 2u] = c4_2; C[base + 4u * row + 3u] = c4_3;
      C[base + 5u * row + 0u] = c5_0; C[base + 5u * row + 1u] = c5_1; C[base + 5u * row + 2u] = c5_2; C[base + 5u * row + 3u] = c5_3;
      C[base + 6u * row + 0u] = c6_0; C[base + 6u * row + 1u] = c6_1; C[base + 6u * row + 2u] = c6_2; C[base + 6u * row + 3u] = c6_3;
      C[base + 7u * row + 0u] = c7_0; C[base + 7u * row + 1u] = c7_1; C[base + 7u * row + 2u] = c7_2; C[base + 7u * row + 3u] = c7_3;
      C[base + 8u * row + 0u] = c8_0; C[base + 8u * row + 1u] = c8_1; C[base + 8u * row + 2u] = c8_2; C[base + 8u * row + 3u] = c8_3;
      C[base + 9u * row + 0u] = c9_0; C[base + 9u * row + 1u] = c9_1; C[base + 9u * row + 2u] = c9_2; C[base + 9u * row + 3u] = c9_3;
      C[base + 10u * row + 0u] = c10_0; C[base + 10u * row + 1u] = c10_1; C[base + 10u * row + 2u] = c10_2; C[base + 10u * row + 3u] = c10_3;
      C[base + 11u * row + 0u] = c11_0; C[base + 11u * row + 1u] = c11_1; C[base + 11u * row + 2u] = c11_2; C[base + 11u * row + 3u] = c11_3;
      C[base + 12u * row + 0u] = c12_0; C[base + 12u * row + 1u] = c12_1; C[base + 12u * row + 2u] = c12_2; C[base + 12u * row + 3u] = c12_3;
      C[base + 13u * row + 0u] = c13_0; C[base + 13u * row + 1u] = c13_1; C[base + 13u * row + 2u] = c13_2; C[base + 13u * row + 3u] = c13_3;
      C[base + 14u * row + 0u] = c14_0; C[base + 14u * row + 1u] = c14_1; C[base + 14u * row + 2u] = c14_2; C[base + 14u * row + 3u] = c14_3;
      C[base + 15u * row + 0u] = c15_0; C[base + 15u * row + 1u] = c15_1; C[base + 15u * row + 2u] = c15_2; C[base + 15u * row + 3u] = c15_3;
    }
    return;
  }
  // Other blocks: one storeRow call site (inlined once per accumulator, ~5 s compile).
  var block = array<vec4<f32>, 64>(
    c0_0, c0_1, c0_2, c0_3,
    c1_0, c1_1, c1_2, c1_3,
    c2_0, c2_1, c2_2, c2_3,
    c3_0, c3_1, c3_2, c3_3,
    c4_0, c4_1, c4_2, c4_3,
    c5_0, c5_1, c5_2, c5_3,
    c6_0, c6_1, c6_2, c6_3,
    c7_0, c7_1, c7_2, c7_3,
    c8_0, c8_1, c8_2, c8_3,
    c9_0, c9_1, c9_2, c9_3,
    c10_0, c10_1, c10_2, c10_3,
    c11_0, c11_1, c11_2, c11_3,
    c12_0, c12_1, c12_2, c12_3,
    c13_0, c13_1, c13_2, c13_3,
    c14_0, c14_1, c14_2, c14_3,
    c15_0, c15_1, c15_2, c15_3,
  );
  for (var i = 0u; i < 64u; i++) {
    storeRow(b, m0 + i / 4u, n0 + 4u * (i % 4u), block[i]);
  }
}


// ---- Baseline: one output per invocation, scalar loads, any layout. ----
@compute @workgroup_size(WG)
fn matmul_naive(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let index = blockIndex(gid, nwg);
  if (index >= s.batch * s.M * s.N) {
    return;
  }
  let b = index / (s.M * s.N);
  let m = (index % (s.M * s.N)) / s.N;
  let n = index % s.N;
  var sum = 0.0;
  for (var k = 0u; k < s.K; k++) {
    let a = elA(b * s.strideA + select(m * s.K + k, k * s.M + m, s.transA != 0u));
    let w = elB(b * s.strideB + select(k * s.N + n, n * s.K + k, s.transB != 0u));
    sum += a * w;
  }
  storeC(b, m, n, sum);
}
