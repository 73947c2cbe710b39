// The GRPO policy loss and its gradient on the CPU reference model (float64), for tests: the
// log-probs of every response token come from the reference forward of the rows, the loss from
// objective.ts with per-token advantages and the rows' loss masks (batch.trained), and the
// gradient from the reference backward of sum_r w_r CE_r with w = −∂L/∂log π (the same reduction
// the GPU update makes, checked by finite differences in reference.test.ts).
import type { LlamaConfig } from '../../model/config.ts';
import { type AnyWeights, referenceLossAndGradients } from '../../model/referenceTrain.ts';
import { evaluatePolicyLoss, type PolicyLoss, type PolicyLossResult } from './objective.ts';
import { gatherTokens, type PolicyBatch, scatterTokens } from './policyBatch.ts';

export interface ReferencePolicyGradient {
  /** Per policy token under `weights`. */
  logProb: Float64Array;
  result: PolicyLossResult;
  grads: Map<string, Float64Array>;
}

/**
 * `advantage` per policy token (tokenValues of per-row arrays); `oldLogProb` per policy token, or
 * null for on-policy (the behaviour log-probs are those under `weights`); `refLogProb` when the
 * objective has a KL term. Tokens the batch marks untrained count nowhere (objective.ts).
 */
export function referencePolicyGradient(
  config: LlamaConfig,
  weights: AnyWeights,
  batch: PolicyBatch,
  objective: PolicyLoss,
  advantage: ArrayLike<number>,
  oldLogProb: ArrayLike<number> | null,
  refLogProb?: ArrayLike<number>,
): ReferencePolicyGradient {
  const logProb = gatherTokens(
    batch,
    batch.micro.map((micro) => referenceLossAndGradients(config, weights, micro).targetLogProb),
  );
  const result = evaluatePolicyLoss(objective, {
    logProb,
    oldLogProb: oldLogProb ?? logProb,
    refLogProb,
    advantage,
    mask: batch.trained,
    sequence: batch.sequence,
    sequences: batch.sequences,
    position: batch.position,
  });
  return { logProb, result, grads: weightedGradient(config, weights, batch, result.dLogProb) };
}

/**
 * The reference gradient of L given ∂L/∂log π per policy token: the backward of sum_r w_r CE_r
 * with w = −∂L/∂log π scattered to the rows.
 */
export function weightedGradient(
  config: LlamaConfig,
  weights: AnyWeights,
  batch: PolicyBatch,
  dLogProb: ArrayLike<number>,
): Map<string, Float64Array> {
  const rowWeights = Array.from(dLogProb, (d) => -d);
  const grads = new Map<string, Float64Array>();
  batch.micro.forEach((micro, i) => {
    const mask = scatterTokens(batch, i, rowWeights);
    const part = referenceLossAndGradients(config, weights, { ...micro, mask, maskTotal: 1 });
    for (const [name, g] of part.grads) {
      const sum = grads.get(name);
      if (!sum) grads.set(name, g);
      else for (let k = 0; k < g.length; k++) sum[k] += g[k];
    }
  });
  return grads;
}
