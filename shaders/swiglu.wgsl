// swiglu.wgsl: the SwiGLU MLP's gate on the fused gate/up projection:
//   out[r, f] = silu(gu[r, f]) * gu[r, F + f],  silu(x) = x / (1 + e^-x)
// Shapes (f32, row-major): gu: [R, 2F] (gate columns, then up columns); out: [R, F].
// Bindings (group 0): 0 uniform SwigluSizes | 1 gu (read) | 2 out (rw), as array<vec4<f32>>
//   (the runtime pads every buffer to 16 bytes); element e is X[e >> 2][e & 3].
// Layout: one invocation per four consecutive f of a row: one vec4 load of gate and of up and one
//   vec4 store when F % 4 == 0 (each lane of a vec4 op computes what the scalar op did, so the
//   values are the same), element by element otherwise. One element per invocation, as before,
//   spent more time in invocation overhead than in arithmetic on SwiftShader.
//   Dispatch: ceil(R ceil(F / 4) / WG) over x and y; guarded.
// override WG: invocations per workgroup (64).
// Reference: swigluForward in src/model/reference.ts. Test: src/model/kernels/forward.gpu.test.ts.

struct SwigluSizes {
  R: u32,
  F: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> s: SwigluSizes;
@group(0) @binding(1) var<storage, read> gu: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> out: array<vec4<f32>>;

@compute @workgroup_size(WG)
fn swiglu_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let quads = (s.F + 3u) / 4u;
  let e = gid.x + gid.y * nwg.x * WG;
  if (e >= s.R * quads) {
    return;
  }
  let r = e / quads;
  let f0 = (e % quads) * 4u;
  let gate0 = r * 2u * s.F + f0;
  // exp(-gate) overflows to +inf for gate < -88, and gate / inf is the correct limit, -0.
  if (s.F % 4u == 0u) {
    let gate = gu[gate0 >> 2u];
    out[(r * s.F + f0) >> 2u] = gate / (vec4<f32>(1.0) + exp(-gate)) * gu[(gate0 + s.F) >> 2u];
    return;
  }
  for (var t = 0u; t < min(4u, s.F - f0); t++) {
    let g = gate0 + t;
    let u = g + s.F;
    let o = r * s.F + f0 + t;
    let gate = gu[g >> 2u][g & 3u];
    out[o >> 2u][o & 3u] = gate / (1.0 + exp(-gate)) * gu[u >> 2u][u & 3u];
  }
}
