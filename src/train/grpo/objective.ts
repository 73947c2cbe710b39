// The GRPO policy loss over the response tokens of a batch, as small strategy pieces
// (docs/methods/grpo.md, verl's core_algos): a surrogate per token (the clipped ratio objective
// with ε_low / ε_high and the dual clip), an optional KL penalty to a frozen reference (k1 or k3),
// and an aggregation giving each token its weight (token-mean or sequence-mean). The loss is
//   L = Σ_t c_t (ℓ_t + β k_t)
// and what the GPU needs is ∂L/∂log π_θ(o_t) per token: the trainer turns it into the weights of a
// cross-entropy backward (∂ log π / ∂ logits = onehot − softmax). Methods that change a piece
// (HGPO's advantages) pass their own object instead of copying the loop. Multiplex rollouts make
// each slot of a thinking position its own policy token with its own ratio (docs/methods/multiplex.md, the
// official compute_multiplex_thinking_policy_loss): the slots' losses add up, and the aggregation
// counts positions, so a position weighs the same whatever its number of slots. A token whose loss
// mask is 0 (a teacher-forced reply, a worker's return) is not trained: it has c_t = 0, no
// gradient, and does not count anywhere: not in token-mean's number of tokens, not in a
// sequence-mean row's length (a row with none trained is not a row of the mean), not in the clip
// fraction. A trained token with advantage 0 still counts (its surrogate is 0, its KL term is not).

/** Per policy token of the batch (a response token, or one slot of a multiplex position). */
export interface PolicyTokens {
  /** log π_θ(o_t | prefix) under the weights being trained. */
  logProb: ArrayLike<number>;
  /** Under the behaviour policy that sampled the rollouts (recomputed, not taken from decode). */
  oldLogProb: ArrayLike<number>;
  /** Under the frozen reference policy, when the loss has a KL term. */
  refLogProb?: ArrayLike<number>;
  advantage: ArrayLike<number>;
  /** The rollout each token belongs to, 0..sequences-1, non-decreasing. */
  sequence: ArrayLike<number>;
  sequences: number;
  /** Per token, 1 trained or 0 not (its loss mask); absent: all trained. */
  mask?: ArrayLike<number>;
  /**
   * Multiplex: the response position each token is a slot of (non-decreasing, a position's slots
   * adjacent); absent, every token is its own position.
   */
  position?: ArrayLike<number>;
}

/** A per-token term: its value and its derivative in log π_θ. */
export interface TokenTerm {
  value: Float64Array;
  dLogProb: Float64Array;
}

export interface Surrogate {
  readonly name: string;
  evaluate(tokens: PolicyTokens): TokenTerm & { ratio: Float64Array; clipped: Uint8Array };
}

export interface KlPenalty {
  readonly name: string;
  readonly coefficient: number;
  evaluate(logProb: ArrayLike<number>, refLogProb: ArrayLike<number>): TokenTerm;
}

export interface Aggregation {
  readonly name: string;
  /** c_t per token; the weights of a batch's positions sum to 1 (0 tokens: none). */
  weights(tokens: PolicyTokens): Float64Array;
}

export interface PolicyLoss {
  surrogate: Surrogate;
  kl: KlPenalty | null;
  aggregation: Aggregation;
}

export interface PolicyLossResult {
  loss: number;
  /** ∂L/∂log π_θ per token. */
  dLogProb: Float64Array;
  ratio: Float64Array;
  clipped: Uint8Array;
  /** Aggregated like the loss: the surrogate part, the KL estimate; the clipped share of trained tokens. */
  surrogateLoss: number;
  kl: number;
  clipFraction: number;
}

/**
 * The loss of the batch and its derivative in every token's log-probability. `weights` (c_t) are
 * the aggregation's over `tokens` unless given: a micro-batch's share of a larger batch passes the
 * weights its tokens have in the whole batch.
 */
export function evaluatePolicyLoss(
  objective: PolicyLoss,
  tokens: PolicyTokens,
  weights?: ArrayLike<number>,
): PolicyLossResult {
  const n = tokens.logProb.length;
  const c = weights ?? objective.aggregation.weights(tokens);
  if (c.length !== n) throw new RangeError(`${c.length} token weights for ${n} tokens`);
  const s = objective.surrogate.evaluate(tokens);
  let kl: TokenTerm | null = null;
  if (objective.kl) {
    if (!tokens.refLogProb)
      throw new RangeError(`the ${objective.kl.name} KL term needs reference log-probs`);
    kl = objective.kl.evaluate(tokens.logProb, tokens.refLogProb);
  }
  const beta = objective.kl?.coefficient ?? 0;
  const dLogProb = new Float64Array(n);
  const clipped = Uint8Array.from(s.clipped);
  let surrogateLoss = 0;
  let klMean = 0;
  let clippedCount = 0;
  let trained = 0;
  for (let t = 0; t < n; t++) {
    if (tokens.mask?.[t] === 0) {
      clipped[t] = 0;
      continue;
    }
    trained++;
    surrogateLoss += c[t] * s.value[t];
    dLogProb[t] = c[t] * s.dLogProb[t];
    if (kl) {
      klMean += c[t] * kl.value[t];
      dLogProb[t] += c[t] * beta * kl.dLogProb[t];
    }
    clippedCount += s.clipped[t];
  }
  return {
    loss: surrogateLoss + beta * klMean,
    dLogProb,
    ratio: s.ratio,
    clipped,
    surrogateLoss,
    kl: klMean,
    clipFraction: trained > 0 ? clippedCount / trained : 0,
  };
}

/** verl clamps log-ratios to ±20 before exponentiating. */
const LOG_RATIO_LIMIT = 20;
const clampLogRatio = (x: number) => Math.min(LOG_RATIO_LIMIT, Math.max(-LOG_RATIO_LIMIT, x));

export interface ClipSettings {
  epsLow: number;
  epsHigh: number;
  /** Dual clip for negative advantages (ℓ ≤ −c·A); null: off. verl uses c = 3. */
  dualClip: number | null;
}

/**
 * ℓ = max(−A ρ, −A clip(ρ, 1 − ε_low, 1 + ε_high)), and for A < 0 with the dual clip min(ℓ, −c A).
 * The gradient flows only through the branch that is chosen and only while it depends on ρ;
 * `clipped` marks tokens where a clip decides (no gradient).
 */
export function clippedSurrogate({ epsLow, epsHigh, dualClip }: ClipSettings): Surrogate {
  if (!(epsLow >= 0 && epsLow < 1 && epsHigh >= 0)) {
    throw new RangeError(`clip range needs 0 <= ε_low < 1 and ε_high >= 0 (got ${epsLow}, ${epsHigh})`);
  }
  if (dualClip !== null && !(dualClip > 1)) throw new RangeError(`dual clip c = ${dualClip} must be > 1`);
  return {
    name: `clip(${epsLow}, ${epsHigh})${dualClip === null ? '' : ` dual ${dualClip}`}`,
    evaluate({ logProb, oldLogProb, advantage }) {
      const n = logProb.length;
      const value = new Float64Array(n);
      const dLogProb = new Float64Array(n);
      const ratio = new Float64Array(n);
      const clipped = new Uint8Array(n);
      for (let t = 0; t < n; t++) {
        const A = advantage[t];
        const rho = Math.exp(clampLogRatio(logProb[t] - oldLogProb[t]));
        ratio[t] = rho;
        let loss = -A * rho;
        let grad = -A * rho;
        const clippedLoss = -A * Math.min(1 + epsHigh, Math.max(1 - epsLow, rho));
        if (clippedLoss > loss) {
          loss = clippedLoss;
          grad = 0;
          clipped[t] = 1;
        }
        if (dualClip !== null && A < 0 && -dualClip * A < loss) {
          loss = -dualClip * A;
          grad = 0;
          clipped[t] = 1;
        }
        value[t] = loss;
        dLogProb[t] = grad;
      }
      return { value, dLogProb, ratio, clipped };
    },
  };
}

export type KlKind = 'k1' | 'k3';

/**
 * k1 = log π_θ − log π_ref; k3 = e^x − x − 1 with x = log π_ref − log π_θ (verl's low_var_kl:
 * x clamped to ±20, the result to ±10; a clamped value passes no gradient).
 */
export function klPenalty(kind: KlKind, coefficient: number): KlPenalty {
  if (!(coefficient >= 0)) throw new RangeError(`KL coefficient ${coefficient} must be >= 0`);
  return {
    name: kind,
    coefficient,
    evaluate(logProb, refLogProb) {
      const n = logProb.length;
      const value = new Float64Array(n);
      const dLogProb = new Float64Array(n);
      for (let t = 0; t < n; t++) {
        const diff = refLogProb[t] - logProb[t];
        if (kind === 'k1') {
          value[t] = -diff;
          dLogProb[t] = 1;
          continue;
        }
        const x = clampLogRatio(diff);
        const k3 = Math.exp(x) - x - 1;
        value[t] = Math.min(10, k3);
        dLogProb[t] = x === diff && k3 < 10 ? 1 - Math.exp(x) : 0;
      }
      return { value, dLogProb };
    },
  };
}

export type AggregationKind = 'token-mean' | 'sequence-mean';

/**
 * token-mean: every trained response position of the batch counts alike; sequence-mean: every
 * rollout with a trained position does, its trained positions alike. Each slot of a multiplex
 * position gets the position's weight (their losses add up); an untrained token gets 0.
 */
export function aggregation(kind: AggregationKind): Aggregation {
  return {
    name: kind,
    weights({ sequence, sequences, logProb, position, mask }) {
      const n = logProb.length;
      const c = new Float64Array(n);
      if (n === 0) return c;
      const trained = (t: number) => mask?.[t] !== 0;
      const firstSlot = (t: number) => !position || t === 0 || position[t] !== position[t - 1];
      const lengths = new Float64Array(sequences);
      for (let t = 0; t < n; t++) if (trained(t) && firstSlot(t)) lengths[sequence[t]]++;
      const total = lengths.reduce((a, b) => a + b, 0);
      if (total === 0) return c;
      const present = lengths.reduce((k, len) => k + (len > 0 ? 1 : 0), 0);
      for (let t = 0; t < n; t++) {
        if (!trained(t)) continue;
        c[t] = kind === 'token-mean' ? 1 / total : 1 / (present * lengths[sequence[t]]);
      }
      return c;
    },
  };
}
