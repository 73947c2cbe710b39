// softmax.wgsl: softmax and log-softmax over the vocabulary, one row at a time:
//   log_softmax_rows: out[r, v] = x[r, v] - max_r - log sum_v exp(x[r, v] - max_r)
//   softmax_rows:     out[r, v] = exp(x[r, v] - max_r) / sum_v exp(x[r, v] - max_r)
// Shapes (f32, row-major): x, out: [R, V].
// Bindings (group 0): 0 uniform SoftmaxSizes | 1 x (read) | 2 out (rw).
// Layout: one workgroup per row; WG invocations stride over V, tree reductions of the max and the
//   sum in workgroup memory (shaders/reduce.wgsl, appended by the host).
//   Dispatch: R workgroups over x and y (x <= 65535); guarded per row.
// override WG: invocations per workgroup, a power of two (64).
// Reference: logSoftmaxForward, softmaxForward in src/model/reference.ts.
// Test: src/model/kernels/forward.gpu.test.ts.

struct SoftmaxSizes {
  R: u32,
  V: u32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> s: SoftmaxSizes;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

// Row statistics (max, log sum exp(x - max)) of row `row`, shared by the whole workgroup.
fn rowStats(row: u32, lid: u32) -> vec2<f32> {
  let base = row * s.V;
  var localMax = -3.4e38;
  for (var v = lid; v < s.V; v += WG) {
    localMax = max(localMax, x[base + v]);
  }
  let rowMax = workgroupMax(lid, localMax);
  var localSum = 0.0;
  for (var v = lid; v < s.V; v += WG) {
    localSum += exp(x[base + v] - rowMax);
  }
  return vec2<f32>(rowMax, log(workgroupSum(lid, localSum)));
}

@compute @workgroup_size(WG)
fn log_softmax_rows(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= s.R) {
    return;
  }
  let stats = rowStats(row, lid);
  for (var v = lid; v < s.V; v += WG) {
    out[row * s.V + v] = x[row * s.V + v] - stats.x - stats.y;
  }
}

@compute @workgroup_size(WG)
fn softmax_rows(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= s.R) {
    return;
  }
  let stats = rowStats(row, lid);
  for (var v = lid; v < s.V; v += WG) {
    out[row * s.V + v] = exp(x[row * s.V + v] - stats.x - stats.y);
  }
}
