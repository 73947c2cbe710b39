// sample.wgsl: one generation step for each sequence of a batch — from its row of logits to the
// next token, on the GPU, so the decode loop needs no readback per token.
//   rank tokens by logit (ties to the lower id); q = softmax(logits / temperature), truncated to
//   the top-k ranks, then to the smallest prefix of ranks whose (top-k renormalised) mass reaches
//   top-p, renormalised; draw u = rngUniform(seed, sequence, step, 0) and take the first rank whose
//   cumulative q exceeds u. temperature 0 is greedy (rank 0, log q = 0). Records the token, log q
//   (the distribution actually sampled from), the entropy of q, optionally the top C candidates
//   (token, raw softmax, q) and the raw log-softmax, then advances the sequence's state.
// State per sequence (u32 x 4): (rng sequence, status, generated, next position). Status: 0
//   running, 1 <eos>, 2 maxNew reached, 3 out of positions, 4 stopped by the host (stop string or
//   cancel), 5 non-finite logits. A finished sequence gets count 0 in seqs, so the next forward
//   skips it (rope writes nothing, attention outputs zeros).
// Shapes: logits: [*, V] (row logitRows[r] for sequence r); state: [N, 4]; seqs: [N, 2] =
//   (offset, count) of the next decode chunk; next: [N] its input token; record: [N, maxNew, 3] =
//   (token, bits of log q, bits of entropy); candidates: [N, maxNew, C, 3] = (token, bits of raw p,
//   bits of q); rawLogSoftmax: [N, maxNew, V]. Optional outputs are bound to a small dummy when off.
// Bindings (group 0): 0 uniform SampleSizes | 1 logits (read) | 2 logitRows (read) | 3 state (rw)
//   | 4 seqs (rw) | 5 next (rw) | 6 record (rw) | 7 candidates (rw) | 8 rawLogSoftmax (rw).
// Layout: one single-invocation workgroup per sequence: it heap-sorts the (logit, id) pairs of its
//   row in workgroup memory, then walks the ranks in order (cumulative sums need that order) and
//   writes the records. No barriers. Dispatch: N workgroups over x and y; guarded.
// Variants measured here (bench `decode`): a 64-wide workgroup with a bitonic sort (28 barrier
//   stages for V = 135) cost ~1 ms per step on SwiftShader, more than the whole batch-1 forward's
//   norms and attention together; the heap sort by one invocation costs well under 0.1 ms.
// override MAX_V: capacity of the sort (1024).
// Reference: sampleRow in src/decoding/samplerReference.ts. Test: src/decoding/sampler.gpu.test.ts.

struct SampleSizes {
  N: u32,
  V: u32,
  temperature: f32,
  topK: u32,
  topP: f32,
  seed: u32,
  step: u32,
  maxNew: u32,
  eos: u32,
  S: u32,
  C: u32,
  logSoftmax: u32,
}

override MAX_V: u32 = 1024u;

@group(0) @binding(0) var<uniform> s: SampleSizes;
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> logitRows: array<u32>;
@group(0) @binding(3) var<storage, read_write> state: array<u32>;
@group(0) @binding(4) var<storage, read_write> seqs: array<u32>;
@group(0) @binding(5) var<storage, read_write> next: array<u32>;
@group(0) @binding(6) var<storage, read_write> record: array<u32>;
@group(0) @binding(7) var<storage, read_write> candidates: array<u32>;
@group(0) @binding(8) var<storage, read_write> rawLogSoftmax: array<f32>;

var<workgroup> keys: array<f32, MAX_V>;
var<workgroup> ids: array<u32, MAX_V>;

const LOWEST: f32 = -3.4e38;

// Whether (ka, ia) ranks before (kb, ib): higher logit first, ties to the lower id.
fn ranksBefore(ka: f32, ia: u32, kb: f32, ib: u32) -> bool {
  return ka > kb || (ka == kb && ia < ib);
}

fn isFinite(x: f32) -> bool {
  return x == x && abs(x) <= 3.4e38;
}

// Whether element i ranks after element j (is "worse"): the heap keeps the worst at its root.
fn worse(i: u32, j: u32) -> bool {
  return ranksBefore(keys[j], ids[j], keys[i], ids[i]);
}

fn swapAt(i: u32, j: u32) {
  let k = keys[i];
  keys[i] = keys[j];
  keys[j] = k;
  let d = ids[i];
  ids[i] = ids[j];
  ids[j] = d;
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

// Sorts keys/ids[0..n) into rank order (best first).
fn heapSort(n: u32) {
  for (var i = n / 2u; i > 0u; i--) {
    siftDown(i - 1u, n);
  }
  for (var end = n - 1u; end > 0u; end--) {
    swapAt(0u, end);
    siftDown(0u, end);
  }
}

@compute @workgroup_size(1)
fn sample_step(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let r = wid.x + wid.y * nwg.x;
  if (r >= s.N || state[4u * r + 1u] != 0u) {
    return;
  }
  let base = logitRows[r] * s.V;
  for (var i = 0u; i < s.V; i++) {
    let x = logits[base + i];
    // NaN ranks last (x == x is false); decideToken reports any non-finite row.
    keys[i] = select(LOWEST, x, x == x);
    ids[i] = i;
  }
  heapSort(s.V);
  decideToken(r, base);
}

// The processed distribution over the sorted ranks, the draw, the records, the raw log-softmax
// and the state update. keys/ids hold the row in rank order.
fn decideToken(r: u32, base: u32) {
  var allFinite = true;
  for (var i = 0u; i < s.V; i++) {
    allFinite = allFinite && isFinite(logits[base + i]);
  }
  let maxLogit = keys[0];
  var rawSum = 0.0;
  for (var i = 0u; i < s.V; i++) {
    rawSum += exp(keys[i] - maxLogit);
  }
  if (!allFinite) {
    state[4u * r + 1u] = 5u;
    seqs[2u * r + 1u] = 0u;
    return;
  }

  let greedy = s.temperature <= 0.0;
  let invT = select(1.0 / s.temperature, 0.0, greedy);
  let k = select(s.V, min(s.topK, s.V), s.topK > 0u);
  var kept = 1u;
  var keptSum = 1.0;
  if (!greedy) {
    var total = 0.0;
    var topKMass = 0.0;
    for (var i = 0u; i < s.V; i++) {
      let e = exp((keys[i] - maxLogit) * invT);
      total += e;
      if (i < k) {
        topKMass += e;
      }
    }
    kept = k;
    if (s.topP < 1.0) {
      var before = 0.0;
      kept = 0u;
      while (kept < k && before / topKMass < s.topP) {
        before += exp((keys[kept] - maxLogit) * invT);
        kept++;
      }
      kept = max(kept, 1u);
    }
    keptSum = 0.0;
    for (var i = 0u; i < kept; i++) {
      keptSum += exp((keys[i] - maxLogit) * invT);
    }
  }

  var chosen = 0u;
  var logProb = 0.0;
  var entropy = 0.0;
  if (!greedy) {
    let u = rngUniform(s.seed, state[4u * r], s.step, 0u);
    let logKeptSum = log(keptSum);
    chosen = kept - 1u;
    var cumulative = 0.0;
    var found = false;
    for (var i = 0u; i < kept; i++) {
      let scaled = (keys[i] - maxLogit) * invT;
      let e = exp(scaled);
      cumulative += e;
      if (!found && cumulative > u * keptSum) {
        chosen = i;
        found = true;
      }
      entropy -= (e / keptSum) * (scaled - logKeptSum);
    }
    logProb = (keys[chosen] - maxLogit) * invT - logKeptSum;
  }

  let token = ids[chosen];
  let at = r * s.maxNew + s.step;
  record[3u * at] = token;
  record[3u * at + 1u] = bitcast<u32>(logProb);
  record[3u * at + 2u] = bitcast<u32>(entropy);
  for (var c = 0u; c < min(s.C, s.V); c++) {
    let q = select(select(0.0, exp((keys[c] - maxLogit) * invT) / keptSum, c < kept), select(0.0, 1.0, c == 0u), greedy);
    let slot = 3u * (at * s.C + c);
    candidates[slot] = ids[c];
    candidates[slot + 1u] = bitcast<u32>(exp(keys[c] - maxLogit) / rawSum);
    candidates[slot + 2u] = bitcast<u32>(q);
  }

  if (s.logSoftmax != 0u) {
    let logSum = log(rawSum);
    for (var i = 0u; i < s.V; i++) {
      rawLogSoftmax[at * s.V + ids[i]] = keys[i] - maxLogit - logSum;
    }
  }

  let generated = state[4u * r + 2u] + 1u;
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
