// embedding_backward.wgsl: the first half of the backward of embedding.wgsl. Each position's
// input is a mixture of K embedding rows, i.e. row r of a sparse [R, V] matrix; this kernel writes
// that matrix densely, so that the table gradient is one matmul (kernels/backward.ts):
//   mix[r, v] = sum over k with indices[r, k] == v of weights[r, k]      (0 elsewhere)
//   dTable[V, C] (+)= mixᵀ · dOut[R, C]                                  (matmul_tn, accumulate)
// Indices at or past V match no column (skipped, as in the forward). No two invocations write one
// element, so no atomics and no clear.
// Shapes (f32 / u32): mix: [R, V]; indices, weights: [R, K].
// Bindings (group 0): 0 uniform EmbeddingBackwardSizes | 1 indices (read) | 2 weights (read)
//   | 3 mix (rw).
// Layout: one invocation per element of mix, looping over K. Dispatch: ceil(R V / WG) over x and
//   y; guarded. (Measured: the gather it replaced, one invocation per table element scanning all
//   R K pairs, took 550-700 ms of a 32 x 128 training step; the matmul takes ~30.)
// override WG: invocations per workgroup (64).
// Reference: embeddingBackward in src/model/referenceBackward.ts. Test: src/model/kernels/backward.gpu.test.ts.

struct EmbeddingBackwardSizes {
  R: u32,
  K: u32,
  V: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> s: EmbeddingBackwardSizes;
@group(0) @binding(1) var<storage, read> indices: array<u32>;
@group(0) @binding(2) var<storage, read> weights: array<f32>;
@group(0) @binding(3) var<storage, read_write> mix: array<f32>;

@compute @workgroup_size(WG)
fn embedding_mixture_rows(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * WG;
  if (e >= s.R * s.V) {
    return;
  }
  let r = e / s.V;
  let v = e % s.V;
  var sum = 0.0;
  for (var k = 0u; k < s.K; k++) {
    if (indices[r * s.K + k] == v) {
      sum += weights[r * s.K + k];
    }
  }
  mix[e] = sum;
}
