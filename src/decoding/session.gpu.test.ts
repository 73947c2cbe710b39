// The GPU generation session against the CPU one (sessionReference.ts): token for token, with
// log-probs and every recorder to tolerance, through a script that uses every operation (prefill,
// step, append, a row added mid-generation, row copies, hold and release, stop, reviving rows a
// stop string ended), discrete and with Multiplex Thinking; a three-turn episode equals
// re-prefilling each turn's whole text; a held row resumes as if never held; nothing leaks.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { GpuTransformer } from '../model/transformer.ts';
import { expectNoGpuErrors, testGpu } from '../testing/gpu.ts';
import { DEFAULT_CRAEG } from './crowdingReference.ts';
import {
  BASE,
  config,
  episode,
  expectSameSequences,
  heldAndNot,
  runScript,
  weights,
} from './fixtures/sessionScript.ts';
import { Generator } from './generate.ts';
import { ReferenceSession } from './sessionReference.ts';
import type { SessionOptions } from './sessionTypes.ts';

afterEach(expectNoGpuErrors);

let generator: Generator | null = null;
async function gpuGenerator(): Promise<Generator> {
  if (!generator) {
    const gpu = await testGpu();
    generator = await Generator.create(gpu, await GpuTransformer.create(gpu, config, weights));
  }
  return generator;
}
afterAll(() => {
  generator?.model.destroy();
  generator?.destroy();
});

const SCRIPTS: [string, SessionOptions][] = [
  [
    'discrete, stop strings, every recorder',
    {
      ...BASE,
      stopStrings: ['<join>', 'q'],
      record: { candidates: 3, stages: true, logSoftmax: true, crowding: true, attention: true },
    },
  ],
  [
    'CraEG and min-p, synced every 5',
    {
      ...BASE,
      seed: 8,
      syncEvery: 5,
      sampling: { temperature: 1, topK: 0, topP: 0.95, minP: 0.02, craeg: { ...DEFAULT_CRAEG, kappa: 0.6 } },
      record: { candidates: 2 },
    },
  ],
  [
    'multiplex K = 2, stop strings, trace and attention',
    {
      ...BASE,
      seed: 6,
      stopStrings: ['a', 'x'],
      multiplex: { width: 2, merge: 'reweighted' },
      record: { attention: true, logSoftmax: true },
    },
  ],
];

describe.each(SCRIPTS)('the GPU generation session, %s', (_, options) => {
  it('equals the CPU session through every operation', async () => {
    const session = await (await gpuGenerator()).openSession(options);
    const actual = await runScript(session);
    session.destroy();
    const expected = await runScript(new ReferenceSession(config, weights, options));
    expect(actual.revived).toEqual(expected.revived);
    actual.checkpoints.forEach((read, i) => {
      expectSameSequences(read, expected.checkpoints[i]);
    });
    const last = actual.checkpoints.at(-1) ?? [];
    expect(last.map((s) => s.status)).toContain('held');
    expect(last.some((s) => s.sources.includes('appended'))).toBe(true);
    if (options.stopStrings)
      expect(actual.revived.length, 'a stop string ended a row later revived').toBeGreaterThan(0);
  });
});

describe('GPU generation session properties', () => {
  const options: SessionOptions = {
    ...BASE,
    maxRows: 2,
    sampling: { temperature: 1, topK: 0, topP: 1 },
    seed: 3,
  };
  const open = async () => (await gpuGenerator()).openSession(options);

  it('samples each turn of a three-turn episode as re-prefilling that turn’s whole text does', async () => {
    const { session, fresh } = await episode(open, 3, 5);
    expect(session.flat().length).toBeGreaterThan(10);
    expect(session).toEqual(fresh);
    const cpu = await episode(async () => new ReferenceSession(config, weights, options), 3, 5);
    expect(session).toEqual(cpu.session);
  });

  it('keeps a held row where it was and resumes it as if it had never been held', async () => {
    const { before, during, after, never } = await heldAndNot(open);
    expect(during.status).toBe('held');
    expect(during.tokens).toEqual(before.tokens);
    expect(after[1].tokens).toEqual(never[1].tokens);
    expect(after[0].tokens.slice(0, never[0].tokens.length)).toEqual(never[0].tokens);
  });

  it('frees everything it allocated and refuses what does not fit', async () => {
    const gpu = await testGpu();
    const full = { ...SCRIPTS[0][1] };
    const warm = await (await gpuGenerator()).openSession(full);
    await runScript(warm);
    warm.destroy();
    const before = gpu.buffers.liveCount;
    const session = await (await gpuGenerator()).openSession(full);
    await runScript(session);
    await expect(session.prefill([{ tokens: [1] }])).rejects.toThrow(/maxRows = 6/);
    session.destroy();
    expect(gpu.buffers.liveCount).toBe(before);
    await expect((await gpuGenerator()).openSession({ ...full, maxNewTokens: 0 })).rejects.toThrow(
      /maxNewTokens/,
    );
  });
});
