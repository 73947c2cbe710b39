// Packs SFT examples into training rows (the recipe of ../shared/arith-sizing.md §1): whole
// examples, each `<bos>` + prompt + completion, laid end to end in rows of T inputs and T
// shifted targets; an example that does not fit is kept for a later row while fresh ones are tried
// (up to MAX_MISFITS), then the row is closed and the rest is padding. The loss mask is 1 exactly
// where the target is a completion token. Plain causal attention runs across the examples of a
// row (RoPE is relative and every example starts with `<bos>`).
import type { TrainingBatch } from '../model/referenceTrain.ts';

export interface TokenExample {
  /** `<bos>` and the prompt: context only, never a target. */
  prompt: readonly number[];
  /** What the model learns to write (ends with `<eos>`). */
  completion: readonly number[];
}

export interface PackStats {
  examples: number;
  /** Input positions holding example tokens (the rest is padding). */
  usedPositions: number;
  /** Positions whose target counts in the loss. */
  supervised: number;
}

/** Fresh examples tried for a row after the first misfit, before the row is closed. */
export const MAX_MISFITS = 6;

/**
 * B rows of T positions from `next` (called for fresh examples, deterministic for a seeded source).
 * An example longer than T + 1 tokens can never fit: a RangeError.
 */
export function packBatch(
  next: () => TokenExample,
  B: number,
  T: number,
  pad: number,
): { batch: TrainingBatch; stats: PackStats } {
  const indices = new Uint32Array(B * T).fill(pad);
  const targets = new Uint32Array(B * T).fill(pad);
  const mask = new Float32Array(B * T);
  const counts: number[] = [];
  const pending: TokenExample[] = [];
  const stats: PackStats = { examples: 0, usedPositions: 0, supervised: 0 };
  for (let b = 0; b < B; b++) {
    const tokens: number[] = [];
    const supervised: boolean[] = [];
    let misfits = 0;
    while (misfits < MAX_MISFITS) {
      const fits = pending.findIndex((e) => tokens.length + e.prompt.length + e.completion.length <= T + 1);
      const example = fits >= 0 ? pending.splice(fits, 1)[0] : next();
      const length = example.prompt.length + example.completion.length;
      if (length > T + 1) throw new RangeError(`an example of ${length} tokens cannot fit rows of ${T} + 1`);
      if (tokens.length + length > T + 1) {
        pending.push(example);
        misfits++;
        continue;
      }
      tokens.push(...example.prompt, ...example.completion);
      for (const _ of example.prompt) supervised.push(false);
      for (const _ of example.completion) supervised.push(true);
      stats.examples++;
      if (tokens.length === T + 1) break;
    }
    const used = Math.min(T, tokens.length);
    counts.push(used);
    stats.usedPositions += used;
    for (let t = 0; t < used; t++) {
      indices[b * T + t] = tokens[t];
      if (t + 1 < tokens.length) {
        targets[b * T + t] = tokens[t + 1];
        mask[b * T + t] = supervised[t + 1] ? 1 : 0;
        stats.supervised += mask[b * T + t];
      }
    }
  }
  const batch: TrainingBatch = {
    input: {
      B,
      T,
      offsets: new Array(B).fill(0),
      counts,
      K: 1,
      indices,
      weights: new Float32Array(B * T).fill(1),
    },
    targets,
    mask,
  };
  return { batch, stats };
}
