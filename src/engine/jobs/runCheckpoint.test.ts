// The one run checkpoint format, for both job kinds: a round trip keeps the kind, the settings,
// the trainer state, the history and the extras (GRPO's reference); a step-0 checkpoint holds the
// start weights and an untouched optimizer; damaged, foreign or older files are named in a
// CheckpointError.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRPO } from '../../methods/grpo/grpoJob.ts';
import { BASE_MIX } from '../../methods/sft/baseMixture.ts';
import type { SftJobSettings } from '../../methods/sft/sftSettings.ts';
import { CheckpointError } from '../../model/checkpointError.ts';
import { defaultConfig } from '../../model/config.ts';
import { randomWeights } from '../../model/parameters.ts';
import { DEFAULT_ADAMW } from '../../train/optimizerReference.ts';
import type { RunCheckpoint } from '../../train/runLoop.ts';
import type { SftPoint } from '../../train/sft.ts';
import { runCheckpointFromFiles, runCheckpointToFiles, startCheckpoint } from './runCheckpoint.ts';

const config = defaultConfig();
const SFT: SftJobSettings = {
  training: {
    steps: 10,
    B: 2,
    T: 32,
    accumulation: 1,
    peakLr: 1e-3,
    warmupSteps: 1,
    minLrRatio: 0.1,
    adamw: DEFAULT_ADAMW,
    evalEvery: 0,
    checkpointMinutes: 1,
    seed: 1,
  },
  mix: BASE_MIX,
  eval: { perCategory: 2, finalPerCategory: 4, modes: ['think'], maxNewTokens: 30, batch: 8 },
};
const point: SftPoint = {
  step: 3,
  loss: 1.5,
  lr: 1e-3,
  gradNorm: 0.7,
  tokens: 192,
  trainMs: 1234,
  tokensPerSecond: 155,
};
const checkpoint: RunCheckpoint<SftPoint> = {
  step: 3,
  tokens: 192,
  trainMs: 1234,
  history: { points: [point], evals: [{ step: 2, tokens: 128, ms: 5, categories: [] }] },
  state: {
    weights: randomWeights(config, 1),
    optimizer: { steps: 3, m: randomWeights(config, 2), v: randomWeights(config, 3) },
  },
};
const reference = randomWeights(config, 4);

const sftFiles = () => runCheckpointToFiles({ kind: 'sft', settings: SFT, config, checkpoint, extras: {} });
const grpoFiles = () =>
  runCheckpointToFiles({
    kind: 'grpo',
    settings: DEFAULT_GRPO,
    config,
    checkpoint: { ...checkpoint, history: { points: [], evals: [] } },
    extras: { reference },
  });

function expectSame(a: Map<string, Float32Array>, b: Map<string, Float32Array>) {
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [name, data] of a) expect(b.get(name), name).toEqual(data);
}

describe('run checkpoint files', () => {
  it('round-trip an SFT run: kind, settings, state, both moments, the step count and history', () => {
    const files = sftFiles();
    expect(files.run).toMatchObject({ format: 'reasoning-lab-run/1', kind: 'sft', step: 3, extras: [] });
    const back = runCheckpointFromFiles(structuredClone(files));
    expect(back.kind).toBe('sft');
    expect(back.settings).toEqual(SFT);
    expect(back.config).toEqual(config);
    expect(back.checkpoint.history).toEqual(checkpoint.history);
    expect(back.checkpoint.state.optimizer.steps).toBe(3);
    expectSame(checkpoint.state.weights, back.checkpoint.state.weights);
    expectSame(checkpoint.state.optimizer.m, back.checkpoint.state.optimizer.m);
    expectSame(checkpoint.state.optimizer.v, back.checkpoint.state.optimizer.v);
    expect(back.extras).toEqual({});
  });

  it('round-trip a GRPO run with its reference as an extra', () => {
    const files = grpoFiles();
    expect(files.run.extras).toEqual(['reference']);
    expect(Object.keys(files.extras)).toEqual(['reference']);
    const back = runCheckpointFromFiles(structuredClone(files));
    expect(back.kind).toBe('grpo');
    expect(back.settings).toEqual(DEFAULT_GRPO);
    expectSame(reference, back.extras.reference);
    expectSame(checkpoint.state.weights, back.checkpoint.state.weights);
  });

  it('hold the start weights and an optimizer that took no step at step 0', () => {
    const start = randomWeights(config, 9);
    const zero = startCheckpoint(config, start);
    expect(zero).toMatchObject({ step: 0, tokens: 0, trainMs: 0, history: { points: [], evals: [] } });
    const files = runCheckpointToFiles({ kind: 'sft', settings: SFT, config, checkpoint: zero, extras: {} });
    const back = runCheckpointFromFiles(files).checkpoint.state;
    expectSame(start, back.weights);
    expect(back.optimizer.steps).toBe(0);
    for (const [name, data] of back.optimizer.m)
      expect(
        data.every((x) => x === 0),
        name,
      ).toBe(true);
    expect(back.optimizer.v.size).toBe(start.size);
  });

  it('name what is wrong with damaged, foreign or older files', () => {
    const fails = (files: unknown, message: RegExp) => {
      const error = (() => {
        try {
          runCheckpointFromFiles(files as ReturnType<typeof sftFiles>);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(CheckpointError);
      expect((error as Error).message).toMatch(message);
    };
    const files = sftFiles();
    fails({ ...files, run: { ...files.run, format: 'other' } }, /not a Reasoning Lab run checkpoint/);
    fails({ ...files, run: { ...files.run, format: 'reasoning-lab-sft-run/1' } }, /older format/);
    fails({ ...files, run: { ...files.run, kind: 'distill' } }, /job kind "distill"/);
    fails({ ...files, weights: files.weights.slice(0, 100) }, /safetensors|model/i);
    fails(
      { ...files, run: { ...files.run, config: defaultConfig({ hidden_size: 48, head_dim: 12 }) } },
      /lack/,
    );
    fails({ ...files, optimizer: files.weights }, /steps|lack m\//);
    const grpo = grpoFiles();
    fails({ ...grpo, extras: {} }, /lacks reference\.safetensors/);
    fails({ ...grpo, extras: { reference: grpo.weights.slice(0, 100) } }, /safetensors|reference/i);
  });
});
