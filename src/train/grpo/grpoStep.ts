// One GRPO step on the GPU (../shared/methods.md §0). Rollout: G samples per prompt through the
// one batched generation loop (each prompt prefilled once, its cache copied to its G rows).
// Scoring: a reward per rollout from the function passed in (the task verifiers, wired by the
// caller), group-relative advantages, and the reference policy's log-probs of every sampled token
// (a forward of the frozen copy) when the loss has a KL term or the caller wants them shown.
// Update: `updatesPerBatch` optimizer steps on the same rollouts; in each, the training forward's
// log-probs of the sampled tokens go through the policy loss (objective.ts) on the host, and its
// derivative becomes the row weights of the cross-entropy backward (trainStep.ts). The first
// update runs at the behaviour weights, so its log-probs are the behaviour policy's (recomputed,
// not taken from decode) and its ratio is exactly 1.

import type { Generator } from '../../decoding/generate.ts';
import type { FinishReason } from '../../decoding/generation.ts';
import type { SamplingParams } from '../../decoding/samplerReference.ts';
import { decode } from '../../model/tokenizer.ts';
import type { GpuTransformer } from '../../model/transformer.ts';
import type { RowScorer } from '../rowScores.ts';
import type { TrainStep } from '../trainStep.ts';
import { type AdvantageSettings, groupAdvantages } from './advantages.ts';
import {
  evaluatePolicyLoss,
  klPenalty,
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
} from './policyBatch.ts';

export interface GrpoSettings {
  groupSize: number;
  sampling: SamplingParams;
  maxNewTokens: number;
  stopStrings?: string[];
  /** Optimizer steps on each batch of rollouts (1: on-policy, every ratio 1). */
  updatesPerBatch: number;
  /** Rollouts per micro-batch of an update. */
  rowsPerMicro: number;
  advantages: AdvantageSettings;
  objective: PolicyLoss;
  /** Score the reference policy even when the loss has no KL term (charts, the inspector). */
  scoreReference: boolean;
}

export interface Verdict {
  reward: number;
  /** The verifier's words, e.g. 'wrong answer 41 (expected 42)'. */
  reason: string;
}

/** Judges rollout `sample` of prompt `group` from its response tokens. */
export type RewardFunction = (group: number, response: readonly number[], finish: FinishReason) => Verdict;

export interface GrpoStepInput {
  /** Token ids of each prompt, `<bos>` included. */
  prompts: number[][];
  seed: number;
  lr: number;
  reward: RewardFunction;
}

/** A rollout with its score and, per response token, what the update saw. */
export interface ScoredRollout extends Verdict {
  group: number;
  sample: number;
  prompt: number[];
  response: number[];
  text: string;
  finish: FinishReason;
  advantage: number;
  /** Per response token: log π at the behaviour weights, under the reference, the last update's ratio. */
  logProb: Float32Array;
  refLogProb: Float32Array | null;
  ratio: Float32Array;
  clipped: Uint8Array;
}

export interface GrpoStepReport {
  rollouts: ScoredRollout[];
  meanReward: number;
  /** Groups whose rewards were not all equal (only they carry a signal). */
  informativeGroups: number;
  meanResponseLength: number;
  /** Token-mean entropy (nats) of the policy at the behaviour weights. */
  entropy: number;
  /** Aggregated like the loss, at the last update; null without reference scores. */
  kl: number | null;
  clipFraction: number;
  loss: number;
  gradNorm: number;
  /** Every update's loss and gradient norm were finite. */
  finite: boolean;
  timing: { rolloutMs: number; scoringMs: number; updateMs: number };
}

export class GrpoStep {
  constructor(
    private readonly generator: Generator,
    private readonly trainer: TrainStep,
    private readonly scorer: RowScorer,
    private readonly reference: GpuTransformer | null,
    readonly settings: GrpoSettings,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (generator.model !== trainer.model)
      throw new RangeError('rollouts must come from the model being trained');
    if (settings.groupSize < 2) throw new RangeError(`group size ${settings.groupSize} must be >= 2`);
    if (!Number.isInteger(settings.updatesPerBatch) || settings.updatesPerBatch < 1) {
      throw new RangeError(`updates per batch = ${settings.updatesPerBatch} must be a whole number >= 1`);
    }
    if ((settings.objective.kl || settings.scoreReference) && !reference) {
      throw new RangeError('a KL term or reference scores need a reference model');
    }
  }

  /** Rollout, scoring and update: one step of the trainer. */
  async run({ prompts, seed, lr, reward }: GrpoStepInput): Promise<GrpoStepReport> {
    const s = this.settings;
    const G = s.groupSize;
    const started = this.now();
    const generation = await this.generator.generate({
      prompts,
      samplesPerPrompt: G,
      sampling: s.sampling,
      seed,
      maxNewTokens: s.maxNewTokens,
      stopStrings: s.stopStrings,
      syncEvery: 16,
    });
    const rolled = this.now();
    const verdicts = generation.sequences.map((q) => reward(q.prompt, q.tokens, q.finish));
    const rewards = verdicts.map((v) => v.reward);
    const advantages = groupAdvantages(rewards, G, s.advantages);
    const rows = generation.sequences.map((q) => ({ prompt: q.promptTokens, response: q.tokens }));
    const update = await this.update(rows, advantages, lr);

    const { batch, tokens, last } = update;
    const slice = (values: ArrayLike<number>, i: number) =>
      Float32Array.from(
        { length: batch.starts[i + 1] - batch.starts[i] },
        (_, j) => values[batch.starts[i] + j],
      );
    const rollouts: ScoredRollout[] = generation.sequences.map((q, i) => ({
      ...verdicts[i],
      group: q.prompt,
      sample: q.sample,
      prompt: q.promptTokens,
      response: q.tokens,
      text: decode(q.tokens),
      finish: q.finish,
      advantage: advantages[i],
      logProb: slice(tokens.oldLogProb, i),
      refLogProb: tokens.refLogProb ? slice(tokens.refLogProb, i) : null,
      ratio: slice(last.ratio, i),
      clipped: Uint8Array.from(slice(last.clipped, i)),
    }));
    let informativeGroups = 0;
    for (let g = 0; g < prompts.length; g++) {
      const group = rewards.slice(g * G, g * G + G);
      if (group.some((r) => r !== group[0])) informativeGroups++;
    }
    return {
      rollouts,
      meanReward: mean(rewards),
      informativeGroups,
      meanResponseLength: batch.sequence.length / rollouts.length,
      entropy: mean(update.entropy),
      kl: tokens.refLogProb
        ? klToReference(s.objective, tokens.logProb, tokens.refLogProb, update.weights)
        : null,
      clipFraction: last.clipFraction,
      loss: last.loss,
      gradNorm: update.gradNorm,
      finite: update.finite,
      timing: { rolloutMs: rolled - started, scoringMs: update.scoringMs, updateMs: update.updateMs },
    };
  }

  /**
   * Scores `rows` under the reference (when wanted) and runs `updatesPerBatch` optimizer steps on
   * them. The behaviour log-probs are the first update's unless `behaviour` gives them (per
   * response token, flattened like policyBatch): rollouts sampled by other weights.
   */
  async update(
    rows: readonly RolloutTokens[],
    advantages: ArrayLike<number>,
    lr: number,
    behaviour?: ArrayLike<number>,
  ): Promise<PolicyUpdate> {
    const s = this.settings;
    const started = this.now();
    const batch = policyBatch(rows, s.rowsPerMicro, this.trainer.model.config.pad_token_id);
    const n = batch.sequence.length;
    if (behaviour && behaviour.length !== n) {
      throw new RangeError(`${behaviour.length} behaviour log-probs for ${n} response tokens`);
    }
    const logProb = new Float64Array(n);
    const oldLogProb = Float64Array.from(behaviour ?? new Float64Array(n));
    const tokens: PolicyTokens = {
      logProb,
      oldLogProb,
      advantage: Float64Array.from(batch.sequence, (i) => advantages[i]),
      sequence: batch.sequence,
      sequences: batch.sequences,
    };
    if (this.reference && (s.objective.kl || s.scoreReference)) {
      const scores: Float32Array[] = [];
      for (const micro of batch.micro) scores.push((await this.scorer.score(this.reference, micro)).logProb);
      tokens.refLogProb = gatherTokens(batch, scores);
    }
    const scored = this.now();

    const weights = s.objective.aggregation.weights(tokens);
    const entropy = new Float64Array(n);
    let gradNorm = 0;
    let finite = true;
    for (let update = 0; update < s.updatesPerBatch && finite; update++) {
      const result = await this.trainer.step(batch.micro, lr, {
        weigh: (micro, rowScores) => {
          const mine = tokensOf(batch, micro);
          for (const t of mine) {
            logProb[t] = rowScores.logProb[batch.rowOf[t]];
            if (update > 0) continue;
            entropy[t] = rowScores.entropy[batch.rowOf[t]];
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
  /** Per token, the policy's entropy at the behaviour weights. */
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
    sequence: pick(tokens.sequence),
    sequences: tokens.sequences,
  };
}

/** The KL to the reference aggregated like the loss: the objective's estimator, else k3. */
function klToReference(
  objective: PolicyLoss,
  logProb: ArrayLike<number>,
  refLogProb: ArrayLike<number>,
  weights: ArrayLike<number>,
): number {
  const { value } = (objective.kl ?? klPenalty('k3', 1)).evaluate(logProb, refLogProb);
  let kl = 0;
  for (let t = 0; t < value.length; t++) kl += weights[t] * value[t];
  return kl;
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return values.length > 0 ? sum / values.length : 0;
}
