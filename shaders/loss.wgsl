// loss.wgsl: the training losses over the vocabulary, forward and backward in one pass per row,
// and the scores a policy-gradient step needs.
// Each row has TK targets (1 for next-token training; K for a Multiplex Thinking step, whose K
// draws are all targets of one position). w_rj = mask[r, j] * invTotal (the host passes 1 / sum
// of the mask, so the loss is a mean over what counts; mask may hold weights other than 0 and 1).
// With q = softmax(logits[r]) and t_rj = targets[r, j]:
//   cross_entropy_rows: loss[r] = sum_j w_rj (log sum exp(logits[r]) - logits[r, t_rj])
//                       dLogits[r, v] = sum_j w_rj (q_v - [v == t_rj])
//   soft_kl_rows:       loss[r] = w_r sum_v p_v (log p_v - log q_v),  p = targetProbs[r]  (TK = 1)
//                       dLogits[r, v] = w_r (q_v - p_v)
//   log_prob_rows:      loss[r TK + j] = log q_{t_rj},  loss[R TK + r] = -sum_v q_v log q_v (entropy)
// dLogits is written, not accumulated; the host (or a later reduction) sums loss[].
// Shapes: logits, dLogits, targetProbs: [R, V] f32; targets, mask: [R, TK] u32 / f32; loss: [R] f32
//   (loss: [R TK + R] for log_prob_rows).
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
  TK: u32,
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
  let lse = logSumExp(base).x;
  var total = 0.0;
  var rowLoss = 0.0;
  for (var j = 0u; j < s.TK; j++) {
    let w = mask[r * s.TK + j] * s.invTotal;
    total += w;
    rowLoss += w * (lse - logits[base + min(targets[r * s.TK + j], s.V - 1u)]);
  }
  loss[r] = rowLoss;
  for (var v = 0u; v < s.V; v++) {
    var hits = 0.0;
    for (var j = 0u; j < s.TK; j++) {
      hits += select(0.0, mask[r * s.TK + j] * s.invTotal, v == targets[r * s.TK + j]);
    }
    dLogits[base + v] = total * exp(logits[base + v] - lse) - hits;
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
  for (var j = 0u; j < s.TK; j++) {
    loss[r * s.TK + j] = logits[base + min(targets[r * s.TK + j], s.V - 1u)] - lse;
  }
  loss[s.R * s.TK + r] = entropy;
}
