// Seeded random arrays for tests and benchmarks (mulberry32): the same seed gives the same data.
import { mulberry32 } from '../stats/random.ts';

export { mulberry32 };

/** Uniform values in [-scale, scale). */
export function randomArray(length: number, seed: number, scale = 1): Float32Array {
  const next = mulberry32(seed);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = (next() * 2 - 1) * scale;
  return out;
}
