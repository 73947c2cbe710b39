// attention.wgsl: causal multi-head attention of a chunk's query rows against the KV cache, with
// grouped KV heads. Row (b, t) sits at position p = offsets[b] + t and attends to cache positions
// 0..p; query head h reads KV head h / (H / KV):
//   probs[b, h, t, s] = softmax_s(q[b, t, h, ·] · kCache[b, kv, s, ·] * scale)   s <= p, else 0
//   out[b, t, h, ·]   = sum_s probs[b, h, t, s] * vCache[b, kv, s, ·]
// Padding rows (t >= counts[b]) get out = 0 and probs = 0. probs is always written: it is the
// scratch of the softmax, the Attention page's heatmap and what the backward reads.
// Shapes (f32 / u32, row-major): q, out: [B*T, H*D]; kCache, vCache: [Bc, KV, S, D] (Bc >= B);
//   seqs: [B, 2] = (offset, count); probs: [B, H, T, S].
// Bindings (group 0): 0 uniform AttentionSizes | 1 q (read) | 2 kCache (read) | 3 vCache (read)
//   | 4 seqs (read) | 5 probs (rw) | 6 out (rw).
// Layout: one workgroup per (b, h, t) query row; its WG invocations share the row's keys
//   (s = lid, lid + WG, ...) for the scores, reduce max and sum in workgroup memory, then share
//   the D output columns. A thread re-reads only the probs it wrote until the storage barrier.
//   No loop that holds a barrier depends on the data, so control flow at barriers is uniform.
//   Reductions: shaders/reduce.wgsl, appended by the host.
//   Dispatch: B*H*T workgroups over x and y (x <= 65535); guarded.
// override WG: invocations per workgroup, a power of two (64).
// Reference: attentionForward in src/model/reference.ts. Test: src/model/kernels/forward.gpu.test.ts.

struct AttentionSizes {
  B: u32,
  T: u32,
  H: u32,
  KV: u32,
  D: u32,
  S: u32,
  scale: f32,
}

override WG: u32 = 64u;

@group(0) @binding(0) var<uniform> s: AttentionSizes;
@group(0) @binding(1) var<storage, read> q: array<f32>;
@group(0) @binding(2) var<storage, read> kCache: array<f32>;
@group(0) @binding(3) var<storage, read> vCache: array<f32>;
@group(0) @binding(4) var<storage, read> seqs: array<u32>;
@group(0) @binding(5) var<storage, read_write> probs: array<f32>;
@group(0) @binding(6) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn attention_forward(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let index = wid.x + wid.y * nwg.x;
  if (index >= s.B * s.H * s.T) {
    return;
  }
  let t = index % s.T;
  let h = (index / s.T) % s.H;
  let b = index / (s.T * s.H);
  let offset = seqs[2u * b];
  let count = seqs[2u * b + 1u];
  let keys = select(0u, min(offset + t + 1u, s.S), t < count);
  let kv = h / (s.H / s.KV);
  let qBase = ((b * s.T + t) * s.H + h) * s.D;
  let kvBase = (b * s.KV + kv) * s.S * s.D;
  let pBase = index * s.S;

  var localMax = -3.4e38;
  for (var j = lid; j < keys; j += WG) {
    var dot = 0.0;
    for (var d = 0u; d < s.D; d++) {
      dot += q[qBase + d] * kCache[kvBase + j * s.D + d];
    }
    let score = dot * s.scale;
    probs[pBase + j] = score;
    localMax = max(localMax, score);
  }
  let rowMax = workgroupMax(lid, localMax);

  var localSum = 0.0;
  for (var j = lid; j < keys; j += WG) {
    let e = exp(probs[pBase + j] - rowMax);
    probs[pBase + j] = e;
    localSum += e;
  }
  let total = workgroupSum(lid, localSum);
  let inv = select(0.0, 1.0 / total, keys > 0u);
  for (var j = lid; j < s.S; j += WG) {
    probs[pBase + j] = select(0.0, probs[pBase + j] * inv, j < keys);
  }
  storageBarrier();

  for (var d = lid; d < s.D; d += WG) {
    var acc = 0.0;
    for (var j = 0u; j < keys; j++) {
      acc += probs[pBase + j] * vCache[kvBase + j * s.D + d];
    }
    out[qBase + d] = acc;
  }
}
