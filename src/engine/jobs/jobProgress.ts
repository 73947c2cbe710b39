// A job's progress as its step events carry it: steps done of the total, wall-clock time per step
// in this job so far (evaluations included, time spent paused not) and the ETA that follows.
import type { JobProgress } from './jobTypes.ts';

export class ProgressClock {
  private readonly started: number;
  private held = 0;
  private heldSince: number | null = null;

  constructor(
    private readonly fromStep: number,
    private readonly steps: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** The job paused: its time stops counting until release(). */
  hold(): void {
    this.heldSince ??= this.now();
  }

  release(): void {
    if (this.heldSince === null) return;
    this.held += this.now() - this.heldSince;
    this.heldSince = null;
  }

  at(step: number): JobProgress {
    const done = step - this.fromStep;
    const msPerStep = done > 0 ? (this.now() - this.started - this.held) / done : 0;
    return { step, steps: this.steps, msPerStep, etaMs: (this.steps - step) * msPerStep };
  }
}
