// The SFT job through the worker's job API, as the Trainer page and `npm run pretrain` use it: a
// tiny run sends its id, a step-0 checkpoint at once, steps with progress, evaluations and
// checkpoint files; a pause holds the job (a second job is refused, naming it) until it resumes
// in place and finishes; a new job resumes from the pause's checkpoint files; the trained model
// downloads as a folder our loader reads and becomes the loaded model; settings that cannot run
// are a TrainingError naming the field. (The pause is asked at step 2, whose evaluation gives
// the request time to arrive before the next step.)
import { describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../model/checkpoint.ts';
import type { JobEventOf, JobRequestOf, SftJobSettings } from '../api.ts';
import { connectEngine, startJob } from '../client.ts';
import { JobRunningError, TrainingError } from '../errors.ts';

const SETTINGS: SftJobSettings = {
  training: {
    steps: 4,
    B: 4,
    T: 48,
    accumulation: 1,
    peakLr: 3e-3,
    warmupSteps: 1,
    minLrRatio: 0.1,
    adamw: { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, clipNorm: 1 },
    evalEvery: 2,
    checkpointMinutes: 1e9,
    seed: 5,
  },
  mix: { add: 1, sub: 1, mul: 0, maxDigits: 2, think: 3, noThink: 1, budget: 0 },
  eval: { perCategory: 3, finalPerCategory: 4, modes: ['think'], maxNewTokens: 30, batch: 8 },
};
const REQUEST: JobRequestOf<'sft'> = {
  kind: 'sft',
  start: { from: 'random', preset: 'tiny', seed: 2 },
  settings: SETTINGS,
};

type SftEvent = JobEventOf<'sft'>;

describe('the SFT job in the engine', () => {
  it('pauses and resumes in place, refuses a second job, resumes from files, exports the model', async () => {
    const engine = connectEngine();
    await engine.init();
    const events: SftEvent[] = [];
    let id = '';
    let paused: () => void = () => {};
    const pausedNow = new Promise<void>((resolve) => (paused = resolve));
    const first = startJob(engine, REQUEST, (event) => {
      events.push(event);
      if (event.type === 'started') id = event.job.id;
      if (event.type === 'step' && event.point.step === 2) void engine.controlJob(id, 'pause');
      if (event.type === 'paused') paused();
    });
    await pausedNow;
    expect(events[0]).toEqual({ type: 'started', job: { id, kind: 'sft', steps: 4, fromStep: 0 } });
    expect(events[1].type === 'checkpoint' && events[1].files.run.step).toBe(0);
    const checkpoints = events.flatMap((e) => (e.type === 'checkpoint' ? [e.files] : []));
    expect(checkpoints.map((f) => f.run.step)).toEqual([0, 2]);
    expect(checkpoints[1].run).toMatchObject({ kind: 'sft', settings: SETTINGS, extras: [] });
    const step2 = events.find((e) => e.type === 'step' && e.point.step === 2);
    expect(step2?.type === 'step' && step2.progress).toMatchObject({ step: 2, steps: 4 });
    expect(events.some((e) => e.type === 'eval' && e.report.step === 2)).toBe(true);

    const refused = await startJob(engine, REQUEST).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(JobRunningError);
    expect((refused as JobRunningError).message).toBe(`A SFT job (${id}) is paused at step 2.`);
    expect((refused as JobRunningError).details).toMatchObject({ id, state: 'paused', step: 2 });
    expect(await engine.controlJob('sft-999', 'resume').catch((e: unknown) => e)).toBeInstanceOf(
      TrainingError,
    );
    await engine.controlJob(id, 'resume');
    expect(await first).toEqual({ id, status: 'finished', step: 4 });
    expect(events.flatMap((e) => (e.type === 'step' ? [e.point.step] : []))).toEqual([1, 2, 3, 4]);
    expect(events.filter((e) => e.type === 'paused' || e.type === 'resumed').map((e) => e.type)).toEqual([
      'paused',
      'resumed',
    ]);

    const resumedEvents: SftEvent[] = [];
    const resumed = await startJob(
      engine,
      { kind: 'sft', start: { from: 'checkpoint', files: checkpoints[1] } },
      (e) => resumedEvents.push(e),
    );
    const second = resumedEvents[0].type === 'started' ? resumedEvents[0].job : null;
    expect(second).toMatchObject({ kind: 'sft', steps: 4, fromStep: 2 });
    expect(resumed).toEqual({ id: second?.id, status: 'finished', step: 4 });
    expect(resumedEvents.flatMap((e) => (e.type === 'step' ? [e.point.step] : []))).toEqual([3, 4]);
    const final = resumedEvents.find((e) => e.type === 'eval' && e.report.step === 4);
    if (final?.type !== 'eval') throw new Error('no final evaluation');
    expect(final.report.categories.map((c) => [c.name, c.n])).toEqual([
      ['add2 think', 4],
      ['sub2 think', 4],
    ]);

    const folder = await engine.jobFiles(second?.id ?? '');
    const text = (name: string) => new TextDecoder().decode(folder[name]);
    const loaded = loadCheckpoint({
      config: text('config.json'),
      safetensors: folder['model.safetensors'],
      tokenizer: text('tokenizer.json'),
    });
    expect(loaded.config.hidden_size).toBe(32);
    expect(await engine.jobFiles(id).catch((e: unknown) => e)).toBeInstanceOf(TrainingError);
    const info = await engine.useTrainedModel('trained-test', second?.id);
    expect(info).toMatchObject({ name: 'trained-test', source: 'trained', trained: true });
  });

  it('refuses settings that cannot run, naming the field', async () => {
    const engine = connectEngine();
    await engine.init();
    const error = await startJob(engine, {
      ...REQUEST,
      settings: { ...SETTINGS, mix: { ...SETTINGS.mix, maxDigits: 4, mul: 1 } },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as TrainingError).message).toMatch(/cannot hold this mix's longest example/);
    expect((error as TrainingError).details).toEqual({ field: 'T' });
  });
});
