// The shared training loop with a fake trainer (its state is one number): evaluation cadence
// including the baseline before the first step, pause with a checkpoint and resume, a checkpoint
// asked between steps, a control that holds the run until it settles, and the rollback to the
// last good checkpoint when a step diverges.
import { describe, expect, it } from 'vitest';
import type { ModelWeights } from '../model/parameters.ts';
import type { OptimizerState } from './adamw.ts';
import { type LoopSettings, type RunControl, TrainingDivergedError, TrainingLoop } from './runLoop.ts';
import type { TrainerState, TrainStep } from './trainStep.ts';

/** A trainer whose whole state is `value` (stored as a one-element weight). */
function fakeTrainer() {
  const trainer = {
    value: 0,
    async readState(): Promise<TrainerState> {
      return {
        weights: new Map([['w', new Float32Array([trainer.value])]]) as ModelWeights,
        optimizer: {} as OptimizerState,
      };
    },
    writeState(state: TrainerState) {
      trainer.value = (state.weights.get('w') as Float32Array)[0];
    },
  };
  return trainer;
}

const SETTINGS: LoopSettings = { steps: 4, evalEvery: 2, checkpointMinutes: 1e9 };

function loop(
  settings: LoopSettings,
  options: { divergeAt?: number; control?: () => RunControl | Promise<RunControl> } = {},
) {
  const trainer = fakeTrainer();
  const evaluated: number[] = [];
  const checkpoints: number[] = [];
  const run = new TrainingLoop<{ step: number }>(
    trainer as unknown as TrainStep,
    settings,
    async (step) => {
      if (step === options.divergeAt) return { status: 'diverged', what: 'the loss was NaN' };
      trainer.value += 1;
      return { status: 'ok', point: { step }, tokens: 10, ms: 1 };
    },
    {
      evaluate: async (step) => {
        evaluated.push(step);
        return [{ name: 'all', n: 1, correct: trainer.value, formatOk: 1 }];
      },
      control: options.control,
      onCheckpoint: (c) => void checkpoints.push(c.step),
    },
  );
  return { trainer, evaluated, checkpoints, run };
}

describe('the training loop', () => {
  it('evaluates every evalEvery steps and at the end, and before the first step when asked', async () => {
    const plain = loop(SETTINGS);
    expect(await plain.run.run()).toEqual({ status: 'finished', step: 4 });
    expect(plain.evaluated).toEqual([2, 4]);
    const withBaseline = loop({ ...SETTINGS, evalAtStart: true });
    await withBaseline.run.run();
    expect(withBaseline.evaluated).toEqual([0, 2, 4]);
    expect(withBaseline.run.progress.evals.map((e) => [e.step, e.categories[0].correct])).toEqual([
      [0, 0],
      [2, 2],
      [4, 4],
    ]);
  });

  it('pauses with a checkpoint; a loop resumed from it does not evaluate the baseline again', async () => {
    let asked = 0;
    const first = loop(
      { ...SETTINGS, evalAtStart: true },
      { control: () => (++asked > 3 ? 'pause' : 'run') },
    );
    expect(await first.run.run()).toEqual({ status: 'paused', step: 3 });
    const saved = await first.run.checkpoint();
    const trainer = fakeTrainer();
    const evaluated: number[] = [];
    const resumed = new TrainingLoop<{ step: number }>(
      trainer as unknown as TrainStep,
      { ...SETTINGS, evalAtStart: true },
      async (step) => {
        trainer.value += 1;
        return { status: 'ok', point: { step }, tokens: 10, ms: 1 };
      },
      {
        evaluate: async (step) => {
          evaluated.push(step);
          return [];
        },
      },
      saved,
    );
    expect(trainer.value).toBe(3);
    expect(await resumed.run()).toEqual({ status: 'finished', step: 4 });
    expect(evaluated).toEqual([4]);
    expect(resumed.progress.points.map((p) => p.step)).toEqual([1, 2, 3, 4]);
  });

  it('checkpoints when asked between steps and goes on; a control promise holds the run', async () => {
    const asked: number[] = [];
    let release: (control: RunControl) => void = () => {};
    const { run, checkpoints, trainer } = loop(SETTINGS, {
      control: () => {
        asked.push(trainer.value);
        if (asked.length === 3) return 'checkpoint';
        if (asked.length === 4) return new Promise<RunControl>((resolve) => (release = resolve));
        return 'run';
      },
    });
    const outcome = run.run();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(checkpoints).toEqual([2]);
    expect(run.stepsDone).toBe(2);
    release('run');
    expect(await outcome).toEqual({ status: 'finished', step: 4 });
    expect(asked).toEqual([0, 1, 2, 2, 3]);
    expect(checkpoints).toEqual([2, 4]);
  });

  it('rolls a diverged step back to the last good checkpoint and says where', async () => {
    const { trainer, run } = loop({ ...SETTINGS, evalAtStart: true }, { divergeAt: 3 });
    const outcome = await run.run();
    expect(outcome.status).toBe('diverged');
    if (outcome.status !== 'diverged') return;
    expect(outcome.error).toBeInstanceOf(TrainingDivergedError);
    expect(outcome.error.message).toBe(
      'Training diverged at step 3: the loss was NaN. The weights and optimizer are back at step 0, the last good checkpoint.',
    );
    expect(trainer.value).toBe(0);
    expect(run.progress.points).toEqual([]);
    expect(run.progress.evals.map((e) => e.step)).toEqual([0]);
  });
});
