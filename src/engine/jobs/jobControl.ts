// How the job service steers a running job between steps (the run loop asks before each one):
// cancel; pause, which saves a checkpoint unless the last one is of this step and then holds the
// loop until resume or cancel; a checkpoint on request (the page going hidden) or every N steps.
// Plain state, no GPU, so its rules are unit-tested (jobControl.test.ts).
import type { RunControl } from '../../train/runLoop.ts';
import type { JobAction } from './jobTypes.ts';

export type ControlState = 'running' | 'pausing' | 'paused';

export class JobControl {
  private current: ControlState = 'running';
  private cancelled = false;
  private checkpointAsked = false;
  private release: ((control: RunControl) => void) | null = null;
  private stepsDone: number;
  private lastCheckpoint: number;

  constructor(
    fromStep: number,
    /** Steps between checkpoints (undefined: only the run loop's own, every few minutes). */
    private readonly every: number | undefined,
    private readonly on: { paused(step: number): void; resumed(step: number): void },
  ) {
    this.stepsDone = fromStep;
    this.lastCheckpoint = fromStep;
  }

  get state(): ControlState {
    return this.current;
  }

  get step(): number {
    return this.stepsDone;
  }

  request(action: JobAction): void {
    if (action === 'cancel') {
      this.cancelled = true;
      this.settle('cancel');
    } else if (action === 'pause') {
      if (this.current === 'running') this.current = 'pausing';
    } else if (action === 'resume') {
      if (this.current === 'paused') {
        this.current = 'running';
        this.on.resumed(this.stepsDone);
        this.settle('run');
      } else this.current = 'running';
    } else if (this.current !== 'paused') {
      this.checkpointAsked = true;
    }
  }

  /** A step finished. */
  stepped(step: number): void {
    this.stepsDone = step;
  }

  /** A checkpoint of `step` was saved (asked for or not). */
  checkpointed(step: number): void {
    this.lastCheckpoint = step;
    if (step === this.stepsDone) this.checkpointAsked = false;
  }

  /** The run loop's question between steps. */
  next(): RunControl | Promise<RunControl> {
    if (this.cancelled) return 'cancel';
    if (this.current === 'pausing') {
      if (this.lastCheckpoint !== this.stepsDone) return 'checkpoint';
      this.current = 'paused';
      this.on.paused(this.stepsDone);
      return new Promise((resolve) => {
        this.release = resolve;
      });
    }
    const due = this.every !== undefined && this.stepsDone - this.lastCheckpoint >= this.every;
    if (this.checkpointAsked || due) {
      this.checkpointAsked = false;
      return 'checkpoint';
    }
    return 'run';
  }

  private settle(control: RunControl): void {
    const release = this.release;
    this.release = null;
    release?.(control);
  }
}
