// softmax.wgsl: softmax and log-softmax over the vocabulary, one row at a time:
//   log_softmax_rows: out[r, v] = x[r, v] - max_r - log sum_v exp(x[r, v] - max_r)
//   softmax_rows:     out[r, v] = exp(x[r, v] - max_r) / sum_v exp(x[r, v] - max_r)
// Shapes (f32, row-major): x, out: [R, V].
// Bindings (group 0): 0 uniform SoftmaxSizes | 1 x (read) | 2 out (rw).
// Layout: one invocation per row (max, sum, write: three walks over V); no barriers, which cost
//   more than the arithmetic on SwiftShader (see rmsnorm.wgsl). Dispatch: ceil(R / WG) workgroups
//   over x and y; guarded.
// override WG: invocations per workgroup (4).
// Reference: logSoftmaxForward, softmaxForward in src/model/reference.ts.
// Test: src/model/kernels/forward.gpu.test.ts.

struct SoftmaxSizes {
  R: u32,
  V: u32,
}

override WG: u32 = 4u;

@group(0) @binding(0) var<uniform> s: SoftmaxSizes;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

// (max, log sum exp(x - max)) of one row.
fn rowStats(base: u32) -> vec2<f32> {
  var rowMax = -3.4e38;
  for (var v = 0u; v < s.V; v++) {
    rowMax = max(rowMax, x[base + v]);
  }
  var sum = 0.0;
  for (var v = 0u; v < s.V; v++) {
    sum += exp(x[base + v] - rowMax);
  }
  return vec2<f32>(rowMax, log(sum));
}

fn rowIndex(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

@compute @workgroup_size(WG)
fn log_softmax_rows(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = rowIndex(gid, nwg);
  if (row >= s.R) {
    return;
  }
  let base = row * s.V;
  let stats = rowStats(base);
  for (var v = 0u; v < s.V; v++) {
    out[base + v] = x[base + v] - stats.x - stats.y;
  }
}

@compute @workgroup_size(WG)
fn softmax_rows(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = rowIndex(gid, nwg);
  if (row >= s.R) {
    return;
  }
  let base = row * s.V;
  let stats = rowStats(base);
  for (var v = 0u; v < s.V; v++) {
    out[base + v] = exp(x[base + v] - stats.x - stats.y);
  }
}
