// loss.wgsl: the training losses over the vocabulary, forward and backward in one pass per row,
// and the scores a policy-gradient step needs.
// w_r = mask[r] * invTotal (the host passes 1 / sum of the mask, so the loss is a mean over the
// rows that count; mask may hold weights other than 0 and 1). With q = softmax(logits[r]):
//   cross_entropy_rows: loss[r] = w_r (log sum exp(logits[r]) - logits[r, targets[r]])
//                       dLogits[r, v] = w_r (q_v - [v == targets[r]])
//   soft_kl_rows:       loss[r] = w_r sum_v p_v (log p_v - log q_v),  p = targetProbs[r]
//                       dLogits[r, v] = w_r (q_v - p_v)
//   log_prob_rows:      loss[r] = log q_{targets[r]},  loss[R + r] = -sum_v q_v log q_v (entropy)
// dLogits is written, not accumulated; the host (or a later reduction) sums loss[].
// Shapes: logits, dLogits, targetProbs: [R, V] f32; targets: [R] u32; mask, loss: [R] f32
//   (loss: [2R] for log_prob_rows).
// Bindings (group 0): 0 uniform LossSizes | 1 logits (read) | 2 targets (read) | 3 mask (read)
//   | 4 dLogits (rw) | 5 loss (rw) | 6 targetProbs (read); cross_entropy_rows leaves 6 out,
//   soft_kl_rows leaves 2 out, log_prob_rows binds only 0, 1, 2 and 5.
// Layout: one invocation per row (max, sum, write: walks over V); no barriers. Dispatch: ceil(R /
//   WG) workgroups over x and y; guarded.
// override WG: invocations per workgroup (4).
// Reference: crossEntropyForwardBackward, softTargetKlForwardBackward in src/model/referenceBackward.ts;
//   logProbRows in src/model/reference.ts.
// Test: src/model/kernels/backward.gpu.test.ts.

struct LossSizes {
  R: u32,
  V: u32,
  invTotal: f32,
}

override WG: u32 = 4u;

@group(0) @binding(0) var<uniform> s: LossSizes;
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> targets: array<u32>;
@group(0) @binding(3) var<storage, read> mask: array<f32>;
@group(0) @binding(4) var<storage, read_write> dLogits: array<f32>;
@group(0) @binding(5) var<storage, read_write> loss: array<f32>;
@group(0) @binding(6) var<storage, read> targetProbs: array<f32>;

// log sum exp of row `base`, and its max.
fn logSumExp(base: u32) -> vec2<f32> {
  var rowMax = -3.4e38;
  for (var v = 0u; v < s.V; v++) {
    rowMax = max(rowMax, logits[base + v]);
  }
  var sum = 0.0;
  for (var v = 0u; v < s.V; v++) {
    sum += exp(logits[base + v] - rowMax);
  }
  return vec2<f32>(rowMax + log(sum), rowMax);
}

fn rowOf(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}

@compute @workgroup_size(WG)
fn cross_entropy_rows(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = rowOf(gid, nwg);
  if (r >= s.R) {
    return;
  }
  let base = r * s.V;
  let w = mask[r] * s.invTotal;
  let lse = logSumExp(base).x;
  let wanted = targets[r];
  loss[r] = w * (lse - logits[base + min(wanted, s.V - 1u)]);
  for (var v = 0u; v < s.V; v++) {
    dLogits[base + v] = w * (exp(logits[base + v] - lse) - select(0.0, 1.0, v == wanted));
  }
}

@compute @workgroup_size(WG)
fn soft_kl_rows(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = rowOf(gid, nwg);
  if (r >= s.R) {
    return;
  }
  let base = r * s.V;
  let w = mask[r] * s.invTotal;
  let lse = logSumExp(base).x;
  var total = 0.0;
  for (var v = 0u; v < s.V; v++) {
    let p = targetProbs[base + v];
    let logQ = logits[base + v] - lse;
    if (p > 0.0) {
      total += p * (log(p) - logQ);
    }
    dLogits[base + v] = w * (exp(logQ) - p);
  }
  loss[r] = w * total;
}

@compute @workgroup_size(WG)
fn log_prob_rows(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = rowOf(gid, nwg);
  if (r >= s.R) {
    return;
  }
  let base = r * s.V;
  let lse = logSumExp(base).x;
  var entropy = 0.0;
  for (var v = 0u; v < s.V; v++) {
    let logQ = logits[base + v] - lse;
    entropy -= exp(logQ) * logQ;
  }
  loss[r] = logits[base + min(targets[r], s.V - 1u)] - lse;
  loss[s.R + r] = entropy;
}
