// sample.wgsl: one generation step for each sequence of a batch — from its row of logits to the
// next token, on the GPU, so the decode loop needs no readback per token. Two entry points with
// the logits processors between them (the chain of src/decoding/logitsProcessors.ts):
//   rank_step: rank tokens by logit (ties to the lower id); q = softmax(logits / temperature),
//     truncated to the top-k ranks, then to the smallest prefix of ranks whose (top-k
//     renormalised) mass reaches top-p, then to the ranks with q >= min-p * q_max, renormalised.
//     temperature 0 is greedy (q one-hot on rank 0). Writes q in rank order into `dist` with the
//     kept count, the candidates' ids and raw softmax, the raw log-softmax and, when asked, the
//     stage snapshots raw / temperature / truncated of the top C ranks. A sequence that does not
//     draw at this step gets kept 0 (multiplex.wgsl reads that as "did not draw").
//   (crowding.wgsl may reweight dist here: CraEG.)
//   draw_step: u = rngUniform(seed, sequence, d, 0) with d the sequence's draw index (its
//     `generated` count), the first rank whose cumulative q exceeds u (greedy: rank 0, log q = 0).
//     Records the token, log q (the distribution actually sampled from), the entropy of q, the
//     candidates' q and the final stage snapshot at record slot d, then advances the state.
// Every record is indexed by the sequence's own draw index, not by a global step, so that the rows
//   of a generation session can be added, held or fed teacher-forced tokens at different times.
// State per sequence (u32 x 4): (rng sequence, status, generated, next position). Status: 0
//   running, 1 <eos>, 2 maxNew reached, 3 out of positions, 4 stopped by the host (stop string or
//   cancel), 5 non-finite logits, 6 held by the host (keeps its cache, draws nothing). Only status 0
//   draws. A finished sequence gets count 0 in seqs, so the next forward skips it (rope writes
//   nothing, attention outputs zeros). A running sequence with no record slot left (generated >=
//   maxNew) is marked 2 without drawing.
// Shapes: logits: [*, V] (row logitRows[r] for sequence r); state: [N, 4]; seqs: [N, 2] =
//   (offset, count) of the next decode chunk; next: [N] its input token; record: [N, maxNew, 3] =
//   (token, bits of log q, bits of entropy); candidates: [N, maxNew, C, 3] = (token, bits of raw p,
//   bits of q); rawLogSoftmax: [N, maxNew, V]; dist: [N, V, 2] = (bits of the sort key, then of q;
//   token) by rank; kept: [N]; stages: [N, maxNew, 4, C] = raw, temperature, truncated, final p of
//   the top C ranks. Optional outputs are bound to a small dummy when off.
// Bindings (group 0): 0 uniform SampleSizes | 1 logits (read) | 2 logitRows (read) | 3 state (rw)
//   | 4 seqs (rw) | 5 next (rw) | 6 record (rw) | 7 candidates (rw) | 8 rawLogSoftmax (rw)
//   | 9 dist (rw) | 10 kept (rw) | 11 stages (rw). Each entry binds only what it uses.
// Layout: one single-invocation workgroup per sequence: rank_step heap-sorts the (logit, id) pairs
//   of its row in place in dist, then walks the ranks in order (cumulative sums need that order).
//   No barriers, no workgroup memory. Dispatch: N workgroups over x and y; guarded.
// Variants measured here (bench `decode`): a 64-wide workgroup with a bitonic sort (28 barrier
//   stages for V = 135) cost ~1 ms per step on SwiftShader, more than the whole batch-1 forward's
//   norms and attention together; the heap sort by one invocation costs well under 0.1 ms. The
//   sort in workgroup memory (capacity 1024) took ~1.1 s to compile; in storage it needs none.
// Reference: sampleRow in src/decoding/samplerReference.ts. Test: src/decoding/sampler.gpu.test.ts
//   (N in {1, 2, 3, 5, 9}, V in {2, 17, 135, 1024}; rows at different draw indices, held, full).

struct SampleSizes {
  N: u32,
  V: u32,
  temperature: f32,
  topK: u32,
  topP: f32,
  minP: f32,
  seed: u32,
  maxNew: u32,
  eos: u32,
  S: u32,
  C: u32,
  logSoftmax: u32,
  stages: u32,
}

@group(0) @binding(0) var<uniform> s: SampleSizes;
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> logitRows: array<u32>;
@group(0) @binding(3) var<storage, read_write> state: array<u32>;
@group(0) @binding(4) var<storage, read_write> seqs: array<u32>;
@group(0) @binding(5) var<storage, read_write> next: array<u32>;
@group(0) @binding(6) var<storage, read_write> record: array<u32>;
@group(0) @binding(7) var<storage, read_write> candidates: array<u32>;
@group(0) @binding(8) var<storage, read_write> rawLogSoftmax: array<f32>;
@group(0) @binding(9) var<storage, read_write> dist: array<u32>;
@group(0) @binding(10) var<storage, read_write> kept: array<u32>;
@group(0) @binding(11) var<storage, read_write> stages: array<f32>;

const LOWEST: f32 = -3.4e38;

// The first dist element of this workgroup's sequence.
var<private> rowBase: u32;

fn keyAt(i: u32) -> f32 {
  return bitcast<f32>(dist[2u * (rowBase + i)]);
}

fn idAt(i: u32) -> u32 {
  return dist[2u * (rowBase + i) + 1u];
}

fn setKey(i: u32, key: f32) {
  dist[2u * (rowBase + i)] = bitcast<u32>(key);
}

// Whether (ka, ia) ranks before (kb, ib): higher logit first, ties to the lower id.
fn ranksBefore(ka: f32, ia: u32, kb: f32, ib: u32) -> bool {
  return ka > kb || (ka == kb && ia < ib);
}

fn isFinite(x: f32) -> bool {
  return x == x && abs(x) <= 3.4e38;
}

// Whether element i ranks after element j (is "worse"): the heap keeps the worst at its root.
fn worse(i: u32, j: u32) -> bool {
  return ranksBefore(keyAt(j), idAt(j), keyAt(i), idAt(i));
}

fn swapAt(i: u32, j: u32) {
  let a = 2u * (rowBase + i);
  let b = 2u * (rowBase + j);
  let key = dist[a];
  let id = dist[a + 1u];
  dist[a] = dist[b];
  dist[a + 1u] = dist[b + 1u];
  dist[b] = key;
  dist[b + 1u] = id;
}

fn siftDown(start: u32, end: u32) {
  var root = start;
  loop {
    let child = 2u * root + 1u;
    if (child >= end) {
      break;
    }
    var pick = child;
    if (child + 1u < end && worse(child + 1u, child)) {
      pick = child + 1u;
    }
    if (!worse(pick, root)) {
      break;
    }
    swapAt(root, pick);
    root = pick;
  }
}

// Sorts the row's dist[0..n) into rank order (best first).
fn heapSort(n: u32) {
  for (var i = n / 2u; i > 0u; i--) {
    siftDown(i - 1u, n);
  }
  for (var end = n - 1u; end > 0u; end--) {
    swapAt(0u, end);
    siftDown(0u, end);
  }
}

fn sequenceOf(wid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return wid.x + wid.y * nwg.x;
}

fn stageSlot(at: u32, stage: u32, c: u32) -> u32 {
  return (at * 4u + stage) * s.C + c;
}

@compute @workgroup_size(1)
fn rank_step(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = sequenceOf(wid, nwg);
  if (r >= s.N) {
    return;
  }
  if (state[4u * r + 1u] != 0u) {
    kept[r] = 0u;
    return;
  }
  let drawn = state[4u * r + 2u];
  if (drawn >= s.maxNew) {
    state[4u * r + 1u] = 2u;
    seqs[2u * r + 1u] = 0u;
    kept[r] = 0u;
    return;
  }
  rowBase = r * s.V;
  let base = logitRows[r] * s.V;
  var allFinite = true;
  for (var i = 0u; i < s.V; i++) {
    let x = logits[base + i];
    allFinite = allFinite && isFinite(x);
    // NaN ranks last (x == x is false).
    dist[2u * (rowBase + i)] = bitcast<u32>(select(LOWEST, x, x == x));
    dist[2u * (rowBase + i) + 1u] = i;
  }
  if (!allFinite) {
    state[4u * r + 1u] = 5u;
    seqs[2u * r + 1u] = 0u;
    kept[r] = 0u;
    return;
  }
  heapSort(s.V);

  let maxLogit = keyAt(0u);
  var rawSum = 0.0;
  for (var i = 0u; i < s.V; i++) {
    rawSum += exp(keyAt(i) - maxLogit);
  }
  let greedy = s.temperature <= 0.0;
  let invT = select(1.0 / s.temperature, 0.0, greedy);
  let k = select(s.V, min(s.topK, s.V), s.topK > 0u);
  var count = 1u;
  var total = 1.0;
  var keptSum = 1.0;
  if (!greedy) {
    total = 0.0;
    var topKMass = 0.0;
    for (var i = 0u; i < s.V; i++) {
      let e = exp((keyAt(i) - maxLogit) * invT);
      total += e;
      if (i < k) {
        topKMass += e;
      }
    }
    count = k;
    if (s.topP < 1.0) {
      var before = 0.0;
      count = 0u;
      while (count < k && before / topKMass < s.topP) {
        before += exp((keyAt(count) - maxLogit) * invT);
        count++;
      }
      count = max(count, 1u);
    }
    if (s.minP > 0.0) {
      // q_i >= minP * q_0 on the truncated distribution: e_i >= minP * e_0, and e_0 = 1.
      var above = 1u;
      while (above < count && exp((keyAt(above) - maxLogit) * invT) >= s.minP) {
        above++;
      }
      count = above;
    }
    keptSum = 0.0;
    for (var i = 0u; i < count; i++) {
      keptSum += exp((keyAt(i) - maxLogit) * invT);
    }
  }

  let at = r * s.maxNew + drawn;
  for (var c = 0u; c < min(s.C, s.V); c++) {
    let raw = exp(keyAt(c) - maxLogit) / rawSum;
    let e = select(exp((keyAt(c) - maxLogit) * invT), select(0.0, 1.0, c == 0u), greedy);
    let slot = 3u * (at * s.C + c);
    candidates[slot] = idAt(c);
    candidates[slot + 1u] = bitcast<u32>(raw);
    if (s.stages != 0u) {
      stages[stageSlot(at, 0u, c)] = raw;
      stages[stageSlot(at, 1u, c)] = e / total;
      stages[stageSlot(at, 2u, c)] = select(0.0, e / keptSum, c < count);
    }
  }
  if (s.logSoftmax != 0u) {
    let logSum = log(rawSum);
    for (var i = 0u; i < s.V; i++) {
      rawLogSoftmax[at * s.V + idAt(i)] = keyAt(i) - maxLogit - logSum;
    }
  }
  for (var i = 0u; i < s.V; i++) {
    let q = select(exp((keyAt(i) - maxLogit) * invT) / keptSum, select(0.0, 1.0, i == 0u), greedy);
    setKey(i, select(0.0, q, i < count));
  }
  kept[r] = count;
}

@compute @workgroup_size(1)
fn draw_step(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = sequenceOf(wid, nwg);
  if (r >= s.N || state[4u * r + 1u] != 0u) {
    return;
  }
  rowBase = r * s.V;
  let drawn = state[4u * r + 2u];
  let count = kept[r];
  var chosen = 0u;
  var logProb = 0.0;
  var entropy = 0.0;
  if (s.temperature > 0.0) {
    let u = rngUniform(s.seed, state[4u * r], drawn, 0u);
    chosen = count - 1u;
    var cumulative = 0.0;
    var found = false;
    for (var i = 0u; i < count; i++) {
      let q = keyAt(i);
      cumulative += q;
      if (!found && q > 0.0 && cumulative > u) {
        chosen = i;
        found = true;
      }
      if (q > 0.0) {
        entropy -= q * log(q);
      }
    }
    // A draw past the cumulative sum's rounding takes the last rank that has mass.
    while (chosen > 0u && keyAt(chosen) <= 0.0) {
      chosen--;
    }
    logProb = log(keyAt(chosen));
  }

  let token = idAt(chosen);
  let at = r * s.maxNew + drawn;
  record[3u * at] = token;
  record[3u * at + 1u] = bitcast<u32>(logProb);
  record[3u * at + 2u] = bitcast<u32>(entropy);
  for (var c = 0u; c < min(s.C, s.V); c++) {
    candidates[3u * (at * s.C + c) + 2u] = bitcast<u32>(keyAt(c));
    if (s.stages != 0u) {
      stages[stageSlot(at, 3u, c)] = keyAt(c);
    }
  }

  let generated = drawn + 1u;
  let position = state[4u * r + 3u];
  state[4u * r + 2u] = generated;
  state[4u * r + 3u] = position + 1u;
  next[r] = token;
  var done = 0u;
  if (token == s.eos) {
    done = 1u;
  } else if (generated >= s.maxNew) {
    done = 2u;
  } else if (position >= s.S) {
    done = 3u;
  }
  state[4u * r + 1u] = done;
  seqs[2u * r] = min(position, s.S - 1u);
  seqs[2u * r + 1u] = select(0u, 1u, done == 0u);
}
