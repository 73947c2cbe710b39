// How the job service steers a job between steps, without a GPU: a pause saves a checkpoint
// unless one of this step exists, then holds until resume or cancel; checkpoints on request and
// every N steps; and the progress clock's ETA, which does not count time spent paused.
import { describe, expect, it } from 'vitest';
import type { RunControl } from '../../train/runLoop.ts';
import { JobControl } from './jobControl.ts';
import { ProgressClock } from './jobProgress.ts';

function control(every?: number, fromStep = 0) {
  const heard: string[] = [];
  const steering = new JobControl(fromStep, every, {
    paused: (step) => heard.push(`paused ${step}`),
    resumed: (step) => heard.push(`resumed ${step}`),
  });
  return { steering, heard };
}

describe('job control', () => {
  it('runs, then pauses with a checkpoint and holds until resume', async () => {
    const { steering, heard } = control();
    expect(steering.next()).toBe('run');
    steering.stepped(1);
    steering.request('pause');
    expect(steering.state).toBe('pausing');
    expect(steering.next()).toBe('checkpoint');
    steering.checkpointed(1);
    const held = steering.next() as Promise<RunControl>;
    expect(held).toBeInstanceOf(Promise);
    expect(steering.state).toBe('paused');
    expect(heard).toEqual(['paused 1']);
    steering.request('checkpoint');
    steering.request('resume');
    expect(await held).toBe('run');
    expect(heard).toEqual(['paused 1', 'resumed 1']);
    expect(steering.next()).toBe('run');
  });

  it('pauses without another checkpoint when the last one is of this step; cancel ends a hold', async () => {
    const { steering } = control(undefined, 4);
    steering.request('pause');
    const held = steering.next();
    expect(steering.state).toBe('paused');
    steering.request('cancel');
    expect(await held).toBe('cancel');
    expect(steering.next()).toBe('cancel');
  });

  it('checkpoints once on request and every N steps', () => {
    const { steering } = control(3);
    const asked: RunControl[] = [];
    for (let step = 1; step <= 7; step++) {
      if (step === 2) steering.request('checkpoint');
      let answer = steering.next() as RunControl;
      while (answer === 'checkpoint') {
        asked.push(answer);
        steering.checkpointed(steering.step);
        answer = steering.next() as RunControl;
      }
      asked.push(answer);
      steering.stepped(step);
    }
    // Asked before steps 1..7: the requested checkpoint (of step 1), then 3 steps on (of step 4).
    expect(asked).toEqual(['run', 'checkpoint', 'run', 'run', 'run', 'checkpoint', 'run', 'run', 'run']);
  });

  it('measures time per step and the ETA, without the time spent paused', () => {
    let now = 1000;
    const clock = new ProgressClock(10, 20, () => now);
    now += 500;
    expect(clock.at(11)).toEqual({ step: 11, steps: 20, msPerStep: 500, etaMs: 4500 });
    clock.hold();
    now += 10_000;
    clock.release();
    now += 500;
    expect(clock.at(12)).toEqual({ step: 12, steps: 20, msPerStep: 500, etaMs: 4000 });
    expect(new ProgressClock(0, 5, () => now).at(0).msPerStep).toBe(0);
  });
});
