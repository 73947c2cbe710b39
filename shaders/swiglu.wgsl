// swiglu.wgsl: the SwiGLU MLP's gate on the fused gate/up projection:
//   out[r, f] = silu(gu[r, f]) * gu[r, F + f],  silu(x) = x / (1 + e^-x)
// Shapes (f32, row-major): gu: [R, 2F] (gate columns, then up columns); out: [R, F].
// Bindings (group 0): 0 uniform SwigluSizes | 1 gu (read) | 2 out (rw).
// Layout: one invocation per output element. Dispatch: ceil(R F / WG) over x and y; guarded.
// override WG: invocations per workgroup (64).
// Reference: swigluForward in src/model/reference.ts. Test: src/model/kernels/forward.gpu.test.ts.

struct SwigluSizes {
  R: u32,
  F: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> s: SwigluSizes;
@group(0) @binding(1) var<storage, read> gu: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn swiglu_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.x + gid.y * nwg.x * WG;
  if (e >= s.R * s.F) {
    return;
  }
  let r = e / s.F;
  let f = e % s.F;
  let gate = gu[r * 2u * s.F + f];
  // exp(-gate) overflows to +inf for gate < -88, and gate / inf is the correct limit, -0.
  out[e] = gate / (1.0 + exp(-gate)) * gu[r * 2u * s.F + s.F + f];
}
