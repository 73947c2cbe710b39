// The training benchmark's batch, the same in the browser (ours) and in Node (written for the
// PyTorch peer): B sequences of T seeded random tokens (ids 3..V-1, no specials but <bos> first),
// each row's target the next token, the loss on every row but the last.
import type { TrainingBatch } from '../model/referenceTrain.ts';
import { mulberry32 } from '../testing/random.ts';

export function trainBenchBatch(seed: number, B: number, T: number, V: number): TrainingBatch {
  const next = mulberry32(seed);
  const tokens: number[] = [];
  for (let b = 0; b < B; b++) {
    tokens.push(0);
    for (let t = 1; t <= T; t++) tokens.push(3 + Math.floor(next() * (V - 3)));
  }
  const indices = new Uint32Array(B * T);
  const targets: number[] = [];
  const mask: number[] = [];
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      indices[b * T + t] = tokens[b * (T + 1) + t];
      targets.push(tokens[b * (T + 1) + t + 1]);
      mask.push(t < T - 1 ? 1 : 0);
    }
  }
  return {
    input: {
      B,
      T,
      offsets: new Array(B).fill(0),
      counts: new Array(B).fill(T),
      K: 1,
      indices,
      weights: new Float32Array(B * T).fill(1),
    },
    targets,
    mask,
  };
}
