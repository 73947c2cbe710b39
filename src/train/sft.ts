// The SFT loop: packed batches from a data function (packing.ts; the loss on the tokens each
// example's mask picks, by default its completion), AdamW with warm-up + cosine, global-norm
// clipping and gradient accumulation (trainStep.ts), and the shared loop of runLoop.ts around it:
// held-out evaluation every few steps, checkpoints of weights and optimizer state every few
// minutes, pause / cancel between steps, and the rollback to the last good checkpoint when a
// step's loss or gradient norm is not finite. Each step's data depends only on (seed, step), so a
// run resumed from a checkpoint sees exactly the batches it would have seen.
import type { TrainingBatch } from '../model/referenceTrain.ts';
import { type AdamWSettings, learningRate } from './optimizerReference.ts';
import { packBatch, type TokenExample } from './packing.ts';
import {
  divergence,
  type LoopHooks,
  type LoopSettings,
  type RunCheckpoint,
  type RunHistory,
  type RunOutcome,
  type RunTotals,
  type StepOutcome,
  TrainingLoop,
} from './runLoop.ts';
import type { TrainStep } from './trainStep.ts';

export interface SftSettings extends LoopSettings {
  /** Rows per micro-batch and positions per row. */
  B: number;
  T: number;
  /** Micro-batches per optimizer step (gradient accumulation). */
  accumulation: number;
  peakLr: number;
  warmupSteps: number;
  /** The final learning rate as a fraction of the peak. */
  minLrRatio: number;
  adamw: AdamWSettings;
  seed: number;
}

/** Where examples come from: a fresh stream per (step, micro-batch), deterministic in both. */
export interface SftData {
  stream(step: number, micro: number): () => TokenExample;
  pad: number;
}

/** One optimizer step. */
export interface SftPoint {
  step: number;
  loss: number;
  lr: number;
  gradNorm: number;
  /** Positions processed so far (prompts and padding included). */
  tokens: number;
  /** Training time so far (evaluation excluded). */
  trainMs: number;
  tokensPerSecond: number;
}

export type SftHistory = RunHistory<SftPoint>;
export type SftCheckpoint = RunCheckpoint<SftPoint>;

export class SftRun {
  private readonly loop: TrainingLoop<SftPoint>;

  constructor(
    private readonly trainer: TrainStep,
    readonly settings: SftSettings,
    private readonly data: SftData,
    hooks: LoopHooks<SftPoint> = {},
    resume?: SftCheckpoint,
  ) {
    const now = hooks.now ?? (() => performance.now());
    this.loop = new TrainingLoop(
      trainer,
      settings,
      (step, totals) => this.trainStep(step, totals, now),
      hooks,
      resume,
    );
  }

  get stepsDone(): number {
    return this.loop.stepsDone;
  }

  get progress(): SftHistory {
    return this.loop.progress;
  }

  /** The micro-batches of 1-based `step`. */
  batchesFor(step: number): TrainingBatch[] {
    const { B, T, accumulation } = this.settings;
    return Array.from(
      { length: accumulation },
      (_, micro) => packBatch(this.data.stream(step, micro), B, T, this.data.pad).batch,
    );
  }

  /** Trains until the last step, a pause or cancel, or a divergence. */
  run(): Promise<RunOutcome> {
    return this.loop.run();
  }

  /** Weights, optimizer state and history as of now. */
  checkpoint(): Promise<SftCheckpoint> {
    return this.loop.checkpoint();
  }

  private async trainStep(
    step: number,
    totals: RunTotals,
    now: () => number,
  ): Promise<StepOutcome<SftPoint>> {
    const s = this.settings;
    const lr = learningRate(step, {
      peakLr: s.peakLr,
      warmupSteps: s.warmupSteps,
      totalSteps: s.steps,
      minRatio: s.minLrRatio,
    });
    const micro = this.batchesFor(step);
    const started = now();
    const result = await this.trainer.step(micro, lr);
    if (!Number.isFinite(result.loss) || !Number.isFinite(result.gradNorm)) {
      return { status: 'diverged', what: divergence(result.loss, result.gradNorm) };
    }
    const ms = now() - started;
    const tokens = s.accumulation * s.B * s.T;
    const trainMs = totals.trainMs + ms;
    return {
      status: 'ok',
      tokens,
      ms,
      point: {
        step,
        loss: result.loss,
        lr,
        gradNorm: result.gradNorm,
        tokens: totals.tokens + tokens,
        trainMs,
        tokensPerSecond: ((totals.tokens + tokens) / trainMs) * 1000,
      },
    };
  }
}
