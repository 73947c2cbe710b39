// Rollouts as training rows for the policy update: rollout i becomes one row holding its prompt
// and response (inputs: all tokens but the last; targets: shifted by one), `rows` rollouts per
// micro-batch, every micro-batch of one width T (the longest rollout). Response token j of a
// rollout is the target at row position prompt.length - 1 + j, the final <eos> included.
// Multiplex rollouts (Multiplex Thinking, docs/methods/multiplex.md) carry each step's input
// mixture (indices[K], weights[K]): the row's inputs are those mixtures, rebuilt exactly as the
// rollout fed them, and each position has K targets, one per slot; a slot is a policy token when
// its weight is > 0 (all K on a thinking step, slot 0 on a discrete one). Policy tokens are
// flattened over rollouts in order, the slots of one position adjacent. A response token whose
// loss mask is 0 (a teacher-forced reply) stays a policy token, so it is scored and shown, but is
// marked untrained: its row's mask is 0 and the objective gives it no weight. A short last
// micro-batch is filled with one-token rows whose mask is 0.
import type { TrainingBatch } from '../../model/referenceTrain.ts';

export interface RolloutTokens {
  prompt: readonly number[];
  response: readonly number[];
  /** Per response token, 1 trained or 0 not; absent: all trained. */
  mask?: ArrayLike<number>;
  /**
   * Multiplex rollouts: per response token, [n, width] the mixture its position fed back (slot 0
   * is the token itself).
   */
  mixture?: { width: number; indices: ArrayLike<number>; weights: ArrayLike<number> };
}

export interface PolicyBatch {
  micro: TrainingBatch[];
  /** K: targets per row (1 without multiplex rollouts). */
  width: number;
  /** Per policy token: its micro-batch, its row there (b*T + t), its slot 0..K-1. */
  microOf: Uint32Array;
  rowOf: Uint32Array;
  slotOf: Uint32Array;
  /** Per policy token: its rollout, and its response position flattened over rollouts. */
  sequence: Uint32Array;
  position: Uint32Array;
  /** Per policy token: 1 when its response token's loss mask is 1. */
  trained: Uint8Array;
  sequences: number;
  positions: number;
  /** The first policy token of each rollout; [sequences + 1]. */
  starts: Uint32Array;
  /** The first response position of each rollout; [sequences + 1]. */
  positionStarts: Uint32Array;
}

export function policyBatch(rollouts: readonly RolloutTokens[], rows: number, pad: number): PolicyBatch {
  if (rollouts.length === 0) throw new RangeError('a policy batch needs at least one rollout');
  if (!Number.isInteger(rows) || rows < 1)
    throw new RangeError(`rows per micro-batch = ${rows} must be >= 1`);
  const K = checkMixtures(rollouts);
  checkMasks(rollouts);
  const T = Math.max(...rollouts.map((r) => r.prompt.length + r.response.length - 1));
  const starts = new Uint32Array(rollouts.length + 1);
  const positionStarts = new Uint32Array(rollouts.length + 1);
  rollouts.forEach((r, i) => {
    if (r.prompt.length === 0) throw new RangeError(`rollout ${i} has an empty prompt`);
    positionStarts[i + 1] = positionStarts[i] + r.response.length;
    starts[i + 1] = starts[i] + r.response.reduce((n, _, j) => n + countedSlots(r, j, K).length, 0);
  });
  const total = starts[rollouts.length];
  const out = {
    microOf: new Uint32Array(total),
    rowOf: new Uint32Array(total),
    slotOf: new Uint32Array(total),
    sequence: new Uint32Array(total),
    position: new Uint32Array(total),
    trained: new Uint8Array(total),
  };
  const micro: TrainingBatch[] = [];
  for (let first = 0; first < rollouts.length; first += rows) {
    const indices = new Uint32Array(rows * T * K).fill(pad);
    const weights = new Float32Array(rows * T * K);
    for (let p = 0; p < rows * T; p++) weights[p * K] = 1;
    const targets = new Uint32Array(rows * T * K).fill(pad);
    const mask = new Float32Array(rows * T * K);
    const counts: number[] = [];
    for (let b = 0; b < rows; b++) {
      const i = first + b;
      const rollout = rollouts[i];
      if (!rollout) {
        counts.push(1);
        continue;
      }
      const { prompt, response } = rollout;
      counts.push(prompt.length + response.length - 1);
      prompt.forEach((token, p) => {
        indices[(b * T + p) * K] = token;
      });
      for (let j = 0; j + 1 < response.length; j++) {
        const at = (b * T + prompt.length + j) * K;
        const step = stepMixture(rollout, j, K);
        indices.set(step.indices, at);
        weights.set(step.weights, at);
      }
      let token = starts[i];
      for (let j = 0; j < response.length; j++) {
        const row = b * T + prompt.length - 1 + j;
        const step = stepMixture(rollout, j, K);
        targets.set(step.indices, row * K);
        const trained = rollout.mask ? rollout.mask[j] : 1;
        for (const slot of countedSlots(rollout, j, K)) {
          mask[row * K + slot] = trained;
          out.trained[token] = trained;
          out.microOf[token] = micro.length;
          out.rowOf[token] = row;
          out.slotOf[token] = slot;
          out.sequence[token] = i;
          out.position[token] = positionStarts[i] + j;
          token++;
        }
      }
    }
    micro.push({
      input: { B: rows, T, offsets: new Array(rows).fill(0), counts, K, indices, weights },
      targets,
      mask,
    });
  }
  return {
    micro,
    width: K,
    ...out,
    sequences: rollouts.length,
    positions: positionStarts[rollouts.length],
    starts,
    positionStarts,
  };
}

/** The common width of the rollouts' mixtures (1 without any); throws when they disagree. */
function checkMixtures(rollouts: readonly RolloutTokens[]): number {
  const widths = new Set(rollouts.map((r) => r.mixture?.width ?? 0));
  if (widths.size > 1)
    throw new RangeError('rollouts of one batch must all be multiplex with one width, or none');
  const K = rollouts[0].mixture?.width ?? 1;
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`mixture width ${K} must be a whole number >= 1`);
  rollouts.forEach((r, i) => {
    const m = r.mixture;
    if (!m) return;
    if (m.indices.length !== r.response.length * K || m.weights.length !== r.response.length * K) {
      throw new RangeError(`rollout ${i}: its mixture needs ${r.response.length} x ${K} indices and weights`);
    }
    r.response.forEach((token, j) => {
      if (m.indices[j * K] !== token) {
        throw new RangeError(
          `rollout ${i}: slot 0 of step ${j} is ${m.indices[j * K]}, not its token ${token}`,
        );
      }
    });
  });
  return K;
}

function checkMasks(rollouts: readonly RolloutTokens[]): void {
  rollouts.forEach((r, i) => {
    if (!r.mask) return;
    if (r.mask.length !== r.response.length) {
      throw new RangeError(`rollout ${i}: ${r.mask.length} mask entries for ${r.response.length} tokens`);
    }
    for (let j = 0; j < r.mask.length; j++) {
      if (r.mask[j] !== 0 && r.mask[j] !== 1)
        throw new RangeError(`rollout ${i}: mask entry ${j} is ${r.mask[j]}, not 0 or 1`);
    }
  });
}

function stepMixture(r: RolloutTokens, j: number, K: number): { indices: number[]; weights: number[] } {
  if (!r.mixture) {
    return {
      indices: Array.from({ length: K }, () => r.response[j]),
      weights: Array.from({ length: K }, (_, s) => (s === 0 ? 1 : 0)),
    };
  }
  const { indices, weights } = r.mixture;
  return {
    indices: Array.from({ length: K }, (_, s) => indices[j * K + s]),
    weights: Array.from({ length: K }, (_, s) => weights[j * K + s]),
  };
}

/** The slots of response step j that are policy tokens: those with weight > 0. */
function countedSlots(r: RolloutTokens, j: number, K: number): number[] {
  if (!r.mixture) return [0];
  const slots: number[] = [];
  for (let s = 0; s < K; s++) if (r.mixture.weights[j * K + s] > 0) slots.push(s);
  return slots;
}

/** Per policy token, the value its rollout's `perToken` array holds at its response position. */
export function tokenValues(batch: PolicyBatch, perToken: readonly ArrayLike<number>[]): Float64Array {
  if (perToken.length !== batch.sequences)
    throw new RangeError(`${perToken.length} value arrays for ${batch.sequences} rollouts`);
  perToken.forEach((values, i) => {
    const n = batch.positionStarts[i + 1] - batch.positionStarts[i];
    if (values.length !== n) throw new RangeError(`rollout ${i}: ${values.length} values for ${n} tokens`);
  });
  return Float64Array.from(
    batch.sequence,
    (i, t) => perToken[i][batch.position[t] - batch.positionStarts[i]],
  );
}

/** Gathers per-target values ([B*T, K]) of every micro-batch into the policy-token order. */
export function gatherTokens(batch: PolicyBatch, targetValues: readonly ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(batch.sequence.length);
  for (let t = 0; t < out.length; t++)
    out[t] = targetValues[batch.microOf[t]][batch.rowOf[t] * batch.width + batch.slotOf[t]];
  return out;
}

/** The target weights ([B*T, K]) of micro-batch `micro` from per-token weights (0 elsewhere). */
export function scatterTokens(
  batch: PolicyBatch,
  micro: number,
  tokenValues: ArrayLike<number>,
): Float32Array<ArrayBuffer> {
  const { B, T } = batch.micro[micro].input;
  const out = new Float32Array(B * T * batch.width);
  for (let t = 0; t < tokenValues.length; t++)
    if (batch.microOf[t] === micro) out[batch.rowOf[t] * batch.width + batch.slotOf[t]] = tokenValues[t];
  return out;
}

/**
 * Per response position, the policy-token values of its slots reduced to one: the trace's
 * log-probability sums them, a ratio takes slot 0's, a clip flag any slot's. [positions]
 */
export function perPosition(
  batch: PolicyBatch,
  values: ArrayLike<number>,
  reduce: 'sum' | 'first' | 'max',
): Float64Array {
  const out = new Float64Array(batch.positions);
  const seen = new Uint8Array(batch.positions);
  for (let t = 0; t < values.length; t++) {
    const p = batch.position[t];
    if (!seen[p]) out[p] = values[t];
    else if (reduce === 'sum') out[p] += values[t];
    else if (reduce === 'max') out[p] = Math.max(out[p], values[t]);
    seen[p] = 1;
  }
  return out;
}
