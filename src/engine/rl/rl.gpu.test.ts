// The engine's RL job through the worker, as the RL page uses it: a tiny GRPO run from the loaded
// model streams points, scored rollouts, an evaluation and checkpoint files; a run resumed from
// those files continues where it paused, with the same reference; settings that would cut
// correct answers are a TrainingError saying so; a run whose loss turns non-finite stops with a
// message, rolled back to its last good checkpoint.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRPO, type GrpoJobSettings, type RlEvent } from '../api.ts';
import { connectEngine, trainRl } from '../client.ts';
import { TrainingError } from '../errors.ts';

const SETTINGS: GrpoJobSettings = {
  ...DEFAULT_GRPO,
  task: { difficulty: 1, ops: ['add'], mode: 'no_think' },
  steps: 3,
  promptsPerStep: 2,
  groupSize: 2,
  maxNewTokens: 12,
  evalEvery: 2,
  heldOut: 4,
  checkpointMinutes: 1e9,
  lr: 1e-3,
};

describe('RL in the engine', () => {
  it('streams steps and rollouts, pauses with a checkpoint and resumes from its files', async () => {
    const engine = connectEngine();
    await engine.init();
    await engine.loadModel('tiny-test');
    const events: RlEvent[] = [];
    let paused = false;
    const outcome = await trainRl(engine, { from: 'loaded' }, SETTINGS, (event) => {
      events.push(event);
      if (event.type === 'step' && event.point.step === 2 && !paused) {
        paused = true;
        void engine.controlRl('pause');
      }
    });
    expect(outcome).toEqual({ status: 'paused', step: 2 });
    const rollouts = events.find((e) => e.type === 'rollouts');
    if (rollouts?.type !== 'rollouts') throw new Error('no rollouts event');
    expect(rollouts.rollouts).toHaveLength(4);
    const first = rollouts.rollouts[0];
    expect(first.promptText).toMatch(/^<bos>\d\+\d=<no_think>$/);
    expect(first.tokens).toHaveLength(first.logProb.length);
    expect(first.refLogProb).toHaveLength(first.tokens.length);
    expect(first.reason.length).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'eval' && e.report.step === 2)).toBe(true);
    const checkpoint = events.findLast((e) => e.type === 'checkpoint');
    if (checkpoint?.type !== 'checkpoint') throw new Error('no checkpoint event');
    expect(checkpoint.files.run.step).toBe(2);

    const resumed: RlEvent[] = [];
    const done = await trainRl(engine, { from: 'checkpoint', files: checkpoint.files }, SETTINGS, (e) =>
      resumed.push(e),
    );
    expect(done).toEqual({ status: 'finished', step: 3 });
    expect(resumed.flatMap((e) => (e.type === 'step' ? [e.point.step] : []))).toEqual([3]);
    const point = resumed.find((e) => e.type === 'step');
    if (point?.type !== 'step') throw new Error('no step');
    expect(point.point.kl).toBeGreaterThanOrEqual(0);
  });

  it('refuses a max-new-tokens that would cut correct answers', async () => {
    const engine = connectEngine();
    await engine.init();
    await engine.loadModel('tiny-test');
    const error = await trainRl(engine, { from: 'loaded' }, { ...SETTINGS, maxNewTokens: 3 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as Error).message).toMatch(/would cut correct answers/);
  });

  it('stops a run whose loss turns non-finite, back at its last good checkpoint, and says so', async () => {
    const engine = connectEngine();
    await engine.init();
    await engine.loadModel('tiny-test');
    const events: RlEvent[] = [];
    const outcome = await trainRl(
      engine,
      { from: 'loaded' },
      {
        ...SETTINGS,
        steps: 4,
        evalEvery: 0,
        lr: 1e38,
        warmupSteps: 0,
        adamw: { ...SETTINGS.adamw, weightDecay: 0.5 },
      },
      (e) => events.push(e),
    );
    expect(outcome.status).toBe('diverged');
    if (outcome.status !== 'diverged') return;
    expect(outcome.message).toMatch(
      /^Training diverged at step \d: .*back at step 0, the last good checkpoint\.$/,
    );
    expect(outcome.hint).toMatch(/Lower the learning rate/);
    expect(events.filter((e) => e.type === 'eval').map((e) => e.type === 'eval' && e.report.step)).toEqual([
      0,
    ]);
  });
});
