// A GRPO training run: every step draws its prompts from a data function (deterministic in the
// step, so a resumed run sees the same prompts), runs one GrpoStep (rollout, scoring, update) at
// the scheduled learning rate, and reports a point for the charts and the step's scored rollouts
// for the inspector. The shared loop (runLoop.ts) adds held-out evaluation, checkpoints,
// pause / cancel, and the rollback when a loss or gradient norm is not finite.
import { learningRate } from '../optimizerReference.ts';
import {
  type LoopHooks,
  type LoopSettings,
  type RunCheckpoint,
  type RunOutcome,
  type RunTotals,
  type StepOutcome,
  TrainingLoop,
} from '../runLoop.ts';
import type { TrainStep } from '../trainStep.ts';
import type { GrpoStep, GrpoStepReport, RewardFunction } from './grpoStep.ts';

export interface GrpoRunSettings extends LoopSettings {
  promptsPerStep: number;
  peakLr: number;
  /** Linear warm-up, then constant (as RL fine-tuning usually runs). */
  warmupSteps: number;
  seed: number;
}

/**
 * The prompts of a step and the reward that judges their rollouts; `replay` trailing prompts (0
 * when absent) replay other tasks (replay.ts), so the step's mean reward is the target's alone.
 */
export interface GrpoData {
  batch(step: number, prompts: number): { prompts: number[][]; reward: RewardFunction; replay?: number };
}

export interface GrpoPoint {
  step: number;
  lr: number;
  /** Over the step's target rollouts (replay prompts excluded). */
  meanReward: number;
  /** A 95% interval of the mean reward over the step's target rollouts (normal approximation). */
  rewardLow: number;
  rewardHigh: number;
  rollouts: number;
  informativeGroups: number;
  meanResponseLength: number;
  entropy: number;
  kl: number | null;
  clipFraction: number;
  loss: number;
  gradNorm: number;
  rolloutMs: number;
  scoringMs: number;
  updateMs: number;
  /** Prompt and response positions of every rollout so far, and the training time so far. */
  tokens: number;
  trainMs: number;
}

export type GrpoCheckpoint = RunCheckpoint<GrpoPoint>;

export interface GrpoHooks extends LoopHooks<GrpoPoint> {
  /** Every step's rollouts with their scores, for the inspector. */
  onReport?: (step: number, report: GrpoStepReport) => void;
}

/** A different generation seed for every (run seed, step). */
export function rolloutSeed(seed: number, step: number): number {
  return (Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(step, 0x85ebca6b)) >>> 0;
}

export class GrpoRun {
  private readonly loop: TrainingLoop<GrpoPoint>;

  constructor(
    trainer: TrainStep,
    private readonly grpo: GrpoStep,
    readonly settings: GrpoRunSettings,
    private readonly data: GrpoData,
    private readonly hooks: GrpoHooks = {},
    resume?: GrpoCheckpoint,
  ) {
    if (!Number.isInteger(settings.promptsPerStep) || settings.promptsPerStep < 1) {
      throw new RangeError(`prompts per step = ${settings.promptsPerStep} must be a whole number >= 1`);
    }
    this.loop = new TrainingLoop(
      trainer,
      settings,
      (step, totals) => this.trainStep(step, totals),
      hooks,
      resume,
    );
  }

  get stepsDone(): number {
    return this.loop.stepsDone;
  }

  run(): Promise<RunOutcome> {
    return this.loop.run();
  }

  checkpoint(): Promise<GrpoCheckpoint> {
    return this.loop.checkpoint();
  }

  private async trainStep(step: number, totals: RunTotals): Promise<StepOutcome<GrpoPoint>> {
    const s = this.settings;
    const lr = learningRate(step, {
      peakLr: s.peakLr,
      warmupSteps: s.warmupSteps,
      totalSteps: s.steps,
      minRatio: 1,
    });
    const { prompts, reward, replay = 0 } = this.data.batch(step, s.promptsPerStep);
    const targets = prompts.length - replay;
    const report = await this.grpo.run({ prompts, seed: rolloutSeed(s.seed, step), lr, reward });
    if (!report.finite)
      return {
        status: 'diverged',
        what: `the policy loss or its gradient norm (${report.gradNorm}) was not finite`,
      };
    this.hooks.onReport?.(step, report);
    const rewards = report.rollouts.filter((r) => r.row === 0 && r.group < targets).map((r) => r.reward);
    const n = rewards.length;
    const meanReward = rewards.reduce((a, r) => a + r, 0) / Math.max(1, n);
    const sd = Math.sqrt(rewards.reduce((a, r) => a + (r - meanReward) ** 2, 0) / Math.max(1, n - 1));
    const half = (1.96 * sd) / Math.sqrt(n);
    const tokens = report.rollouts.reduce((a, r) => a + r.prompt.length + r.response.length, 0);
    const { rolloutMs, scoringMs, updateMs } = report.timing;
    const ms = rolloutMs + scoringMs + updateMs;
    return {
      status: 'ok',
      tokens,
      ms,
      point: {
        step,
        lr,
        meanReward,
        rewardLow: meanReward - half,
        rewardHigh: meanReward + half,
        rollouts: n,
        informativeGroups: report.informativeGroups,
        meanResponseLength: report.meanResponseLength,
        entropy: report.entropy,
        kl: report.kl,
        clipFraction: report.clipFraction,
        loss: report.loss,
        gradNorm: report.gradNorm,
        rolloutMs,
        scoringMs,
        updateMs,
        tokens: totals.tokens + tokens,
        trainMs: totals.trainMs + ms,
      },
    };
  }
}
