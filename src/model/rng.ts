// The TypeScript mirror of shaders/rng.wgsl: pcg4d, a counter-based hash keyed by
// (seed, sequence, step, slot). Same key, same bits, on the CPU and the GPU (rng.gpu.test.ts), so
// the CPU reference samples exactly what the GPU samples.

export type RngKey = readonly [seed: number, sequence: number, step: number, slot: number];

/** pcg4d of a key of four u32 values; returns four u32 values. */
export function pcg4d(key: RngKey): [number, number, number, number] {
  let [x, y, z, w] = key.map((k) => (Math.imul(k >>> 0, 1664525) + 1013904223) >>> 0);
  for (let round = 0; round < 2; round++) {
    x = (x + Math.imul(y, w)) >>> 0;
    y = (y + Math.imul(z, x)) >>> 0;
    z = (z + Math.imul(x, y)) >>> 0;
    w = (w + Math.imul(y, z)) >>> 0;
    if (round === 0) {
      x = (x ^ (x >>> 16)) >>> 0;
      y = (y ^ (y >>> 16)) >>> 0;
      z = (z ^ (z >>> 16)) >>> 0;
      w = (w ^ (w >>> 16)) >>> 0;
    }
  }
  return [x, y, z, w];
}

/** Uniform in [0, 1) with 24 bits, exactly as rngUniform in WGSL. */
export function rngUniform(seed: number, sequence: number, step: number, slot: number): number {
  return (pcg4d([seed, sequence, step, slot])[0] >>> 8) / 16777216;
}
