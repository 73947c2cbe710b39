// embedding_backward.wgsl: the backward of embedding.wgsl — each position's gradient, weighted,
// into the K embedding rows it mixed. Written as a gather, so no two invocations write one element:
//   dTable[v, c] (+)= sum over (r, k) with indices[r, k] == v of weights[r, k] * dOut[r, c]
// `accumulate` adds into dTable (the tied head's gradient is already there).
// Shapes (f32 / u32): dTable: [V, C]; dOut: [R, C]; indices, weights: [R, K].
// Bindings (group 0): 0 uniform EmbeddingBackwardSizes | 1 indices (read) | 2 weights (read)
//   | 3 dOut (read) | 4 dTable (rw).
// Layout: one invocation per table element, scanning all R*K (index, weight) pairs: O(V C R K),
//   fine for this lab's vocabulary of 135; a sort-based scatter would pay for itself only at far
//   larger V. Dispatch: ceil(V C / WG) over x and y; guarded.
// override WG: invocations per workgroup (64).
// Reference: embeddingBackward in src/model/referenceBackward.ts. Test: src/model/kernels/backward.gpu.test.ts.

struct EmbeddingBackwardSizes {
  R: u32,
  C: u32,
  K: u32,
  V: u32,
  accumulate: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> s: EmbeddingBackwardSizes;
@group(0) @binding(1) var<storage, read> indices: array<u32>;
@group(0) @binding(2) var<storage, read> weights: array<f32>;
@group(0) @binding(3) var<storage, read> dOut: array<f32>;
@group(0) @binding(4) var<storage, read_write> dTable: array<f32>;

@compute @workgroup_size(WG)
fn embedding_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * WG;
  if (e >= s.V * s.C) {
    return;
  }
  let v = e / s.C;
  let c = e % s.C;
  var sum = 0.0;
  for (var i = 0u; i < s.R * s.K; i++) {
    if (indices[i] == v) {
      sum += weights[i] * dOut[(i / s.K) * s.C + c];
    }
  }
  dTable[e] = select(sum, dTable[e] + sum, s.accumulate != 0u);
}
