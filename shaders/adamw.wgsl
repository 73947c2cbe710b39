// adamw.wgsl: the optimizer step on the GPU, with global-norm clipping computed on the GPU too, so
// a training step needs no readback.
//   sum_squares: partials[outOffset + i] = sum of grad² over elements [i CHUNK, (i + 1) CHUNK)
//   clip_scale:  norm = sqrt(sum of partials[0..partialCount)); stats = (norm, min(1, clipNorm /
//                (norm + 1e-6)))   (one invocation)
//   adamw_step:  with g = grad * stats.y, as torch.optim.AdamW:
//                m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g²;
//                param = param (1 - lr wd) - (lr / bias1) m / (sqrt(v) / sqrt(bias2) + eps)
// Shapes (f32): param, grad, m, v: [n] (one tensor per dispatch); partials: [all chunks of all
//   tensors]; stats: [2].
// Bindings (group 0): 0 uniform AdamWSizes | 1 param (rw) | 2 grad (read) | 3 m (rw) | 4 v (rw)
//   | 5 stats (rw) | 6 partials (rw). sum_squares binds 2 and 6, clip_scale 5 and 6, adamw_step 1..5.
// Layout: adamw_step one invocation per element; sum_squares one per chunk of CHUNK elements;
//   no atomics, no barriers. Dispatch over x and y; guarded.
// override WG: invocations per workgroup (64).
// Reference: src/train/optimizerReference.ts. Test: src/train/adamw.gpu.test.ts.

struct AdamWSizes {
  n: u32,
  outOffset: u32,
  partialCount: u32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  eps: f32,
  weightDecay: f32,
  bias1: f32,
  bias2: f32,
  clipNorm: f32,
}

override WG: u32 = 64u;
const CHUNK: u32 = 1024u;

@group(0) @binding(0) var<uniform> s: AdamWSizes;
@group(0) @binding(1) var<storage, read_write> param: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;
@group(0) @binding(5) var<storage, read_write> stats: array<f32>;
@group(0) @binding(6) var<storage, read_write> partials: array<f32>;

fn flatIndex(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

@compute @workgroup_size(WG)
fn sum_squares(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let chunk = flatIndex(gid, nwg);
  let start = chunk * CHUNK;
  if (start >= s.n) {
    return;
  }
  var sum = 0.0;
  for (var i = start; i < min(start + CHUNK, s.n); i++) {
    sum += grad[i] * grad[i];
  }
  partials[s.outOffset + chunk] = sum;
}

@compute @workgroup_size(1)
fn clip_scale() {
  var sum = 0.0;
  for (var i = 0u; i < s.partialCount; i++) {
    sum += partials[i];
  }
  let norm = sqrt(sum);
  stats[0] = norm;
  stats[1] = min(1.0, s.clipNorm / (norm + 1e-6));
}

@compute @workgroup_size(WG)
fn adamw_step(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flatIndex(gid, nwg);
  if (i >= s.n) {
    return;
  }
  let g = grad[i] * stats[1];
  let mi = s.beta1 * m[i] + (1.0 - s.beta1) * g;
  let vi = s.beta2 * v[i] + (1.0 - s.beta2) * g * g;
  m[i] = mi;
  v[i] = vi;
  let denom = sqrt(vi) / sqrt(s.bias2) + s.eps;
  param[i] = param[i] * (1.0 - s.lr * s.weightDecay) - (s.lr / s.bias1) * (mi / denom);
}
