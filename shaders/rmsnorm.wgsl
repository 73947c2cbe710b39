// rmsnorm.wgsl: RMSNorm over rows, as HF's LlamaRMSNorm (statistics in f32):
//   rstd[r] = 1 / sqrt(mean_c x[r, c]² + eps),  y[r, c] = x[r, c] * rstd[r] * w[c]
// rstd is kept for the backward.
// Shapes (f32, row-major): x, y: [R, C] with R = B*T; w: [C]; rstd: [R].
// Bindings (group 0): 0 uniform RmsNormSizes | 1 x (read) | 2 w (read) | 3 y (rw) | 4 rstd (rw).
// Layout: one workgroup per row; its WG invocations stride over C, then a tree reduction in
//   workgroup memory (shaders/reduce.wgsl, appended by the host).
//   Dispatch: R workgroups over x and y (x <= 65535), row = x + y * (x workgroups); guarded.
// override WG: invocations per workgroup, a power of two (64).
// Reference: rmsnormForward in src/model/reference.ts. Test: src/model/kernels/forward.gpu.test.ts.

struct RmsNormSizes {
  R: u32,
  C: u32,
  eps: f32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> s: RmsNormSizes;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> rstd: array<f32>;

@compute @workgroup_size(WG)
fn rmsnorm_forward(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  // The row is the same for the whole workgroup, so the early return keeps barriers uniform.
  let row = wid.x + wid.y * nwg.x;
  if (row >= s.R) {
    return;
  }
  let base = row * s.C;
  var sumSquares = 0.0;
  for (var c = lid; c < s.C; c += WG) {
    let v = x[base + c];
    sumSquares += v * v;
  }
  let r = inverseSqrt(workgroupSum(lid, sumSquares) / f32(s.C) + s.eps);
  for (var c = lid; c < s.C; c += WG) {
    y[base + c] = x[base + c] * r * w[c];
  }
  if (lid == 0u) {
    rstd[row] = r;
  }
}
