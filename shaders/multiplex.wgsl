// multiplex.wgsl: Multiplex Thinking's branch-and-merge step, after sample.wgsl's draw_step, for
// every sequence of a batch. While a sequence is thinking, K independent draws with replacement
// from its processed distribution q (slot j uses rngUniform(seed, sequence, d, j) with d the
// sequence's draw index, so slot 0 is draw_step's own token) are merged into the next position's
// input mixture:
//   reweighted: w_j = q(k_j) / sum_j' q(k_j')   (duplicates keep their multiplicity; sum 1)
//   averaged:   w_j = 1 / K
// Thinking ends at the step whose slot-0 draw is </think>; that step and every later one is
// discrete: indices all k_0, weights (1, 0, ..., 0). Greedy (temperature 0) draws rank 0 in every
// slot. The mixture feeds embedding.wgsl's gather in the next decode forward, so the KV cache holds
// what the mixture produced.
// Shapes: state: [N, 4] (sample.wgsl: rng sequence, status, generated, next position); dist:
//   [N, V, 2] (bits of q, token) by rank; kept: [N]; thinking: [N] (1 while thinking); indices,
//   weights: [N, K] (the next decode chunk's input); trace: [N, maxNew, K, 3] = (token, bits of
//   weight, bits of log q) per draw and slot (log q 0 on slots outside the trace).
// Bindings (group 0): 0 uniform MultiplexSizes | 1 state (read) | 2 dist (read) | 3 kept (read)
//   | 4 thinking (rw) | 5 indices (rw) | 6 weights (rw) | 7 trace (rw).
//   The trace is indexed by each sequence's draw index d = generated - 1 (after draw_step).
// Layout: one invocation per sequence (it walks its row of q once per slot); only sequences that
//   drew at this step act (kept > 0: rank_step zeroes kept for every other sequence).
//   Dispatch: ceil(N / WG) workgroups; guarded.
// override WG: invocations per workgroup (64).
// Reference: multiplexStep / discreteStep in src/decoding/multiplexReference.ts.
// Test: src/decoding/multiplex.gpu.test.ts (N in {2, 3, 4, 5, 67}, V in {9, 17, 23, 135, 257};
//   rows at different draw indices, rows that did not draw).

struct MultiplexSizes {
  N: u32,
  V: u32,
  K: u32,
  seed: u32,
  maxNew: u32,
  thinkEnd: u32,
  averaged: u32,
  greedy: u32,
}

override WG: u32 = 64u;

const MAX_K: u32 = 8u;

@group(0) @binding(0) var<uniform> s: MultiplexSizes;
@group(0) @binding(1) var<storage, read> state: array<u32>;
@group(0) @binding(2) var<storage, read> dist: array<u32>;
@group(0) @binding(3) var<storage, read> kept: array<u32>;
@group(0) @binding(4) var<storage, read_write> thinking: array<u32>;
@group(0) @binding(5) var<storage, read_write> indices: array<u32>;
@group(0) @binding(6) var<storage, read_write> weights: array<f32>;
@group(0) @binding(7) var<storage, read_write> trace: array<u32>;

fn qAt(r: u32, rank: u32) -> f32 {
  return bitcast<f32>(dist[2u * (r * s.V + rank)]);
}

fn idAt(r: u32, rank: u32) -> u32 {
  return dist[2u * (r * s.V + rank) + 1u];
}

// The rank u selects: the first rank with mass whose cumulative q exceeds u, else the last with mass.
fn drawRank(r: u32, count: u32, u: f32) -> u32 {
  var cumulative = 0.0;
  var last = 0u;
  for (var i = 0u; i < count; i++) {
    let q = qAt(r, i);
    if (q <= 0.0) {
      continue;
    }
    cumulative += q;
    last = i;
    if (cumulative > u) {
      return i;
    }
  }
  return last;
}

fn writeSlot(r: u32, at: u32, j: u32, token: u32, weight: f32, logQ: f32) {
  indices[r * s.K + j] = token;
  weights[r * s.K + j] = weight;
  trace[3u * (at * s.K + j)] = token;
  trace[3u * (at * s.K + j) + 1u] = bitcast<u32>(weight);
  trace[3u * (at * s.K + j) + 2u] = bitcast<u32>(logQ);
}

@compute @workgroup_size(WG)
fn multiplex_step(@builtin(global_invocation_id) gid: vec3<u32>) {
  let r = gid.x;
  if (r >= s.N || kept[r] == 0u) {
    return;
  }
  let count = kept[r];
  let drawn = state[4u * r + 2u] - 1u;
  let at = r * s.maxNew + drawn;
  var ranks: array<u32, MAX_K>;
  var total = 0.0;
  for (var j = 0u; j < s.K; j++) {
    var rank = 0u;
    if (s.greedy == 0u) {
      rank = drawRank(r, count, rngUniform(s.seed, state[4u * r], drawn, j));
    }
    ranks[j] = rank;
    total += qAt(r, rank);
  }
  let token = idAt(r, ranks[0]);
  let logQ0 = select(log(qAt(r, ranks[0])), 0.0, s.greedy != 0u);
  if (thinking[r] == 0u || token == s.thinkEnd) {
    thinking[r] = 0u;
    for (var j = 0u; j < s.K; j++) {
      writeSlot(r, at, j, token, select(0.0, 1.0, j == 0u), select(0.0, logQ0, j == 0u));
    }
    return;
  }
  for (var j = 0u; j < s.K; j++) {
    let q = qAt(r, ranks[j]);
    let weight = select(q / total, 1.0 / f32(s.K), s.averaged != 0u);
    writeSlot(r, at, j, idAt(r, ranks[j]), weight, select(log(q), 0.0, s.greedy != 0u));
  }
}
