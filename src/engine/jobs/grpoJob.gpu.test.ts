// The GRPO job through the worker's job API, as the RL page uses it: a tiny run from the loaded
// model sends points, scored rollouts, evaluations and checkpoint files (its reference as an
// extra), a checkpoint when asked (during its set-up: before its first step) and one at a pause;
// a job cancelled while paused resumes from those files in a new job with the same reference; a checkpoint of another kind, or settings that would cut
// correct answers, are refused; a run whose loss turns non-finite stops with a message, rolled
// back to its last good checkpoint; a run with a retention panel and replay evaluates the panel
// with every evaluation and replays its skills in every step.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRPO, type GrpoJobSettings, type JobEventOf } from '../api.ts';
import { connectEngine, startJob } from '../client.ts';
import { CheckpointError, TrainingError } from '../errors.ts';

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

type GrpoEvent = JobEventOf<'grpo'>;

describe('the GRPO job in the engine', () => {
  it('checkpoints when asked and at a pause, and resumes from its files after a cancel', async () => {
    const engine = connectEngine();
    await engine.init();
    await engine.loadModel('tiny-test');
    const events: GrpoEvent[] = [];
    let id = '';
    let paused: () => void = () => {};
    const pausedNow = new Promise<void>((resolve) => (paused = resolve));
    const job = startJob(engine, { kind: 'grpo', start: { from: 'loaded' }, settings: SETTINGS }, (event) => {
      events.push(event);
      if (event.type === 'started') {
        id = event.job.id;
        void engine.controlJob(id, 'checkpoint');
      }
      if (event.type === 'step' && event.point.step === 2) void engine.controlJob(id, 'pause');
      if (event.type === 'paused') paused();
    });
    await pausedNow;
    await engine.controlJob(id, 'cancel');
    expect(await job).toEqual({ id, status: 'cancelled', step: 2 });
    const checkpoints = events.flatMap((e) => (e.type === 'checkpoint' ? [e.files] : []));
    expect(checkpoints.map((f) => f.run.step)).toEqual([0, 0, 2]);
    expect(checkpoints[2].run).toMatchObject({ kind: 'grpo', extras: ['reference'] });
    expect(checkpoints[2].extras.reference).toEqual(checkpoints[0].extras.reference);
    const rollouts = events.find((e) => e.type === 'latest');
    if (rollouts?.type !== 'latest') throw new Error('no rollouts event');
    expect(rollouts.value).toHaveLength(4);
    const first = rollouts.value[0];
    expect(first.promptText).toMatch(/^<bos>\d\+\d=<no_think>$/);
    expect(first.tokens).toHaveLength(first.logProb.length);
    expect(first.refLogProb).toHaveLength(first.tokens.length);
    expect(first.reason.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === 'eval').map((e) => e.type === 'eval' && e.report.step)).toEqual([
      0, 2,
    ]);

    const foreign = await startJob(engine, {
      kind: 'sft',
      start: { from: 'checkpoint', files: checkpoints[2] as never },
    }).catch((e: unknown) => e);
    expect(foreign).toBeInstanceOf(CheckpointError);
    expect((foreign as Error).message).toMatch(/checkpoint of a grpo job/);

    const resumed: GrpoEvent[] = [];
    const done = await startJob(
      engine,
      { kind: 'grpo', start: { from: 'checkpoint', files: checkpoints[2] } },
      (e) => resumed.push(e),
    );
    expect(done).toMatchObject({ status: 'finished', step: 3 });
    expect(resumed.flatMap((e) => (e.type === 'step' ? [e.point.step] : []))).toEqual([3]);
    const point = resumed.find((e) => e.type === 'step');
    if (point?.type !== 'step') throw new Error('no step');
    expect(point.point.kl).toBeGreaterThanOrEqual(0);
    expect(point.progress).toMatchObject({ step: 3, steps: 3, etaMs: 0 });
  });

  it('evaluates the retention panel with every evaluation and replays its skills', async () => {
    const engine = connectEngine();
    await engine.init();
    await engine.loadModel('tiny-test');
    const events: GrpoEvent[] = [];
    const settings: GrpoJobSettings = {
      ...SETTINGS,
      steps: 1,
      maxNewTokens: 26,
      retention: { categories: ['add2 think', 'sub2 think'], perCategory: 2, seed: 2 },
      replayShare: 0.5,
    };
    const outcome = await startJob(engine, { kind: 'grpo', start: { from: 'loaded' }, settings }, (e) =>
      events.push(e),
    );
    expect(outcome.status).toBe('finished');
    const evals = events.flatMap((e) => (e.type === 'eval' ? [e.report] : []));
    expect(evals.map((r) => r.step)).toEqual([0, 1]);
    for (const report of evals) {
      expect(report.categories.map((c) => c.name)).toEqual(['add1 no-think']);
      expect(report.retention?.map((c) => [c.name, c.n])).toEqual([
        ['add2 think', 2],
        ['sub2 think', 2],
      ]);
    }
    const rollouts = events.find((e) => e.type === 'latest');
    if (rollouts?.type !== 'latest') throw new Error('no rollouts event');
    expect(rollouts.value.map((r) => r.promptText.endsWith('<think>'))).toEqual([false, false, true, true]);
  });

  it('refuses a max-new-tokens that would cut correct answers', async () => {
    const engine = connectEngine();
    await engine.init();
    await engine.loadModel('tiny-test');
    const error = await startJob(engine, {
      kind: 'grpo',
      start: { from: 'loaded' },
      settings: { ...SETTINGS, maxNewTokens: 3 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as Error).message).toMatch(/would cut correct answers/);
    expect((error as TrainingError).details).toEqual({ field: 'maxNewTokens' });
  });

  it('stops a run whose loss turns non-finite, back at its last good checkpoint, and says so', async () => {
    const engine = connectEngine();
    await engine.init();
    await engine.loadModel('tiny-test');
    const events: GrpoEvent[] = [];
    const outcome = await startJob(
      engine,
      {
        kind: 'grpo',
        start: { from: 'loaded' },
        settings: {
          ...SETTINGS,
          steps: 4,
          evalEvery: 0,
          lr: 1e38,
          warmupSteps: 0,
          adamw: { ...SETTINGS.adamw, weightDecay: 0.5 },
        },
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
