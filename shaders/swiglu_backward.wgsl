// swiglu_backward.wgsl: the backward of swiglu.wgsl on the fused gate/up projection. With
// g = gu[r, f], u = gu[r, F + f] and silu'(g) = σ(g) (1 + g (1 - σ(g))):
//   dgu[r, f] = dh[r, f] u silu'(g),   dgu[r, F + f] = dh[r, f] silu(g)   (written, not accumulated)
// Shapes (f32, row-major): gu, dgu: [R, 2F] (gate columns, then up columns); dh: [R, F].
// Bindings (group 0): 0 uniform SwigluBackwardSizes | 1 gu (read) | 2 dh (read) | 3 dgu (rw).
// Layout: one invocation per (r, f), writing both halves. Dispatch: ceil(R F / WG) over x and y.
// override WG: invocations per workgroup (64).
// Reference: swigluBackward in src/model/referenceBackward.ts. Test: src/model/kernels/backward.gpu.test.ts.

struct SwigluBackwardSizes {
  R: u32,
  F: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> s: SwigluBackwardSizes;
@group(0) @binding(1) var<storage, read> gu: array<f32>;
@group(0) @binding(2) var<storage, read> dh: array<f32>;
@group(0) @binding(3) var<storage, read_write> dgu: array<f32>;

@compute @workgroup_size(WG)
fn swiglu_backward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * WG;
  if (e >= s.R * s.F) {
    return;
  }
  let r = e / s.F;
  let f = e % s.F;
  let g = gu[r * 2u * s.F + f];
  let u = gu[r * 2u * s.F + s.F + f];
  let sigma = 1.0 / (1.0 + exp(-g));
  let d = dh[e];
  dgu[r * 2u * s.F + f] = d * u * sigma * (1.0 + g * (1.0 - sigma));
  dgu[r * 2u * s.F + s.F + f] = d * g * sigma;
}
