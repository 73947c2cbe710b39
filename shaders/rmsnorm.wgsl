// rmsnorm.wgsl: RMSNorm over rows, as HF's LlamaRMSNorm (statistics in f32):
//   rstd[r] = 1 / sqrt(mean_c x[r, c]² + eps),  y[r, c] = x[r, c] * rstd[r] * w[c]
// rstd is kept for the backward.
// Shapes (f32, row-major): x, y: [R, C] with R = B*T; w: [C]; rstd: [R].
// Bindings (group 0): 0 uniform RmsNormSizes | 1 x (read) | 2 w (read) | 3 y (rw) | 4 rstd (rw).
// Layout: one invocation per row, which walks its row twice (sum of squares, then the scaled
//   write); no workgroup memory and no barriers. Dispatch: ceil(R / WG) workgroups over x and y.
// Variants measured here (bench `decode`, SwiftShader): one 64-wide workgroup per row with a
//   tree reduction took ~0.2 ms per dispatch at R = 1, C = 128 (barriers dominate); this takes a
//   few µs. For R in the thousands (prefill, training) rows still spread over both threads.
// override WG: invocations per workgroup (4: small grids still reach both SwiftShader threads).
// Reference: rmsnormForward in src/model/reference.ts. Test: src/model/kernels/forward.gpu.test.ts.

struct RmsNormSizes {
  R: u32,
  C: u32,
  eps: f32,
}

override WG: u32 = 4u;

@group(0) @binding(0) var<uniform> s: RmsNormSizes;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> rstd: array<f32>;

@compute @workgroup_size(WG)
fn rmsnorm_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = gid.x + gid.y * nwg.x * WG;
  if (row >= s.R) {
    return;
  }
  let base = row * s.C;
  var sumSquares = 0.0;
  for (var c = 0u; c < s.C; c++) {
    let v = x[base + c];
    sumSquares += v * v;
  }
  let r = inverseSqrt(sumSquares / f32(s.C) + s.eps);
  for (var c = 0u; c < s.C; c++) {
    y[base + c] = x[base + c] * r * w[c];
  }
  rstd[row] = r;
}
