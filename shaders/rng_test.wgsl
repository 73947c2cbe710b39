// rng_test.wgsl: fills a buffer with draws of rng.wgsl so tests can compare them with the
// TypeScript mirror. out[i] = rngUniform(seed, sequence, step0 + i / slots, i % slots), and
// words[4 i .. 4 i + 3] = pcg4d of the same key. Bindings: 0 uniform RngTestSizes | 1 out (rw) |
// 2 words (rw). One invocation per draw, dispatch (ceil(count / 64), 1, 1).

struct RngTestSizes {
  count: u32,
  seed: u32,
  sequence: u32,
  step0: u32,
  slots: u32,
}

@group(0) @binding(0) var<uniform> s: RngTestSizes;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read_write> words: array<vec4<u32>>;

@compute @workgroup_size(64)
fn rng_fill(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= s.count) {
    return;
  }
  let step = s.step0 + i / s.slots;
  let slot = i % s.slots;
  out[i] = rngUniform(s.seed, s.sequence, step, slot);
  words[i] = pcg4d(vec4<u32>(s.seed, s.sequence, step, slot));
}
