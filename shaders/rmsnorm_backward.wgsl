// rmsnorm_backward.wgsl: the backward of rmsnorm.wgsl, y = x * rstd * w.
//   rmsnorm_backward_dx: dx[r, i] (+)= rstd (w_i dy_i) - rstd³ x_i / C * sum_j w_j dy_j x_j
//   rmsnorm_backward_dw: dw[i] (+)= sum_r dy[r, i] x[r, i] rstd[r]
// `accumulate` adds into the output (the residual stream's gradient, accumulated weight
// gradients) instead of overwriting it; the host sets it per entry point.
// Shapes (f32, row-major): dy, x, dx: [R, C]; w, dw: [C]; rstd: [R] (kept by the forward).
// Bindings (group 0): 0 uniform RmsNormBackwardSizes | 1 dy (read) | 2 x (read) | 3 w (read)
//   | 4 rstd (read) | 5 out (rw): dx for _dx, dw for _dw.
// Layout: _dx one invocation per row (two walks over C); _dw one invocation per column (a walk
//   over R) — no atomics, no barriers. Dispatch: ceil(R or C / WG) over x and y; guarded.
// override WG: invocations per workgroup (4).
// Reference: rmsnormBackward in src/model/referenceBackward.ts. Test: src/model/kernels/backward.gpu.test.ts.

struct RmsNormBackwardSizes {
  R: u32,
  C: u32,
  accumulate: u32,
}

override WG: u32 = 4u;

@group(0) @binding(0) var<uniform> s: RmsNormBackwardSizes;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> w: array<f32>;
@group(0) @binding(4) var<storage, read> rstd: array<f32>;
@group(0) @binding(5) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn rmsnorm_backward_dx(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = gid.x + gid.y * nwg.x * WG;
  if (row >= s.R) {
    return;
  }
  let base = row * s.C;
  let r = rstd[row];
  var dot = 0.0;
  for (var c = 0u; c < s.C; c++) {
    dot += w[c] * dy[base + c] * x[base + c];
  }
  let k = r * r * r / f32(s.C) * dot;
  for (var c = 0u; c < s.C; c++) {
    let g = r * w[c] * dy[base + c] - k * x[base + c];
    out[base + c] = select(g, out[base + c] + g, s.accumulate != 0u);
  }
}

@compute @workgroup_size(WG)
fn rmsnorm_backward_dw(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = gid.x + gid.y * nwg.x * WG;
  if (c >= s.C) {
    return;
  }
  var sum = 0.0;
  for (var row = 0u; row < s.R; row++) {
    sum += dy[row * s.C + c] * x[row * s.C + c] * rstd[row];
  }
  out[c] = select(sum, out[c] + sum, s.accumulate != 0u);
}
