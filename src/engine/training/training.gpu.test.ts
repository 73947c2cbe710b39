// The engine's training job through the worker, as the Trainer page and `npm run pretrain` use
// it: a tiny run streams steps, evaluations and checkpoint files; a run resumed from those files
// continues where it paused; the trained model downloads as a folder our loader reads and can
// become the loaded model; settings that cannot run are a TrainingError naming the field.
import { describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../model/checkpoint.ts';
import type { CheckpointFiles, TrainingEvent, TrainingRequest } from '../api.ts';
import { connectEngine, train } from '../client.ts';
import { TrainingError } from '../errors.ts';

const REQUEST: TrainingRequest = {
  settings: {
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

describe('training in the engine', () => {
  it('pauses with a checkpoint, resumes from its files, and exports a loadable model', async () => {
    const engine = connectEngine();
    await engine.init();
    const events: TrainingEvent[] = [];
    let paused = false;
    const outcome = await train(engine, { from: 'random', preset: 'tiny', seed: 2 }, REQUEST, (event) => {
      events.push(event);
      if (event.type === 'step' && event.point.step === 2 && !paused) {
        paused = true;
        void engine.controlTraining('pause');
      }
    });
    expect(outcome.status).toBe('paused');
    const checkpoint = events.find((e) => e.type === 'checkpoint');
    if (checkpoint?.type !== 'checkpoint') throw new Error('no checkpoint event');
    const files: CheckpointFiles = checkpoint.files;
    expect(files.run.step).toBe(outcome.step);
    expect(events.some((e) => e.type === 'eval' && e.report.step === 2)).toBe(true);

    const resumedEvents: TrainingEvent[] = [];
    const resumed = await train(engine, { from: 'checkpoint', files }, REQUEST, (e) => resumedEvents.push(e));
    expect(resumed).toEqual({ status: 'finished', step: 4 });
    const steps = resumedEvents.flatMap((e) => (e.type === 'step' ? [e.point.step] : []));
    expect(steps).toEqual(Array.from({ length: 4 - outcome.step }, (_, i) => outcome.step + 1 + i));
    const final = resumedEvents.find((e) => e.type === 'eval' && e.report.step === 4);
    if (final?.type !== 'eval') throw new Error('no final evaluation');
    expect(final.report.categories.map((c) => [c.name, c.n])).toEqual([
      ['add2 think', 4],
      ['sub2 think', 4],
    ]);

    const folder = await engine.trainedModelFiles();
    const text = (name: string) => new TextDecoder().decode(folder[name]);
    const loaded = loadCheckpoint({
      config: text('config.json'),
      safetensors: folder['model.safetensors'],
      tokenizer: text('tokenizer.json'),
    });
    expect(loaded.config.hidden_size).toBe(32);
    const info = await engine.useTrainedModel('trained-test');
    expect(info).toMatchObject({ name: 'trained-test', source: 'trained', trained: true });
  });

  it('refuses settings that cannot run, naming the field', async () => {
    const engine = connectEngine();
    await engine.init();
    const error = await train(
      engine,
      { from: 'random', preset: 'tiny', seed: 1 },
      { ...REQUEST, mix: { ...REQUEST.mix, maxDigits: 4, mul: 1 }, settings: { ...REQUEST.settings, T: 48 } },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as TrainingError).message).toMatch(/cannot hold this mix's longest example/);
    expect((error as TrainingError).details).toEqual({ field: 'T' });
  });
});
