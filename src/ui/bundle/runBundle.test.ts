// The run bundle's format in Node: a bundle written and read back gives the same run, points,
// evaluations and rollouts (typed arrays as typed arrays) and byte-equal model files; each kind
// of bad file gets its own BundleError naming what is wrong.
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { EvalReport, GrpoPoint, RolloutView, SftPoint } from '../../engine/api.ts';
import { BundleError } from './bundleError.ts';
import { type AnyRunBundle, type RunBundle, readBundle, writeBundle } from './runBundle.ts';

const EVALS: EvalReport[] = [
  { step: 0, tokens: 0, ms: 812.5, categories: [{ name: 'add1 no-think', n: 8, correct: 3, formatOk: 7 }] },
  {
    step: 2,
    tokens: 4096,
    ms: 790.25,
    categories: [
      { name: 'add1 no-think', n: 8, correct: 5, formatOk: 8 },
      { name: 'mul1, "quoted"', n: 8, correct: 1, formatOk: 6 },
    ],
    retention: [
      { name: 'add3 think', n: 4, correct: 4, formatOk: 4 },
      { name: 'mul2x2 think', n: 4, correct: 2, formatOk: 3 },
    ],
  },
];

const grpoPoint = (step: number, kl: number | null): GrpoPoint => ({
  step,
  lr: 1e-5 * step,
  meanReward: 0.1 + step / 3,
  rewardLow: -0.05,
  rewardHigh: 0.7,
  rollouts: 8,
  informativeGroups: 1,
  meanResponseLength: 7.25,
  entropy: 1.2345678901234,
  kl,
  clipFraction: 0,
  loss: -0.0123,
  gradNorm: 0.5,
  rolloutMs: 1200.5,
  scoringMs: 3,
  updateMs: 400,
  tokens: 200 * step,
  trainMs: 1700 * step,
});

const rollout = (group: number, sample: number, finish: RolloutView['finish']): RolloutView => ({
  group,
  sample,
  row: 0,
  prompt: [0, 20, 11, 30],
  response: [21, 22, 1],
  promptText: '<bos>3+4=',
  text: '7<eos>',
  tokens: ['7', ' ', '<eos>'],
  finish,
  reward: sample % 2,
  reason: sample % 2 ? 'correct' : 'wrong answer 8 (expected 7)',
  advantage: sample % 2 ? 0.75 : -0.75,
  advantages: Float32Array.from([0.75, 0.75, Number.NaN]),
  mask: Uint8Array.from([1, 1, 0]),
  logProb: Float32Array.from([-0.1, -2.5e-7, Number.NEGATIVE_INFINITY]),
  refLogProb: group === 0 ? Float32Array.from([-0.2, -0.3, -0.4]) : null,
  ratio: Float32Array.from([1, 1.0001, 0.99]),
  clipped: Uint8Array.from([0, 1, 0]),
  ...(group === 1 && {
    multiplex: {
      width: 2,
      indices: Uint32Array.from([21, 23, 22, 22]),
      weights: Float32Array.from([0.6, 0.4, 1, 0]),
      logProbs: Float32Array.from([-0.5, -0.9, -0.01, 0]),
      thinkingSteps: 2,
    },
  }),
});

const MODEL = {
  'config.json': strToU8('{"model_type":"llama"}'),
  'model.safetensors': Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) % 256),
  'tokenizer.json': strToU8('{}'),
  'tokenizer_config.json': strToU8('{}'),
  'onnx/model.onnx': Uint8Array.from([8, 1, 2, 3]),
};

const GRPO: RunBundle<'grpo'> = {
  name: 'grpo-run-test',
  run: {
    kind: 'grpo',
    status: 'finished',
    message: null,
    steps: 2,
    startedAt: '2025-01-02T03:04:05.000Z',
    savedAt: '2025-01-02T03:14:05.000Z',
    commit: 'abc123-dirty',
    startModel: 'tiny-test',
    start: { from: 'loaded' },
    settings: { steps: 2, seed: 4, task: { difficulty: 1, ops: ['add'], mode: 'no_think' } } as never,
    model: { step: 2 },
  },
  points: [grpoPoint(1, null), grpoPoint(2, 0.00123)],
  evals: EVALS,
  perStep: [
    { step: 1, value: [rollout(0, 0, 'eos'), rollout(0, 1, 'length'), rollout(1, 0, 'eos')] },
    { step: 2, value: [rollout(0, 0, 'nonFinite'), rollout(1, 1, 'eos')] },
  ],
  model: MODEL,
  charts: { 'rl-reward': Uint8Array.from([137, 80, 78, 71]) },
};

const sftPoint = (step: number): SftPoint => ({
  step,
  loss: 2.5 / step,
  lr: 3e-3,
  gradNorm: 1.25,
  tokens: 192 * step,
  trainMs: 40.5 * step,
  tokensPerSecond: 4740.740740740741,
});

const SFT: RunBundle<'sft'> = {
  ...GRPO,
  name: 'sft-run',
  run: { ...GRPO.run, kind: 'sft', start: { from: 'random', preset: 'tiny', seed: 3 }, startModel: null },
  points: [sftPoint(1), sftPoint(2), sftPoint(3)],
  perStep: [],
  charts: {},
} as unknown as RunBundle<'sft'>;

/** The bundle's zip with `change` applied to its files (paths inside the folder). */
function edited(bundle: AnyRunBundle, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const entries = unzipSync(writeBundle(bundle));
  const files = Object.fromEntries(
    Object.entries(entries).map(([path, data]) => [path.slice(bundle.name.length + 1), data]),
  );
  change(files);
  return zipSync(Object.fromEntries(Object.entries(files).map(([p, d]) => [`${bundle.name}/${p}`, d])));
}

function problemOf(bytes: Uint8Array): { problem: string; file: string | null; message: string } {
  try {
    readBundle(bytes, 'dropped.zip');
  } catch (error) {
    if (error instanceof BundleError)
      return { problem: error.problem, file: error.file, message: error.message };
    throw error;
  }
  throw new Error('the bundle was read');
}

describe('run bundles', () => {
  it('round-trips a GRPO run: settings, points, evals, rollouts with typed arrays, model bytes', () => {
    const read = readBundle(writeBundle(GRPO), 'whatever.zip');
    expect(read).toEqual(GRPO);
    if (read.run.kind !== 'grpo') throw new Error('kind');
    const first = (read as RunBundle<'grpo'>).perStep[0].value[0];
    expect(first.advantages).toBeInstanceOf(Float32Array);
    expect(first.mask).toBeInstanceOf(Uint8Array);
    expect(Number.isNaN(first.advantages[2])).toBe(true);
    expect(first.logProb[2]).toBe(Number.NEGATIVE_INFINITY);
    expect((read as RunBundle<'grpo'>).perStep[0].value[2].multiplex?.indices).toBeInstanceOf(Uint32Array);
    for (const [path, bytes] of Object.entries(MODEL)) expect(read.model[path]).toEqual(bytes);
  });

  it('reads rollouts stored before the lab kept token ids (null ids) with no ids', () => {
    const old = { ...rollout(0, 0, 'eos'), prompt: undefined, response: undefined } as unknown as RolloutView;
    const bundle = { ...GRPO, perStep: [{ step: 1, value: [old] }] };
    const read = readBundle(writeBundle(bundle), 'old.zip') as RunBundle<'grpo'>;
    expect(read.perStep[0].value[0]).toMatchObject({ prompt: [], response: [], tokens: old.tokens });
  });

  it('reads an evals.csv saved before the retention panel (no panel column) as target categories', () => {
    const old = 'step,tokens,ms,category,n,correct,format_ok\n0,0,812.5,add1 no-think,8,3,7\n';
    const read = readBundle(
      edited(GRPO, (f) => {
        f['evals.csv'] = strToU8(old);
      }),
      'old.zip',
    );
    expect(read.evals).toEqual([EVALS[0]]);
    const bad = `${old.split('\n')[0]},panel\n0,0,812.5,add1 no-think,8,3,7,other\n`;
    expect(problemOf(edited(GRPO, (f) => (f['evals.csv'] = strToU8(bad)))).message).toMatch(
      /neither target nor retention/,
    );
  });

  it('round-trips an SFT run, which keeps nothing per step', () => {
    const bytes = writeBundle(SFT);
    expect(Object.keys(unzipSync(bytes)).some((p) => p.endsWith('rollouts.jsonl'))).toBe(false);
    expect(readBundle(bytes, 'sft-run.zip')).toEqual(SFT);
  });

  it('writes every point field as a snake_case metrics.csv column', () => {
    const csv = new TextDecoder().decode(unzipSync(writeBundle(GRPO))['grpo-run-test/metrics.csv']);
    expect(csv.split('\n')[0]).toBe(
      'step,lr,mean_reward,reward_low,reward_high,rollouts,informative_groups,mean_response_length,entropy,kl,clip_fraction,loss,grad_norm,rollout_ms,scoring_ms,update_ms,tokens,train_ms',
    );
  });

  it('names what is wrong with a file that is not a bundle, or a damaged one', () => {
    expect(problemOf(strToU8('hello, not a zip'))).toMatchObject({ problem: 'not-zip' });
    expect(problemOf(edited(GRPO, (f) => delete f['run.json']))).toMatchObject({
      problem: 'missing-file',
      file: 'run.json',
    });
    const runJson = (change: (json: Record<string, unknown>) => void) =>
      edited(GRPO, (f) => {
        const json = JSON.parse(new TextDecoder().decode(f['run.json']));
        change(json);
        f['run.json'] = strToU8(JSON.stringify(json));
      });
    expect(problemOf(runJson((j) => (j.format = 'something-else/1')))).toMatchObject({
      problem: 'not-bundle',
    });
    expect(problemOf(runJson((j) => (j.format = 'reasoning-lab-run/1'))).message).toMatch(/run checkpoint/);
    expect(problemOf(runJson((j) => (j.format = 'reasoning-lab-bundle/2')))).toMatchObject({
      problem: 'newer-version',
      message: 'This run bundle is version 2; this lab reads version 1 and older.',
    });
    expect(problemOf(runJson((j) => (j.kind = 'ppo')))).toMatchObject({
      problem: 'unknown-kind',
      message: 'This run bundle is of a job kind "ppo" that this lab does not know.',
    });
    expect(problemOf(runJson((j) => (j.status = 'done')))).toMatchObject({
      problem: 'malformed',
      file: 'run.json',
    });
    expect(problemOf(edited(GRPO, (f) => (f['run.json'] = strToU8('{"format": ')))).message).toMatch(
      /run\.json is damaged: it is not JSON/,
    );
  });

  it('names the line and column of a malformed metrics row, and a missing or broken file', () => {
    const metrics = (text: (csv: string) => string) =>
      edited(GRPO, (f) => (f['metrics.csv'] = strToU8(text(new TextDecoder().decode(f['metrics.csv'])))));
    expect(problemOf(metrics((csv) => csv.replace(',-0.0123,', ',oops,')))).toEqual({
      problem: 'malformed',
      file: 'metrics.csv',
      message: 'The run bundle\'s metrics.csv is damaged: line 2: "oops" in column loss is not a number.',
    });
    expect(problemOf(metrics((csv) => `${csv}3,4\n`)).message).toMatch(
      /line 4: 2 cells where the header has 18/,
    );
    expect(problemOf(metrics((csv) => csv.replace('kl,', 'k_l,'))).message).toMatch(/lacks the column kl/);
    expect(problemOf(edited(GRPO, (f) => delete f['model/model.safetensors']))).toMatchObject({
      problem: 'missing-file',
      file: 'model/model.safetensors',
    });
    expect(problemOf(edited(GRPO, (f) => delete f['rollouts.jsonl']))).toMatchObject({
      file: 'rollouts.jsonl',
    });
    const rollouts = edited(GRPO, (f) => {
      const lines = new TextDecoder().decode(f['rollouts.jsonl']).split('\n');
      lines[1] = lines[1].replace('"loss_mask":[1,1,0]', '"loss_mask":[1,1]');
      f['rollouts.jsonl'] = strToU8(lines.join('\n'));
    });
    expect(problemOf(rollouts).message).toMatch(
      /rollouts\.jsonl is damaged: line 2: loss_mask has 2 values for 3/,
    );
  });
});
