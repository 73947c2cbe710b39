// The policy update of GRPO on rollouts already scored (docs/methods/grpo.md): the reference
// policy's log-probs of every sampled token (a forward of the frozen copy) when the loss has a KL
// term or the caller wants them shown, then `updatesPerBatch` optimizer steps on the same rollouts.
// In each, the training forward's log-probs of the sampled tokens go through the policy loss
// (objective.ts) on the host, and −∂L/∂log π becomes the row weights of the cross-entropy backward
// (trainStep.ts). The first update runs at the behaviour weights, so its log-probs are the
// behaviour policy's (recomputed, not taken from decode) and its ratio is exactly 1, unless the
// caller passes behaviour log-probs of rollouts that other weights sampled. Advantages come per
// response token; a token whose loss mask is 0 is scored (log-probs, entropy) but has no weight in
// the loss and so no gradient. Multiplex rollouts work the same way, one policy token per counted
// slot (policyBatch.ts).
import type { GpuTransformer } from '../../model/transformer.ts';
import type { RowScorer } from '../rowScores.ts';
import type { TrainStep } from '../trainStep.ts';
import {
  evaluatePolicyLoss,
  type PolicyLoss,
  type PolicyLossResult,
  type PolicyTokens,
} from './objective.ts';
import {
  gatherTokens,
  type PolicyBatch,
  policyBatch,
  type RolloutTokens,
  scatterTokens,
  tokenValues,
} from './policyBatch.ts';

export interface PolicyUpdateSettings {
  /** Optimizer steps on each batch of rollouts (1: on-policy, every ratio 1). */
  updatesPerBatch: number;
  /** Rollouts per micro-batch of an update. */
  rowsPerMicro: number;
  objective: PolicyLoss;
  /** Score the reference policy even when the loss has no KL term (charts, the inspector). */
  scoreReference: boolean;
}

export class PolicyUpdater {
  constructor(
    private readonly trainer: TrainStep,
    private readonly scorer: RowScorer,
    private readonly reference: GpuTransformer | null,
    readonly settings: PolicyUpdateSettings,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!Number.isInteger(settings.updatesPerBatch) || settings.updatesPerBatch < 1) {
      throw new RangeError(`updates per batch = ${settings.updatesPerBatch} must be a whole number >= 1`);
    }
    if ((settings.objective.kl || settings.scoreReference) && !reference) {
      throw new RangeError('a KL term or reference scores need a reference model');
    }
  }

  /**
   * Scores `rows` under the reference (when wanted) and runs `updatesPerBatch` optimizer steps on
   * them, with `advantages[i]` one value per response token of row i. The behaviour log-probs are
   * the first update's unless `behaviour` gives them (per policy token, flattened like
   * policyBatch): rollouts sampled by other weights.
   */
  async update(
    rows: readonly RolloutTokens[],
    advantages: readonly ArrayLike<number>[],
    lr: number,
    behaviour?: ArrayLike<number>,
  ): Promise<PolicyUpdate> {
    const s = this.settings;
    const started = this.now();
    const batch = policyBatch(rows, s.rowsPerMicro, this.trainer.model.config.pad_token_id);
    const n = batch.sequence.length;
    if (behaviour && behaviour.length !== n) {
      throw new RangeError(`${behaviour.length} behaviour log-probs for ${n} policy tokens`);
    }
    const logProb = new Float64Array(n);
    const oldLogProb = Float64Array.from(behaviour ?? new Float64Array(n));
    const tokens: PolicyTokens = {
      logProb,
      oldLogProb,
      advantage: tokenValues(batch, advantages),
      mask: batch.trained,
      sequence: batch.sequence,
      sequences: batch.sequences,
      position: batch.position,
    };
    if (this.reference && (s.objective.kl || s.scoreReference)) {
      const scores: Float32Array[] = [];
      for (const micro of batch.micro) scores.push((await this.scorer.score(this.reference, micro)).logProb);
      tokens.refLogProb = gatherTokens(batch, scores);
    }
    const scored = this.now();

    const weights = s.objective.aggregation.weights(tokens);
    const entropy = new Float64Array(batch.positions);
    let gradNorm = 0;
    let finite = true;
    for (let update = 0; update < s.updatesPerBatch && finite; update++) {
      const result = await this.trainer.step(batch.micro, lr, {
        weigh: (micro, rowScores) => {
          const mine = tokensOf(batch, micro);
          for (const t of mine) {
            logProb[t] = rowScores.logProb[batch.rowOf[t] * batch.width + batch.slotOf[t]];
            if (update > 0) continue;
            entropy[batch.position[t]] = rowScores.entropy[batch.rowOf[t]];
            if (!behaviour) oldLogProb[t] = logProb[t];
          }
          const part = evaluatePolicyLoss(
            s.objective,
            subset(tokens, mine),
            mine.map((t) => weights[t]),
          );
          // The backward takes the gradient of sum_r w_r CE_r = −sum_r w_r log π: w = −∂L/∂log π.
          const rowWeights = new Float64Array(n);
          mine.forEach((t, k) => {
            rowWeights[t] = -part.dLogProb[k];
          });
          return scatterTokens(batch, micro, rowWeights);
        },
      });
      gradNorm = result.gradNorm;
      finite = Number.isFinite(result.loss) && Number.isFinite(result.gradNorm);
    }
    return {
      batch,
      tokens,
      weights,
      entropy,
      last: evaluatePolicyLoss(s.objective, tokens, weights),
      gradNorm,
      finite,
      scoringMs: scored - started,
      updateMs: this.now() - scored,
    };
  }
}

export interface PolicyUpdate {
  batch: PolicyBatch;
  /** The log-probs of the last update (before its optimizer step), behaviour and reference. */
  tokens: PolicyTokens;
  /** The aggregation's weight of every token. */
  weights: Float64Array;
  /** Per response position, the policy's entropy at the behaviour weights. */
  entropy: Float64Array;
  /** The loss at the last update, per-token ratios and clips included. */
  last: PolicyLossResult;
  gradNorm: number;
  finite: boolean;
  scoringMs: number;
  updateMs: number;
}

/** The flattened token indices of micro-batch `micro`. */
function tokensOf(batch: PolicyBatch, micro: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < batch.microOf.length; t++) if (batch.microOf[t] === micro) out.push(t);
  return out;
}

function subset(tokens: PolicyTokens, indices: readonly number[]): PolicyTokens {
  const pick = (values: ArrayLike<number>) => indices.map((t) => values[t]);
  return {
    logProb: pick(tokens.logProb),
    oldLogProb: pick(tokens.oldLogProb),
    refLogProb: tokens.refLogProb ? pick(tokens.refLogProb) : undefined,
    advantage: pick(tokens.advantage),
    mask: tokens.mask ? pick(tokens.mask) : undefined,
    sequence: pick(tokens.sequence),
    sequences: tokens.sequences,
    position: tokens.position ? pick(tokens.position) : undefined,
  };
}
