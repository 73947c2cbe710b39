// Packs SFT examples into training rows (the recipe of docs/lab-base.md §1): whole
// examples, each `<bos>` + prompt + completion, laid end to end in rows of T inputs and T
// shifted targets; an example that does not fit is kept for a later row while fresh ones are tried
// (up to MAX_MISFITS), then the row is closed and the rest is padding. Each token carries a loss
// mask (default: 0 on the prompt, 1 on the completion). Position p's target is the row's token
// p + 1, gated by that token's mask; an example's first token (its `<bos>`) has mask 0, so the
// last position of one example never learns to predict the next. Plain causal attention runs
// across the examples of a row (RoPE is relative and every example starts with `<bos>`).
import type { TrainingBatch } from '../model/referenceTrain.ts';

export interface TokenExample {
  /** `<bos>` and the prompt: context only unless `mask` says otherwise. */
  prompt: readonly number[];
  /** What the model learns to write (ends with `<eos>`). */
  completion: readonly number[];
  /**
   * One entry per token of prompt then completion: 1 where the token is a target the loss counts
   * (the target of the position before it), 0 where it is context only (an `<observation>`, text
   * pasted from another row). mask[0] is 0: the first token is never a target. Absent: 0 on the
   * prompt, 1 on the completion.
   */
  mask?: readonly number[];
}

export interface PackStats {
  examples: number;
  /** Input positions holding example tokens (the rest is padding). */
  usedPositions: number;
  /** Positions whose target counts in the loss (masked-in targets). */
  supervised: number;
}

/** Fresh examples tried for a row after the first misfit, before the row is closed. */
export const MAX_MISFITS = 6;

/** An example's tokens and their masks, one entry each. */
interface LaidOut {
  tokens: readonly number[];
  mask: readonly number[];
}

/** The example as one token sequence with its mask, checked (RangeError with what is wrong). */
function layOut(example: TokenExample): LaidOut {
  const { prompt, completion } = example;
  const tokens = [...prompt, ...completion];
  if (tokens.length === 0) throw new RangeError('an SFT example needs at least one token (its <bos>)');
  const mask = example.mask ?? tokens.map((_, i) => (i < prompt.length ? 0 : 1));
  if (mask.length !== tokens.length) {
    throw new RangeError(
      `a mask of ${mask.length} entries for ${prompt.length} prompt + ${completion.length} completion ` +
        'tokens: give one entry per token',
    );
  }
  const bad = mask.findIndex((m) => m !== 0 && m !== 1);
  if (bad >= 0) throw new RangeError(`mask[${bad}] is ${mask[bad]}: each entry is 0 (context) or 1 (target)`);
  if (mask[0] !== 0) {
    throw new RangeError(
      example.mask
        ? 'mask[0] must be 0: the first token (<bos>) is never a target'
        : 'the prompt must hold at least <bos>: the first token is never a target',
    );
  }
  return { tokens, mask };
}

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
  const pending: LaidOut[] = [];
  const stats: PackStats = { examples: 0, usedPositions: 0, supervised: 0 };
  for (let b = 0; b < B; b++) {
    const tokens: number[] = [];
    const tokenMask: number[] = [];
    let misfits = 0;
    while (misfits < MAX_MISFITS) {
      const fits = pending.findIndex((e) => tokens.length + e.tokens.length <= T + 1);
      const example = fits >= 0 ? pending.splice(fits, 1)[0] : layOut(next());
      const length = example.tokens.length;
      if (length > T + 1) throw new RangeError(`an example of ${length} tokens cannot fit rows of ${T} + 1`);
      if (tokens.length + length > T + 1) {
        pending.push(example);
        misfits++;
        continue;
      }
      tokens.push(...example.tokens);
      tokenMask.push(...example.mask);
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
        mask[b * T + t] = tokenMask[t + 1];
        stats.supervised += tokenMask[t + 1];
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
