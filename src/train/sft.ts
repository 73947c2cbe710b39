// The SFT loop: packed batches from a data function (packing.ts; loss on the completion only),
// AdamW with warm-up + cosine, global-norm clipping and gradient accumulation (trainStep.ts),
// held-out evaluation every few steps (a function passed in, e.g. evaluateGreedy), checkpoints of
// weights and optimizer state every few minutes, and pause / cancel between steps. A step whose
// loss or gradient norm is not finite stops the run: the weights and optimizer go back to the last
// good checkpoint and the run reports where it diverged. Each step's data depends only on (seed,
// step), so a run resumed from a checkpoint sees exactly the batches it would have seen.
import { LabError } from '../gpu/errors.ts';
import type { TrainingBatch } from '../model/referenceTrain.ts';
import type { EvalCategory } from './evaluation.ts';
import { type AdamWSettings, learningRate } from './optimizerReference.ts';
import { packBatch, type TokenExample } from './packing.ts';
import type { TrainerState, TrainStep } from './trainStep.ts';

export interface SftSettings {
  steps: number;
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
  /** Steps between held-out evaluations (0: only at the end). */
  evalEvery: number;
  /** Wall-clock minutes between checkpoints. */
  checkpointMinutes: number;
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

export interface EvalReport {
  step: number;
  tokens: number;
  ms: number;
  categories: EvalCategory[];
}

export interface SftHistory {
  points: SftPoint[];
  evals: EvalReport[];
}

export interface SftCheckpoint {
  step: number;
  tokens: number;
  trainMs: number;
  state: TrainerState;
  history: SftHistory;
}

export type SftControl = 'run' | 'pause' | 'cancel';

export interface SftHooks {
  evaluate?: (step: number) => Promise<EvalCategory[]>;
  onStep?: (point: SftPoint) => void;
  onEval?: (report: EvalReport) => void;
  onCheckpoint?: (checkpoint: SftCheckpoint) => Promise<void> | void;
  /** Asked between steps. */
  control?: () => SftControl;
  now?: () => number;
}

export type SftOutcome =
  | { status: 'finished' | 'paused' | 'cancelled'; step: number }
  | { status: 'diverged'; step: number; error: TrainingDivergedError };

/** A step's loss or gradient norm was not finite; the run went back to `restoredStep`. */
export class TrainingDivergedError extends LabError {}

export class SftRun {
  private step: number;
  private tokens: number;
  private trainMs: number;
  private readonly history: SftHistory;
  private lastGood: SftCheckpoint | null = null;

  constructor(
    private readonly trainer: TrainStep,
    readonly settings: SftSettings,
    private readonly data: SftData,
    private readonly hooks: SftHooks = {},
    resume?: SftCheckpoint,
  ) {
    if (resume) trainer.writeState(resume.state);
    this.step = resume?.step ?? 0;
    this.tokens = resume?.tokens ?? 0;
    this.trainMs = resume?.trainMs ?? 0;
    this.history = resume ? structuredClone(resume.history) : { points: [], evals: [] };
    this.lastGood = resume ?? null;
  }

  get stepsDone(): number {
    return this.step;
  }

  get progress(): SftHistory {
    return this.history;
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
  async run(): Promise<SftOutcome> {
    const now = this.hooks.now ?? (() => performance.now());
    const s = this.settings;
    if (!this.lastGood) this.lastGood = await this.checkpoint();
    let lastCheckpoint = now();
    const schedule = {
      peakLr: s.peakLr,
      warmupSteps: s.warmupSteps,
      totalSteps: s.steps,
      minRatio: s.minLrRatio,
    };
    while (this.step < s.steps) {
      const control = this.hooks.control?.() ?? 'run';
      if (control === 'cancel') return { status: 'cancelled', step: this.step };
      if (control === 'pause') {
        await this.saveCheckpoint();
        return { status: 'paused', step: this.step };
      }
      const step = this.step + 1;
      const lr = learningRate(step, schedule);
      const micro = this.batchesFor(step);
      const started = now();
      const result = await this.trainer.step(micro, lr);
      if (!Number.isFinite(result.loss) || !Number.isFinite(result.gradNorm)) {
        return { status: 'diverged', step, error: this.rollBack(step, result.loss, result.gradNorm) };
      }
      this.trainMs += now() - started;
      this.tokens += s.accumulation * s.B * s.T;
      this.step = step;
      const point: SftPoint = {
        step,
        loss: result.loss,
        lr,
        gradNorm: result.gradNorm,
        tokens: this.tokens,
        trainMs: this.trainMs,
        tokensPerSecond: (this.tokens / this.trainMs) * 1000,
      };
      this.history.points.push(point);
      this.hooks.onStep?.(point);
      const last = step === s.steps;
      if ((s.evalEvery > 0 && step % s.evalEvery === 0) || last) await this.evaluate(step);
      if (last || now() - lastCheckpoint >= s.checkpointMinutes * 60_000) {
        await this.saveCheckpoint();
        lastCheckpoint = now();
      }
    }
    return { status: 'finished', step: this.step };
  }

  /** Weights, optimizer state and history as of now. */
  async checkpoint(): Promise<SftCheckpoint> {
    return {
      step: this.step,
      tokens: this.tokens,
      trainMs: this.trainMs,
      state: await this.trainer.readState(),
      history: structuredClone(this.history),
    };
  }

  private async evaluate(step: number): Promise<void> {
    if (!this.hooks.evaluate) return;
    const now = this.hooks.now ?? (() => performance.now());
    const started = now();
    const categories = await this.hooks.evaluate(step);
    const report = { step, tokens: this.tokens, ms: now() - started, categories };
    this.history.evals.push(report);
    this.hooks.onEval?.(report);
  }

  private async saveCheckpoint(): Promise<void> {
    this.lastGood = await this.checkpoint();
    await this.hooks.onCheckpoint?.(this.lastGood);
  }

  private rollBack(step: number, loss: number, gradNorm: number): TrainingDivergedError {
    const good = this.lastGood as SftCheckpoint;
    this.trainer.writeState(good.state);
    this.step = good.step;
    this.tokens = good.tokens;
    this.trainMs = good.trainMs;
    this.history.points = structuredClone(good.history.points);
    this.history.evals = structuredClone(good.history.evals);
    const what = Number.isFinite(loss) ? `the gradient norm was ${gradNorm}` : `the loss was ${loss}`;
    return new TrainingDivergedError(
      `Training diverged at step ${step}: ${what}. The weights and optimizer are back at step ${good.step}, the last good checkpoint.`,
      'Lower the learning rate or raise the warm-up, then resume.',
      { step, restoredStep: good.step },
    );
  }
}
