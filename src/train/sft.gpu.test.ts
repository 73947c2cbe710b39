// The SFT loop on the tiny config: it lowers the loss on a small task, a run resumed from a
// checkpoint sees the same batches and reaches the same weights as one that never stopped, pause
// and cancel stop between steps, and a diverging step rolls weights and optimizer back to the last
// good checkpoint with a TrainingDivergedError.
import { afterEach, describe, expect, it } from 'vitest';
import { Generator } from '../decoding/generate.ts';
import { defaultConfig } from '../model/config.ts';
import { randomWeights } from '../model/parameters.ts';
import { GpuTransformer } from '../model/transformer.ts';
import { expectNoGpuErrors, testGpu } from '../testing/gpu.ts';
import { mulberry32 } from '../testing/random.ts';
import { evaluateGreedy } from './evaluation.ts';
import { DEFAULT_ADAMW } from './optimizerReference.ts';
import { TrainingDivergedError } from './runLoop.ts';
import { type SftCheckpoint, type SftData, SftRun, type SftSettings } from './sft.ts';
import { TrainStep } from './trainStep.ts';

afterEach(expectNoGpuErrors);

const config = defaultConfig();
const [BOS, EOS, PAD] = [config.bos_token_id, config.eos_token_id, config.pad_token_id];

/** Copy task: prompt <bos> a b c, completion a b c <eos> (tokens 40..49). */
const copyData: SftData = {
  pad: PAD,
  stream(step, micro) {
    const next = mulberry32(step * 131 + micro);
    return () => {
      const digits = Array.from({ length: 3 }, () => 40 + Math.floor(next() * 10));
      return { prompt: [BOS, ...digits], completion: [...digits, EOS] };
    };
  },
};

const SETTINGS: SftSettings = {
  steps: 6,
  B: 4,
  T: 24,
  accumulation: 2,
  peakLr: 1e-2,
  warmupSteps: 2,
  minLrRatio: 0.1,
  adamw: DEFAULT_ADAMW,
  evalEvery: 3,
  checkpointMinutes: 1e9,
  seed: 1,
};

async function setUp(seed = 3) {
  const gpu = await testGpu();
  const model = await GpuTransformer.create(gpu, config, randomWeights(config, seed));
  const trainer = await TrainStep.create(gpu, model, DEFAULT_ADAMW);
  const destroy = () => {
    trainer.destroy();
    model.destroy();
  };
  return { gpu, model, trainer, destroy };
}

describe('SFT loop', () => {
  it('lowers the loss, evaluates on schedule and checkpoints at the end', async () => {
    const { gpu, model, trainer, destroy } = await setUp();
    const generator = await Generator.create(gpu, model);
    const cases = [1, 2, 3].map((i) => ({
      category: i < 3 ? 'short' : 'long',
      prompt: [BOS, 40 + i],
      judge: (completion: number[]) => ({
        correct: completion[0] === 40 + i,
        formatOk: completion.at(-1) === EOS,
      }),
    }));
    const checkpoints: SftCheckpoint[] = [];
    const run = new SftRun(trainer, { ...SETTINGS, steps: 12 }, copyData, {
      evaluate: () => evaluateGreedy(generator, cases, { maxNewTokens: 4, batch: 2 }),
      onCheckpoint: (c) => void checkpoints.push(c),
    });
    expect(await run.run()).toEqual({ status: 'finished', step: 12 });
    const { points, evals } = run.progress;
    expect(points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(points[11].loss).toBeLessThan(points[0].loss * 0.8);
    expect(points[11].tokens).toBe(12 * 2 * 4 * 24);
    expect(evals.map((e) => e.step)).toEqual([3, 6, 9, 12]);
    expect(evals[0].categories.map((c) => [c.name, c.n])).toEqual([
      ['short', 2],
      ['long', 1],
    ]);
    expect(checkpoints.map((c) => c.step)).toEqual([12]);
    generator.destroy();
    destroy();
  });

  it('resumed from a checkpoint, reaches the weights of a run that never stopped', async () => {
    const straight = await setUp();
    await new SftRun(straight.trainer, SETTINGS, copyData).run();
    const expected = await straight.model.weights.read();
    straight.destroy();

    const first = await setUp();
    let asked = 0;
    const checkpoints: SftCheckpoint[] = [];
    const paused = await new SftRun(first.trainer, SETTINGS, copyData, {
      control: () => (++asked > 4 ? 'pause' : 'run'),
      onCheckpoint: (c) => void checkpoints.push(c),
    }).run();
    expect(paused).toEqual({ status: 'paused', step: 4 });
    first.destroy();

    const second = await setUp(99);
    const resumed = new SftRun(second.trainer, SETTINGS, copyData, {}, checkpoints[0]);
    expect(await resumed.run()).toEqual({ status: 'finished', step: 6 });
    const weights = await second.model.weights.read();
    for (const [name, data] of expected) expect(weights.get(name), name).toEqual(data);
    expect(resumed.progress.points).toHaveLength(6);
    second.destroy();
  });

  it('stops on cancel between steps', async () => {
    const { trainer, destroy } = await setUp();
    let asked = 0;
    const outcome = await new SftRun(trainer, SETTINGS, copyData, {
      control: () => (++asked > 2 ? 'cancel' : 'run'),
    }).run();
    expect(outcome).toEqual({ status: 'cancelled', step: 2 });
    destroy();
  });

  it('rolls back to the last good checkpoint when a step diverges', async () => {
    const { model, trainer, destroy } = await setUp();
    const start = await model.weights.read();
    const run = new SftRun(trainer, { ...SETTINGS, peakLr: 1e38, warmupSteps: 0 }, copyData);
    const outcome = await run.run();
    expect(outcome.status).toBe('diverged');
    if (outcome.status !== 'diverged') return;
    expect(outcome.error).toBeInstanceOf(TrainingDivergedError);
    expect(outcome.error.message).toMatch(/diverged at step \d+.*back at step 0/);
    const restored = await model.weights.read();
    for (const [name, data] of start) expect(restored.get(name), name).toEqual(data);
    expect(run.stepsDone).toBe(0);
    destroy();
  });
});
