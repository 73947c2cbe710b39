// crowding.wgsl: embedding-space crowding of each sequence's next-token distribution and CraEG's
// reweighting of it (our reconstruction, docs/methods/craeg.md), between sample.wgsl's rank_step
// and draw_step. Per sequence and step:
//   S = the first n <= 32 ranks of dist with q > 1e-12 (within the kept count), p = q renormalised
//   over S; ê_v = E_v / ‖E_v‖ for the rows of the tied embedding; s_uv = max(0, cos(ê_u, ê_v)).
//   token crowding c_v = Σ_{u≠v} p_u s_uv / (1 − p_v) (0 when p_v = 1), clamped to [0, 1];
//   step crowding  C_t = Σ_{u≠v} p_u p_v s_uv / (1 − Σ p_u²) (0 when Σ p_u² ≈ 1);
//   heavy set H: p_v >= ε · p_max and c_v >= τ; w_v = c_v (linear) or c_v² (non-linear);
//   λ_t = κ C_t Σ_H p_v / Σ_H p_v w_v, clipped so that λ_t w_v <= 1 − δ;
//   q'_v = q_v (1 − λ_t w_v) on H, then every kept rank divided by 1 − Σ_H q_v λ_t w_v.
//   reweight = 0 only measures. Records (C_t, λ_t, n, c_0 .. c_31) when asked, at the sequence's
//   own draw index (its `generated` count, which draw_step advances after this kernel) like every
//   record of sample.wgsl, so that the rows of a generation session can be at different draws.
// Two entry points. similarity_table, once per generation: similarity[u, v] = max(0, cos(E_u, E_v))
//   over the whole vocabulary (V^2 dot products of length d), so that craeg_step, every step, only
//   looks pairs up (n^2 reads instead of n^2 d multiply-adds per sequence and step).
// Shapes: state [N, 4] (sample.wgsl's; only status 0 rows run); dist [N, V, 2] = (bits of q,
//   token) by rank; kept [N]; embedding [V, d]; similarity [V, V]; crowding [N, maxNew, 35], row
//   r's step at [r, generated]. generated < maxNew for every row that gets that far: rank_step
//   gives a row with no slot left kept 0, so it has no candidates here and writes nothing.
// Bindings (group 0): 0 uniform CrowdingSizes | 1 state (read) | 2 dist (rw) | 3 kept (read)
//   | 4 embedding (read) | 5 crowding (rw) | 6 similarity (rw). Each entry binds what it uses.
// Layout: craeg_step: one 32-wide workgroup per sequence, invocation i owns candidate rank i;
//   invocation 0 reduces the 32 partial sums (no tree: 32 values). The row's status is read once
//   into workgroup memory so every barrier stays in uniform control flow. Dispatch: N workgroups
//   over x and y. similarity_table: 64-wide workgroups over the V^2 pairs, guarded.
// Reference: crowdStep in src/decoding/crowdingReference.ts. Test: src/decoding/crowding.gpu.test.ts
//   (N in {1, 3, 5, 7}, V in {12, 17, 23, 41, 135}; rows at different draw indices, held, full).

struct CrowdingSizes {
  N: u32,
  V: u32,
  d: u32,
  epsilon: f32,
  tau: f32,
  kappa: f32,
  delta: f32,
  nonlinear: u32,
  reweight: u32,
  maxNew: u32,
  record: u32,
}

@group(0) @binding(0) var<uniform> s: CrowdingSizes;
@group(0) @binding(1) var<storage, read> state: array<u32>;
@group(0) @binding(2) var<storage, read_write> dist: array<u32>;
@group(0) @binding(3) var<storage, read> kept: array<u32>;
@group(0) @binding(4) var<storage, read> embedding: array<f32>;
@group(0) @binding(5) var<storage, read_write> crowding: array<f32>;
@group(0) @binding(6) var<storage, read_write> similarity: array<f32>;

const CANDIDATES: u32 = 32u;
const RECORD: u32 = 35u;
// Ranks with less probability carry no mass (MIN_CANDIDATE_MASS in the reference).
const MIN_MASS: f32 = 1e-12;

var<workgroup> p: array<f32, 32>;
var<workgroup> ids: array<u32, 32>;
var<workgroup> near: array<f32, 32>;
var<workgroup> crowd: array<f32, 32>;
var<workgroup> candidateCount: u32;
var<workgroup> candidateMass: f32;
var<workgroup> lambdaShared: f32;
var<workgroup> scaleShared: f32;

@compute @workgroup_size(64)
fn similarity_table(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let pair = gid.x + gid.y * nwg.x * 64u;
  if (pair >= s.V * s.V) {
    return;
  }
  let u = pair / s.V;
  let v = pair % s.V;
  var dot = 0.0;
  var uu = 0.0;
  var vv = 0.0;
  for (var k = 0u; k < s.d; k++) {
    let a = embedding[u * s.d + k];
    let b = embedding[v * s.d + k];
    dot += a * b;
    uu += a * a;
    vv += b * b;
  }
  similarity[pair] = select(0.0, max(0.0, dot * inverseSqrt(uu) * inverseSqrt(vv)), uu > 0.0 && vv > 0.0);
}

fn weightOf(c: f32) -> f32 {
  return select(c, c * c, s.nonlinear != 0u);
}

@compute @workgroup_size(32)
fn craeg_step(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) i: u32,
) {
  let r = wid.x + wid.y * nwg.x;
  let base = r * s.V;
  if (i == 0u) {
    var n = 0u;
    var mass = 0.0;
    if (r < s.N && state[4u * r + 1u] == 0u) {
      let limit = min(CANDIDATES, kept[r]);
      while (n < limit && bitcast<f32>(dist[2u * (base + n)]) > MIN_MASS) {
        mass += bitcast<f32>(dist[2u * (base + n)]);
        n++;
      }
    }
    candidateCount = n;
    candidateMass = mass;
  }
  let n = workgroupUniformLoad(&candidateCount);
  if (n == 0u) {
    return;
  }
  let mass = workgroupUniformLoad(&candidateMass);
  if (i < n) {
    ids[i] = dist[2u * (base + i) + 1u];
    p[i] = bitcast<f32>(dist[2u * (base + i)]) / mass;
  }
  workgroupBarrier();
  if (i < n) {
    var sum = 0.0;
    for (var j = 0u; j < n; j++) {
      if (j != i) {
        sum += p[j] * similarity[ids[i] * s.V + ids[j]];
      }
    }
    near[i] = sum;
    crowd[i] = select(0.0, clamp(sum / (1.0 - p[i]), 0.0, 1.0), 1.0 - p[i] > 0.0);
  }
  workgroupBarrier();
  if (i == 0u) {
    var pairs = 0.0;
    var squares = 0.0;
    var heavyMass = 0.0;
    var weighted = 0.0;
    var wMax = 0.0;
    for (var j = 0u; j < n; j++) {
      pairs += p[j] * near[j];
      squares += p[j] * p[j];
      if (p[j] >= s.epsilon * p[0] && crowd[j] >= s.tau) {
        heavyMass += p[j];
        weighted += p[j] * weightOf(crowd[j]);
        wMax = max(wMax, weightOf(crowd[j]));
      }
    }
    let stepCrowding = select(0.0, clamp(pairs / (1.0 - squares), 0.0, 1.0), 1.0 - squares > 1e-6);
    var lambda = select(0.0, s.kappa * stepCrowding * heavyMass / weighted, weighted > 0.0);
    if (wMax > 0.0) {
      lambda = min(lambda, (1.0 - s.delta) / wMax);
    }
    var removed = 0.0;
    for (var j = 0u; j < n; j++) {
      if (p[j] >= s.epsilon * p[0] && crowd[j] >= s.tau) {
        removed += p[j] * mass * lambda * weightOf(crowd[j]);
      }
    }
    lambdaShared = lambda;
    scaleShared = 1.0 / (1.0 - removed);
    if (s.record != 0u) {
      let at = (r * s.maxNew + state[4u * r + 2u]) * RECORD;
      crowding[at] = stepCrowding;
      crowding[at + 1u] = lambda;
      crowding[at + 2u] = f32(n);
      for (var j = 0u; j < CANDIDATES; j++) {
        crowding[at + 3u + j] = select(0.0, crowd[j], j < n);
      }
    }
  }
  workgroupBarrier();
  if (s.reweight == 0u) {
    return;
  }
  let lambda = lambdaShared;
  if (lambda <= 0.0) {
    return;
  }
  let scale = scaleShared;
  let count = kept[r];
  for (var t = i; t < count; t += CANDIDATES) {
    var factor = scale;
    if (t < n && p[t] >= s.epsilon * p[0] && crowd[t] >= s.tau) {
      factor = scale * (1.0 - lambda * weightOf(crowd[t]));
    }
    dist[2u * (base + t)] = bitcast<u32>(bitcast<f32>(dist[2u * (base + t)]) * factor);
  }
}
