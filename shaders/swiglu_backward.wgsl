// swiglu_backward.wgsl: the backward of swiglu.wgsl on the fused gate/up projection. With
// g = gu[r, f], u = gu[r, F + f] and silu'(g) = σ(g) (1 + g (1 - σ(g))):
//   dgu[r, f] = dh[r, f] u silu'(g),   dgu[r, F + f] = dh[r, f] silu(g)   (written, not accumulated)
// Shapes (f32, row-major): gu, dgu: [R, 2F] (gate columns, then up columns); dh: [R, F].
// Bindings (group 0): 0 uniform SwigluBackwardSizes | 1 gu (read) | 2 dh (read) | 3 dgu (rw), as
//   array<vec4<f32>>; element e is X[e >> 2][e & 3].
// Layout: one invocation per four consecutive f of a row, writing both halves: vec4 loads and
//   stores when F % 4 == 0 (the same values as element by element), element by element otherwise
//   (swiglu.wgsl says why). Dispatch: ceil(R ceil(F / 4) / WG) over x and y; guarded.
// override WG: invocations per workgroup (64).
// Reference: swigluBackward in src/model/referenceBackward.ts. Test: src/model/kernels/backward.gpu.test.ts.

struct SwigluBackwardSizes {
  R: u32,
  F: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> s: SwigluBackwardSizes;
@group(0) @binding(1) var<storage, read> gu: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> dh: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> dgu: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn swiglu_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let quads = (s.F + 3u) / 4u;
  let e = gid.x + gid.y * nwg.x * WG;
  if (e >= s.R * quads) {
    return;
  }
  let r = e / quads;
  let f0 = (e % quads) * 4u;
  let gate0 = r * 2u * s.F + f0;
  if (s.F % 4u == 0u) {
    let g = gu[gate0 >> 2u];
    let u = gu[(gate0 + s.F) >> 2u];
    let sigma = vec4<f32>(1.0) / (vec4<f32>(1.0) + exp(-g));
    let d = dh[(r * s.F + f0) >> 2u];
    dgu[gate0 >> 2u] = d * u * sigma * (vec4<f32>(1.0) + g * (vec4<f32>(1.0) - sigma));
    dgu[(gate0 + s.F) >> 2u] = d * g * sigma;
    return;
  }
  for (var t = 0u; t < min(4u, s.F - f0); t++) {
    let gi = gate0 + t;
    let ui = gi + s.F;
    let hi = r * s.F + f0 + t;
    let g = gu[gi >> 2u][gi & 3u];
    let u = gu[ui >> 2u][ui & 3u];
    let sigma = 1.0 / (1.0 + exp(-g));
    let d = dh[hi >> 2u][hi & 3u];
    dgu[gi >> 2u][gi & 3u] = d * u * sigma * (1.0 + g * (1.0 - sigma));
    dgu[ui >> 2u][ui & 3u] = d * g * sigma;
  }
}
