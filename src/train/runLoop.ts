// The loop every trainer of the lab shares (SFT, GRPO): steps until the last one or a cancel;
// held-out evaluation every few steps and at the end; checkpoints every few minutes, when asked
// between steps, at a pause and at the end; on a non-finite loss or gradient, a rollback to the
// last good checkpoint. What a step does is the trainer's; when to stop or save, the caller's.
import { LabError } from '../gpu/errors.ts';
import type { EvalCategory } from './evaluation.ts';
import type { TrainerState, TrainStep } from './trainStep.ts';

export interface LoopSettings {
  steps: number;
  /** Steps between held-out evaluations (0: only at the end). */
  evalEvery: number;
  /** Wall-clock minutes between checkpoints. */
  checkpointMinutes: number;
  /** Also evaluate before the first step of a fresh run (the baseline of a fine-tuning run). */
  evalAtStart?: boolean;
}

export interface EvalReport {
  step: number;
  tokens: number;
  ms: number;
  categories: EvalCategory[];
  /** The retention panel (an RL run's other skills, methods/retention/), when the run has one. */
  retention?: EvalCategory[];
}

export interface RunHistory<Point> {
  points: Point[];
  evals: EvalReport[];
}

/** Positions trained on and training time (evaluation excluded), before or after a step. */
export interface RunTotals {
  tokens: number;
  trainMs: number;
}

export interface RunCheckpoint<Point> extends RunTotals {
  step: number;
  state: TrainerState;
  history: RunHistory<Point>;
}

export type StepOutcome<Point> =
  | { status: 'ok'; point: Point; tokens: number; ms: number }
  /** `what` completes "Training diverged at step N: …", e.g. 'the loss was NaN'. */
  | { status: 'diverged'; what: string };

/** 'checkpoint': save a checkpoint now, then ask again. */
export type RunControl = 'run' | 'pause' | 'cancel' | 'checkpoint';

export interface LoopHooks<Point> {
  evaluate?: (step: number) => Promise<EvalCategory[]>;
  /** Held-out accuracy on what the start model already knew, measured with every evaluation. */
  evaluateRetention?: (step: number) => Promise<EvalCategory[]>;
  onStep?: (point: Point) => void;
  onEval?: (report: EvalReport) => void;
  onCheckpoint?: (checkpoint: RunCheckpoint<Point>) => Promise<void> | void;
  /** Asked between steps; a promise holds the run until it settles (a pause that waits to resume). */
  control?: () => RunControl | Promise<RunControl>;
  now?: () => number;
}

export type RunOutcome =
  | { status: 'finished' | 'paused' | 'cancelled'; step: number }
  | { status: 'diverged'; step: number; error: TrainingDivergedError };

/** A step's loss or gradient norm was not finite; the run went back to `restoredStep`. */
export class TrainingDivergedError extends LabError {}

/** The words for a step whose loss or gradient norm is not finite. */
export function divergence(loss: number, gradNorm: number): string {
  return Number.isFinite(loss) ? `the gradient norm was ${gradNorm}` : `the loss was ${loss}`;
}

export class TrainingLoop<Point> {
  private step: number;
  private totals: RunTotals;
  private readonly history: RunHistory<Point>;
  private lastGood: RunCheckpoint<Point> | null;

  constructor(
    private readonly trainer: TrainStep,
    readonly settings: LoopSettings,
    private readonly train: (step: number, totals: RunTotals) => Promise<StepOutcome<Point>>,
    private readonly hooks: LoopHooks<Point> = {},
    resume?: RunCheckpoint<Point>,
  ) {
    if (resume) trainer.writeState(resume.state);
    this.step = resume?.step ?? 0;
    this.totals = { tokens: resume?.tokens ?? 0, trainMs: resume?.trainMs ?? 0 };
    this.history = resume ? structuredClone(resume.history) : { points: [], evals: [] };
    this.lastGood = resume ?? null;
  }

  get stepsDone(): number {
    return this.step;
  }

  get progress(): RunHistory<Point> {
    return this.history;
  }

  /** Trains until the last step, a pause or cancel, or a divergence. */
  async run(): Promise<RunOutcome> {
    const now = this.hooks.now ?? (() => performance.now());
    const s = this.settings;
    if (s.evalAtStart && this.step === 0 && this.history.evals.length === 0) await this.evaluate(0);
    if (!this.lastGood) this.lastGood = await this.checkpoint();
    let lastCheckpoint = now();
    while (this.step < s.steps) {
      const control = (await this.hooks.control?.()) ?? 'run';
      if (control === 'cancel') return { status: 'cancelled', step: this.step };
      if (control === 'pause') {
        await this.saveCheckpoint();
        return { status: 'paused', step: this.step };
      }
      if (control === 'checkpoint') {
        await this.saveCheckpoint();
        lastCheckpoint = now();
        continue;
      }
      const step = this.step + 1;
      const outcome = await this.train(step, { ...this.totals });
      if (outcome.status === 'diverged')
        return { status: 'diverged', step, error: this.rollBack(step, outcome.what) };
      this.totals = {
        tokens: this.totals.tokens + outcome.tokens,
        trainMs: this.totals.trainMs + outcome.ms,
      };
      this.step = step;
      this.history.points.push(outcome.point);
      this.hooks.onStep?.(outcome.point);
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
  async checkpoint(): Promise<RunCheckpoint<Point>> {
    return {
      step: this.step,
      ...this.totals,
      state: await this.trainer.readState(),
      history: structuredClone(this.history),
    };
  }

  private async evaluate(step: number): Promise<void> {
    if (!this.hooks.evaluate) return;
    const now = this.hooks.now ?? (() => performance.now());
    const started = now();
    const categories = await this.hooks.evaluate(step);
    const retention = await this.hooks.evaluateRetention?.(step);
    const report: EvalReport = {
      step,
      tokens: this.totals.tokens,
      ms: now() - started,
      categories,
      ...(retention ? { retention } : {}),
    };
    this.history.evals.push(report);
    this.hooks.onEval?.(report);
  }

  private async saveCheckpoint(): Promise<void> {
    this.lastGood = await this.checkpoint();
    await this.hooks.onCheckpoint?.(this.lastGood);
  }

  private rollBack(step: number, what: string): TrainingDivergedError {
    const good = this.lastGood as RunCheckpoint<Point>;
    this.trainer.writeState(good.state);
    this.step = good.step;
    this.totals = { tokens: good.tokens, trainMs: good.trainMs };
    this.history.points = structuredClone(good.history.points);
    this.history.evals = structuredClone(good.history.evals);
    return new TrainingDivergedError(
      `Training diverged at step ${step}: ${what}. The weights and optimizer are back at step ${good.step}, the last good checkpoint.`,
      'Lower the learning rate or raise the warm-up, then resume.',
      { step, restoredStep: good.step },
    );
  }
}
