// Rollouts as training rows for the policy update: rollout i becomes one row holding its prompt
// and response (inputs: all tokens but the last; targets: shifted by one), `rows` rollouts per
// micro-batch, every micro-batch of one width T (the longest rollout). Response token j of a
// rollout is the target at row position prompt.length - 1 + j, the final <eos> included; the mask
// is 1 exactly there. A short last micro-batch is filled with one-token rows whose mask is 0.
import type { TrainingBatch } from '../../model/referenceTrain.ts';

export interface RolloutTokens {
  prompt: readonly number[];
  response: readonly number[];
}

export interface PolicyBatch {
  micro: TrainingBatch[];
  /** Per response token, flattened over rollouts in order: its micro-batch and its row (b*T + t). */
  microOf: Uint32Array;
  rowOf: Uint32Array;
  /** Per response token, its rollout. */
  sequence: Uint32Array;
  sequences: number;
  /** The first response token of each rollout in the flattened order; [sequences + 1]. */
  starts: Uint32Array;
}

export function policyBatch(rollouts: readonly RolloutTokens[], rows: number, pad: number): PolicyBatch {
  if (rollouts.length === 0) throw new RangeError('a policy batch needs at least one rollout');
  if (!Number.isInteger(rows) || rows < 1)
    throw new RangeError(`rows per micro-batch = ${rows} must be >= 1`);
  const T = Math.max(...rollouts.map((r) => r.prompt.length + r.response.length - 1));
  const starts = new Uint32Array(rollouts.length + 1);
  rollouts.forEach((r, i) => {
    if (r.prompt.length === 0) throw new RangeError(`rollout ${i} has an empty prompt`);
    starts[i + 1] = starts[i] + r.response.length;
  });
  const total = starts[rollouts.length];
  const microOf = new Uint32Array(total);
  const rowOf = new Uint32Array(total);
  const sequence = new Uint32Array(total);
  const micro: TrainingBatch[] = [];
  for (let first = 0; first < rollouts.length; first += rows) {
    const indices = new Uint32Array(rows * T).fill(pad);
    const targets = new Uint32Array(rows * T).fill(pad);
    const mask = new Float32Array(rows * T);
    const counts: number[] = [];
    for (let b = 0; b < rows; b++) {
      const i = first + b;
      if (i >= rollouts.length) {
        counts.push(1);
        continue;
      }
      const tokens = [...rollouts[i].prompt, ...rollouts[i].response];
      counts.push(tokens.length - 1);
      indices.set(tokens.slice(0, -1), b * T);
      targets.set(tokens.slice(1), b * T);
      const from = rollouts[i].prompt.length - 1;
      for (let j = 0; j < rollouts[i].response.length; j++) {
        const row = b * T + from + j;
        mask[row] = 1;
        const token = starts[i] + j;
        microOf[token] = micro.length;
        rowOf[token] = row;
        sequence[token] = i;
      }
    }
    micro.push({
      input: {
        B: rows,
        T,
        offsets: new Array(rows).fill(0),
        counts,
        K: 1,
        indices,
        weights: new Float32Array(rows * T).fill(1),
      },
      targets,
      mask,
    });
  }
  return { micro, microOf, rowOf, sequence, sequences: rollouts.length, starts };
}

/** Gathers per-row values of every micro-batch into the flattened token order. */
export function gatherTokens(batch: PolicyBatch, rowValues: readonly ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(batch.sequence.length);
  for (let t = 0; t < out.length; t++) out[t] = rowValues[batch.microOf[t]][batch.rowOf[t]];
  return out;
}

/** The row weights of micro-batch `micro` from per-token weights (0 on every other row). */
export function scatterTokens(
  batch: PolicyBatch,
  micro: number,
  tokenValues: ArrayLike<number>,
): Float32Array<ArrayBuffer> {
  const { B, T } = batch.micro[micro].input;
  const out = new Float32Array(B * T);
  for (let t = 0; t < tokenValues.length; t++)
    if (batch.microOf[t] === micro) out[batch.rowOf[t]] = tokenValues[t];
  return out;
}
