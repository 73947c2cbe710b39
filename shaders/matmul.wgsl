// matmul.wgsl: batched matrix products, the lab's workhorse.
//   matmul_nt:  C[b] = A[b] · B[b]ᵀ (+ bias)   A: [M, K], B: [N, K]   (x · Wᵀ, HF Linear layout)
//   matmul_nn:  C[b] = A[b] · B[b]   (+ bias)   A: [M, K], B: [K, N]   (dX = dY · W)
//   matmul_tn:  C[b] = A[b]ᵀ · B[b]  (+ bias)   A: [K, M], B: [K, N]   (dW = dYᵀ · X)
//   matmul_naive: one output per invocation, any of the three layouts (transA, transB); the
//                 bench baseline.
// Shapes: f32, row-major, C: [M, N]. Batch b = workgroup z; matrix b starts at b * strideX
// elements (strideB = 0 shares one weight matrix across the batch). `accumulate` adds into C.
// Bindings (group 0): 0 uniform MatmulSizes | 1 A (read) | 2 B (read) | 3 C (rw) | 4 bias (read;
//   any buffer when hasBias = 0). Buffers are bound as array<vec4<f32>> (runtime buffers are
//   padded to 16 bytes); scalar elements are read as X[e >> 2][e & 3].
// Layout: register blocking without workgroup memory, which SwiftShader runs ~4x faster than
//   shared-memory tiles (../shared/perf-notes.md §2). Each invocation owns an RM x RN block of C;
//   consecutive invocations take consecutive column blocks of the same rows. Dispatch: x * y
//   workgroups of 64 covering ceil(M/RM) * ceil(N/RN) blocks (x <= 65535), z = batch.
//   Rows past M are clamped on load and skipped on store.
// override ALIGNED: every vec4 the kernel loads lies inside one row (host checks K, N, M and
//   strides are multiples of 4); false reads element by element with bounds checks.
// Measured on SwiftShader (perf-notes §2, 256..1024 cubes): naive 0.3-0.4 GFLOP/s, 64x64
//   shared-memory tile 1.1-1.8 (not kept: slower and 0.8 s to compile), register-blocked 6.5-6.9.
// Host: src/gpu/kernels/matmul.ts. Reference: matmulReference in src/gpu/kernels/matmulReference.ts.
// Test: src/gpu/kernels/matmul.gpu.test.ts (sizes 1, 3, 17, 255, 257).

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

const WG = 64u;

fn elA(e: u32) -> f32 {
  return A[e >> 2u][e & 3u];
}

fn elB(e: u32) -> f32 {
  return B[e >> 2u][e & 3u];
}

// Four consecutive elements of A from element e; zero past `count`.
fn loadA4(e: u32, count: u32) -> vec4<f32> {
  if (ALIGNED) {
    return A[e >> 2u];
  }
  var v = vec4<f32>(0.0);
  for (var t = 0u; t < min(count, 4u); t++) {
    v[t] = elA(e + t);
  }
  return v;
}

fn loadB4(e: u32, count: u32) -> vec4<f32> {
  if (ALIGNED) {
    return B[e >> 2u];
  }
  var v = vec4<f32>(0.0);
  for (var t = 0u; t < min(count, 4u); t++) {
    v[t] = elB(e + t);
  }
  return v;
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

// Linear index of this invocation's block (x * y grid of 64-wide workgroups); callers return
// when it lies past their last block.
fn blockIndex(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

// ---- C = A · Bᵀ: 8 x 8 block, vec4 dot products along K. ----
const NT_RM = 8u;
const NT_RN = 8u;

@compute @workgroup_size(WG)
fn matmul_nt(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let blocksN = (s.N + NT_RN - 1u) / NT_RN;
  let blocksM = (s.M + NT_RM - 1u) / NT_RM;
  let block = blockIndex(gid, nwg);
  if (block >= blocksN * blocksM) {
    return;
  }
  let b = gid.z;
  let m0 = (block / blocksN) * NT_RM;
  let n0 = (block % blocksN) * NT_RN;
  var rowA: array<u32, NT_RM>;
  for (var i = 0u; i < NT_RM; i++) {
    rowA[i] = b * s.strideA + min(m0 + i, s.M - 1u) * s.K;
  }
  var rowB: array<u32, NT_RN>;
  for (var j = 0u; j < NT_RN; j++) {
    rowB[j] = b * s.strideB + min(n0 + j, s.N - 1u) * s.K;
  }
  var acc: array<array<f32, NT_RN>, NT_RM>;
  for (var k = 0u; k < s.K; k += 4u) {
    let count = s.K - k;
    var a: array<vec4<f32>, NT_RM>;
    for (var i = 0u; i < NT_RM; i++) {
      a[i] = loadA4(rowA[i] + k, count);
    }
    for (var j = 0u; j < NT_RN; j++) {
      let bv = loadB4(rowB[j] + k, count);
      for (var i = 0u; i < NT_RM; i++) {
        acc[i][j] += dot(a[i], bv);
      }
    }
  }
  for (var i = 0u; i < NT_RM; i++) {
    for (var j = 0u; j < NT_RN; j++) {
      if (m0 + i < s.M && n0 + j < s.N) {
        storeC(b, m0 + i, n0 + j, acc[i][j]);
      }
    }
  }
}

// ---- C = A · B: 16 rows x 16 columns (4 vec4), B read as vec4 along N. ----
const NN_RM = 16u;
const NN_CV = 4u;

@compute @workgroup_size(WG)
fn matmul_nn(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let blocksN = (s.N + NN_CV * 4u - 1u) / (NN_CV * 4u);
  let blocksM = (s.M + NN_RM - 1u) / NN_RM;
  let block = blockIndex(gid, nwg);
  if (block >= blocksN * blocksM) {
    return;
  }
  let b = gid.z;
  let m0 = (block / blocksN) * NN_RM;
  let n0 = (block % blocksN) * NN_CV * 4u;
  var rowA: array<u32, NN_RM>;
  for (var i = 0u; i < NN_RM; i++) {
    rowA[i] = b * s.strideA + min(m0 + i, s.M - 1u) * s.K;
  }
  var acc: array<array<vec4<f32>, NN_CV>, NN_RM>;
  for (var k = 0u; k < s.K; k++) {
    var bv: array<vec4<f32>, NN_CV>;
    let rowB = b * s.strideB + k * s.N;
    for (var j = 0u; j < NN_CV; j++) {
      let n = n0 + 4u * j;
      bv[j] = loadB4(rowB + min(n, s.N - 1u), select(0u, s.N - n, n < s.N));
    }
    for (var i = 0u; i < NN_RM; i++) {
      let a = elA(rowA[i] + k);
      for (var j = 0u; j < NN_CV; j++) {
        acc[i][j] += a * bv[j];
      }
    }
  }
  for (var i = 0u; i < NN_RM; i++) {
    for (var j = 0u; j < NN_CV; j++) {
      for (var t = 0u; t < 4u; t++) {
        let n = n0 + 4u * j + t;
        if (m0 + i < s.M && n < s.N) {
          storeC(b, m0 + i, n, acc[i][j][t]);
        }
      }
    }
  }
}

// ---- C = Aᵀ · B: 16 rows (4 vec4 of A along M) x 16 columns (4 vec4 of B along N). ----
const TN_RV = 4u;
const TN_CV = 4u;

@compute @workgroup_size(WG)
fn matmul_tn(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let blocksN = (s.N + TN_CV * 4u - 1u) / (TN_CV * 4u);
  let blocksM = (s.M + TN_RV * 4u - 1u) / (TN_RV * 4u);
  let block = blockIndex(gid, nwg);
  if (block >= blocksN * blocksM) {
    return;
  }
  let b = gid.z;
  let m0 = (block / blocksN) * TN_RV * 4u;
  let n0 = (block % blocksN) * TN_CV * 4u;
  var acc: array<array<vec4<f32>, TN_CV>, TN_RV * 4u>;
  for (var k = 0u; k < s.K; k++) {
    let rowA = b * s.strideA + k * s.M;
    let rowB = b * s.strideB + k * s.N;
    var av: array<vec4<f32>, TN_RV>;
    for (var i = 0u; i < TN_RV; i++) {
      let m = m0 + 4u * i;
      av[i] = loadA4(rowA + min(m, s.M - 1u), select(0u, s.M - m, m < s.M));
    }
    var bv: array<vec4<f32>, TN_CV>;
    for (var j = 0u; j < TN_CV; j++) {
      let n = n0 + 4u * j;
      bv[j] = loadB4(rowB + min(n, s.N - 1u), select(0u, s.N - n, n < s.N));
    }
    for (var i = 0u; i < TN_RV; i++) {
      for (var r = 0u; r < 4u; r++) {
        let a = av[i][r];
        for (var j = 0u; j < TN_CV; j++) {
          acc[4u * i + r][j] += a * bv[j];
        }
      }
    }
  }
  for (var i = 0u; i < TN_RV * 4u; i++) {
    for (var j = 0u; j < TN_CV; j++) {
      for (var t = 0u; t < 4u; t++) {
        let n = n0 + 4u * j + t;
        if (m0 + i < s.M && n < s.N) {
          storeC(b, m0 + i, n, acc[i][j][t]);
        }
      }
    }
  }
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
