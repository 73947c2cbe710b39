// rng.wgsl: the lab's one counter-based random generator, pcg4d (Jarzynski & Olano, "Hash
// Functions for GPU Rendering", JCGT 2020). A draw is a pure function of the key
// (seed, sequence, step, slot): no state, so a rollout, a microscope branch or a multiplex draw is
// reproducible from its seed, and any invocation can draw without coordination.
// Included (as text) by kernels that sample; this file has no entry point of its own except the
// test kernel rng_fill. Mirror: src/model/rng.ts (tested bit-identical in rng.gpu.test.ts).

fn pcg4d(key: vec4<u32>) -> vec4<u32> {
  var v = key * 1664525u + 1013904223u;
  v.x += v.y * v.w;
  v.y += v.z * v.x;
  v.z += v.x * v.y;
  v.w += v.y * v.z;
  v ^= v >> vec4<u32>(16u);
  v.x += v.y * v.w;
  v.y += v.z * v.x;
  v.z += v.x * v.y;
  v.w += v.y * v.z;
  return v;
}

// Uniform in [0, 1): the top 24 bits of the first word, so every value is exact in f32.
fn rngUniform(seed: u32, sequence: u32, step: u32, slot: u32) -> f32 {
  return f32(pcg4d(vec4<u32>(seed, sequence, step, slot)).x >> 8u) * (1.0 / 16777216.0);
}
