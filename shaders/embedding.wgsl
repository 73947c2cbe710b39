// embedding.wgsl: the input gather. Every input position is a mixture of K embedding rows:
//   out[r, c] = sum_k weights[r, k] * table[indices[r, k], c]
// (K = 1, weight 1 for an ordinary token; K > 1 for Multiplex Thinking's soft tokens). Indices at
// or past V contribute 0, so a bad id cannot read outside the table.
// Shapes (f32 / u32, row-major): out: [R, C]; indices, weights: [R, K]; table: [V, C].
// Bindings (group 0): 0 uniform EmbeddingSizes | 1 indices (read) | 2 weights (read)
//   | 3 table (read) | 4 out (rw).
// Layout: one invocation per output element, consecutive invocations along C (coalesced table
//   reads). Dispatch: ceil(R*C / WG) workgroups spread over x and y (x <= 65535); guarded.
// override WG: invocations per workgroup (64).
// Reference: embeddingForward in src/model/reference.ts. Test: src/model/kernels/forward.gpu.test.ts.

struct EmbeddingSizes {
  R: u32,
  C: u32,
  K: u32,
  V: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> s: EmbeddingSizes;
@group(0) @binding(1) var<storage, read> indices: array<u32>;
@group(0) @binding(2) var<storage, read> weights: array<f32>;
@group(0) @binding(3) var<storage, read> table: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn embedding_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * WG;
  if (e >= s.R * s.C) {
    return;
  }
  let r = e / s.C;
  let c = e % s.C;
  var sum = 0.0;
  for (var k = 0u; k < s.K; k++) {
    let index = indices[r * s.K + k];
    if (index < s.V) {
      sum += weights[r * s.K + k] * table[index * s.C + c];
    }
  }
  out[e] = sum;
}
