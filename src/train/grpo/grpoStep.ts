// One GRPO step on the GPU (docs/methods/grpo.md), composed of strategies: rollouts
// (rollouts.ts: by default G samples per prompt through the one batched generation loop, each
// prompt prefilled once; or a forced prefix; or rows a method builds), a reward per sample from
// the function passed in (the task verifiers, wired by the caller), advantages per token
// (advantages.ts: by default the group-relative value on every token), and the update
// (policyUpdate.ts: reference log-probs, then the optimizer steps; masked tokens get no gradient).
// The report keeps, per rollout row and token, what the update saw. With multiplex settings the
// rollouts think in multiplex tokens (Multiplex Thinking) and the update trains on their stored
// mixtures, one ratio per slot; K = 1 is discrete GRPO exactly.

import type { Generator } from '../../decoding/generate.ts';
import type { FinishReason, MultiplexTrace } from '../../decoding/generation.ts';
import type { MultiplexSettings } from '../../decoding/multiplexReference.ts';
import type { SamplingParams } from '../../decoding/samplerReference.ts';
import { decode } from '../../model/tokenizer.ts';
import type { GpuTransformer } from '../../model/transformer.ts';
import type { RowScorer } from '../rowScores.ts';
import type { TrainStep } from '../trainStep.ts';
import {
  type AdvantageSettings,
  type AdvantageStrategy,
  advantageStrategy,
  checkAdvantages,
} from './advantages.ts';
import { klPenalty, type PolicyLoss } from './objective.ts';
import { perPosition } from './policyBatch.ts';
import { PolicyUpdater, type PolicyUpdateSettings } from './policyUpdate.ts';
import { checkSamples, type RolloutSample, type RolloutStrategy, sampledRollouts } from './rollouts.ts';

export interface GrpoSettings extends PolicyUpdateSettings {
  groupSize: number;
  sampling: SamplingParams;
  maxNewTokens: number;
  stopStrings?: string[];
  /** Absent: G samples of each prompt (sampledRollouts). */
  rollouts?: RolloutStrategy;
  /** The group-relative default's settings, or a strategy of the method's own. */
  advantages: AdvantageSettings | AdvantageStrategy;
  /** Multiplex Thinking rollouts (docs/methods/multiplex.md); absent: discrete. */
  multiplex?: MultiplexSettings;
}

/**
 * What the trainer needs of a judgement: the reward and the verifier's words (e.g. 'wrong answer
 * 41 (expected 42)'). A task world's Verdict (tasks/types.ts) is one; training never imports tasks.
 */
export type Judged = { reward: number; reason: string };

/**
 * Judges a sample of prompt `group` from the tokens it answers with (a forced prefix included)
 * and how they ended; GrpoStep also passes the whole sample (a multi-row sample's rows).
 */
export type RewardFunction = (
  group: number,
  response: readonly number[],
  finish: FinishReason,
  sample?: RolloutSample,
) => Judged;

export interface GrpoStepInput {
  /** Token ids of each prompt, `<bos>` included. */
  prompts: number[][];
  seed: number;
  lr: number;
  reward: RewardFunction;
}

/** A rollout row with its sample's score and, per response token, what the update saw. */
export interface ScoredRollout extends Judged {
  group: number;
  sample: number;
  /** The row within its sample (0 for one-row samples). */
  row: number;
  prompt: number[];
  response: number[];
  text: string;
  finish: FinishReason;
  /** The sample's advantage as one number (A_i by default). */
  advantage: number;
  /** Per response token: its advantage, and its loss mask (1 trained, 0 not). */
  advantages: Float32Array;
  mask: Uint8Array;
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
  /** Every row of every sample, samples in order. */
  rollouts: ScoredRollout[];
  /** Over samples. */
  meanReward: number;
  /** Groups whose rewards were not all equal (only they carry a signal). */
  informativeGroups: number;
  /** Response tokens per row. */
  meanResponseLength: number;
  /** Multiplex rollouts: mean steps thought in multiplex tokens per row. */
  meanThinkingSteps: number | null;
  /** Token-mean entropy (nats) of the policy at the behaviour weights, over trained tokens. */
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
  readonly rollouts: RolloutStrategy;
  readonly advantages: AdvantageStrategy;

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
    this.rollouts = settings.rollouts ?? sampledRollouts();
    this.advantages = advantageStrategy(settings.advantages);
  }

  /** Rollout, scoring and update: one step of the trainer. */
  async run({ prompts, seed, lr, reward }: GrpoStepInput): Promise<GrpoStepReport> {
    const s = this.settings;
    const G = s.groupSize;
    const started = this.now();
    const samples = await this.rollouts.rollout({
      generator: this.generator,
      prompts,
      groupSize: G,
      seed,
      sampling: s.sampling,
      maxNewTokens: s.maxNewTokens,
      stopStrings: s.stopStrings,
      multiplex: s.multiplex,
    });
    checkSamples(samples, prompts.length, G);
    const rolled = this.now();
    const verdicts = samples.map((q) => reward(q.group, q.response, q.finish, q));
    const rewards = Float64Array.from(verdicts, (v) => v.reward);
    const assigned = this.advantages.assign({ samples, rewards, groupSize: G });
    checkAdvantages(assigned, samples);
    const rows = samples.flatMap((q, i) => q.rows.map((row, r) => ({ sample: i, index: r, row })));
    const update = await this.updater.update(
      rows.map(({ row }) => ({
        prompt: row.prompt,
        response: row.response,
        mask: row.mask,
        mixture: row.multiplex,
      })),
      rows.map(({ sample, index }) => assigned[sample].rows[index]),
      lr,
    );

    const { batch, tokens, last } = update;
    const positions = {
      logProb: perPosition(batch, tokens.oldLogProb, 'sum'),
      refLogProb: tokens.refLogProb ? perPosition(batch, tokens.refLogProb, 'sum') : null,
      ratio: perPosition(batch, last.ratio, 'first'),
      clipped: perPosition(batch, last.clipped, 'max'),
    };
    const slice = (values: Float64Array, i: number) =>
      Float32Array.from(values.subarray(batch.positionStarts[i], batch.positionStarts[i + 1]));
    const rollouts: ScoredRollout[] = rows.map(({ sample, index, row }, i) => {
      const q = samples[sample];
      return {
        ...verdicts[sample],
        group: q.group,
        sample: q.sample,
        row: index,
        prompt: row.prompt,
        response: row.response,
        text: decode(row.response),
        finish: row.finish,
        advantage: assigned[sample].value,
        advantages: Float32Array.from(assigned[sample].rows[index]),
        mask: row.mask ? Uint8Array.from(row.mask) : new Uint8Array(row.response.length).fill(1),
        logProb: slice(positions.logProb, i),
        refLogProb: positions.refLogProb ? slice(positions.refLogProb, i) : null,
        ratio: slice(positions.ratio, i),
        clipped: Uint8Array.from(slice(positions.clipped, i)),
        ...(row.multiplex ? { multiplex: row.multiplex } : {}),
      };
    });
    let informativeGroups = 0;
    for (let g = 0; g < prompts.length; g++) {
      const group = rewards.subarray(g * G, g * G + G);
      if (group.some((r) => r !== group[0])) informativeGroups++;
    }
    return {
      rollouts,
      meanReward: mean(rewards),
      informativeGroups,
      meanResponseLength: batch.positions / rollouts.length,
      meanThinkingSteps: s.multiplex ? mean(rows.map(({ row }) => row.multiplex?.thinkingSteps ?? 0)) : null,
      entropy: mean(trainedPositions(rollouts, update.entropy)),
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

/** The values of the trained response positions (positions flattened over rows, in order). */
function trainedPositions(rollouts: readonly ScoredRollout[], values: Float64Array): number[] {
  const mask = rollouts.flatMap((r) => Array.from(r.mask));
  return Array.from(values).filter((_, p) => mask[p] === 1);
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
