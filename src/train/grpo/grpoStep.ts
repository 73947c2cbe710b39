// One GRPO step on the GPU (../shared/methods.md §0). Rollout: G samples per prompt through the
// one batched generation loop (each prompt prefilled once, its cache copied to its G rows).
// Scoring: a reward per rollout from the function passed in (the task verifiers, wired by the
// caller) and group-relative advantages. Update: policyUpdate.ts (reference log-probs, then the
// optimizer steps). The report keeps, per rollout and token, what the update saw. With multiplex
// settings the rollouts think in multiplex tokens (Multiplex Thinking) and the update trains on
// their stored mixtures, one ratio per slot; K = 1 is discrete GRPO exactly.

import type { Generator } from '../../decoding/generate.ts';
import type { FinishReason, MultiplexTrace } from '../../decoding/generation.ts';
import type { MultiplexSettings } from '../../decoding/multiplexReference.ts';
import type { SamplingParams } from '../../decoding/samplerReference.ts';
import { decode } from '../../model/tokenizer.ts';
import type { GpuTransformer } from '../../model/transformer.ts';
import type { RowScorer } from '../rowScores.ts';
import type { TrainStep } from '../trainStep.ts';
import { type AdvantageSettings, groupAdvantages } from './advantages.ts';
import { klPenalty, type PolicyLoss } from './objective.ts';
import { perPosition } from './policyBatch.ts';
import { PolicyUpdater, type PolicyUpdateSettings } from './policyUpdate.ts';

export interface GrpoSettings extends PolicyUpdateSettings {
  groupSize: number;
  sampling: SamplingParams;
  maxNewTokens: number;
  stopStrings?: string[];
  advantages: AdvantageSettings;
  /** Multiplex Thinking rollouts (methods.md §3); absent: discrete. */
  multiplex?: MultiplexSettings;
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
  /**
   * Per response token: log π at the behaviour weights (summed over a multiplex position's
   * slots), under the reference, the last update's ratio (slot 0's) and clip (any slot's).
   */
  logProb: Float32Array;
  refLogProb: Float32Array | null;
  ratio: Float32Array;
  clipped: Uint8Array;
  /** Multiplex rollouts: the mixtures the rollout fed back. */
  multiplex?: MultiplexTrace;
}

export interface GrpoStepReport {
  rollouts: ScoredRollout[];
  meanReward: number;
  /** Groups whose rewards were not all equal (only they carry a signal). */
  informativeGroups: number;
  meanResponseLength: number;
  /** Multiplex rollouts: mean steps thought in multiplex tokens per rollout. */
  meanThinkingSteps: number | null;
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
  readonly updater: PolicyUpdater;

  constructor(
    private readonly generator: Generator,
    trainer: TrainStep,
    scorer: RowScorer,
    reference: GpuTransformer | null,
    readonly settings: GrpoSettings,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (generator.model !== trainer.model)
      throw new RangeError('rollouts must come from the model being trained');
    if (settings.groupSize < 2) throw new RangeError(`group size ${settings.groupSize} must be >= 2`);
    this.updater = new PolicyUpdater(trainer, scorer, reference, settings, now);
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
      multiplex: s.multiplex,
    });
    const rolled = this.now();
    const verdicts = generation.sequences.map((q) => reward(q.prompt, q.tokens, q.finish));
    const rewards = verdicts.map((v) => v.reward);
    const advantages = groupAdvantages(rewards, G, s.advantages);
    const rows = generation.sequences.map((q) => ({
      prompt: q.promptTokens,
      response: q.tokens,
      mixture: q.multiplex,
    }));
    const update = await this.updater.update(rows, advantages, lr);

    const { batch, tokens, last } = update;
    const positions = {
      logProb: perPosition(batch, tokens.oldLogProb, 'sum'),
      refLogProb: tokens.refLogProb ? perPosition(batch, tokens.refLogProb, 'sum') : null,
      ratio: perPosition(batch, last.ratio, 'first'),
      clipped: perPosition(batch, last.clipped, 'max'),
    };
    const slice = (values: Float64Array, i: number) =>
      Float32Array.from(values.subarray(batch.positionStarts[i], batch.positionStarts[i + 1]));
    const rollouts: ScoredRollout[] = generation.sequences.map((q, i) => ({
      ...verdicts[i],
      group: q.prompt,
      sample: q.sample,
      prompt: q.promptTokens,
      response: q.tokens,
      text: decode(q.tokens),
      finish: q.finish,
      advantage: advantages[i],
      logProb: slice(positions.logProb, i),
      refLogProb: positions.refLogProb ? slice(positions.refLogProb, i) : null,
      ratio: slice(positions.ratio, i),
      clipped: Uint8Array.from(slice(positions.clipped, i)),
      ...(q.multiplex ? { multiplex: q.multiplex } : {}),
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
      meanResponseLength: batch.positions / rollouts.length,
      meanThinkingSteps: s.multiplex
        ? mean(generation.sequences.map((q) => q.multiplex?.thinkingSteps ?? 0))
        : null,
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
