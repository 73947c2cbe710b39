// The CPU generation session on its own: a multi-turn episode through one session samples what
// re-prefilling each turn's whole text samples (the draw keys follow the row, not the session), a
// held row resumes as if never held, a copied row continues its source's text with its own draws,
// appended tokens are marked and never sampled, and generateReference is a driver over it.
import { describe, expect, it } from 'vitest';
import {
  config,
  episode,
  heldAndNot,
  PROMPTS,
  REPLIES,
  runScript,
  weights,
} from './fixtures/sessionScript.ts';
import { generateReference } from './generateReference.ts';
import { ReferenceSession } from './sessionReference.ts';
import type { SessionOptions } from './sessionTypes.ts';

const OPTIONS: SessionOptions = {
  maxRows: 4,
  maxNewTokens: 30,
  sampling: { temperature: 1, topK: 0, topP: 1 },
  seed: 3,
};
const open = async () => new ReferenceSession(config, weights, OPTIONS);

describe('the CPU generation session', () => {
  it('samples each turn of an episode as re-prefilling that turn’s whole text does', async () => {
    const { session, fresh } = await episode(open, 3, 5);
    expect(session.flat().length).toBeGreaterThan(10);
    expect(session).toEqual(fresh);
  });

  it('keeps a held row where it was and resumes it as if it had never been held', async () => {
    const { before, during, after, never } = await heldAndNot(open);
    expect(during.status).toBe('held');
    expect(during.tokens).toEqual(before.tokens);
    expect(after[1].tokens).toEqual(never[1].tokens);
    expect(after[0].tokens.slice(0, 7)).toEqual(never[0].tokens);
    expect(after[0].tokens).toHaveLength(11);
  });

  it('marks appended tokens, continues a copy with its own draws and refuses bad operations', async () => {
    const s = await open();
    const [a] = await s.prefill([{ tokens: PROMPTS[1], sequence: 4 }]);
    await s.step(3);
    const n = (await s.read([a]))[0].tokens.length;
    await s.append(a, REPLIES[0]);
    const [b] = await s.copyRows([{ from: a, sequence: 9 }]);
    await s.step(2);
    const [ra, rb] = await s.read();
    const sampled = (k: number) => new Array(k).fill('sampled');
    expect(ra.sources).toEqual([...sampled(n), 'appended', 'appended', 'appended', ...sampled(2)]);
    expect(ra.text.slice(n, n + 3)).toEqual(REPLIES[0]);
    expect(ra.tokens).toHaveLength(n + 2);
    expect(rb.text.slice(0, n + 3)).toEqual(ra.text.slice(0, n + 3));
    expect(rb).toMatchObject({ row: b, sequence: 9, promptTokens: PROMPTS[1] });
    expect(rb.tokens.slice(n)).not.toEqual(ra.tokens.slice(n));
    await expect(s.append(a, [])).rejects.toThrow(RangeError);
    await expect(s.append(a, [999])).rejects.toThrow(/token 999/);
    await expect(s.append(7, [1])).rejects.toThrow(/row 7 does not exist/);
    await expect(s.append(a, new Array(60).fill(50))).rejects.toThrow(/max_position_embeddings/);
    await expect(s.prefill([{ tokens: [1] }, { tokens: [1] }, { tokens: [1] }])).rejects.toThrow(
      /maxRows = 4/,
    );
    await expect(s.prefill([{ tokens: [1], drawn: 30 }])).rejects.toThrow(/drawn = 30/);
    expect(() => s.release([a])).toThrow(/only a held row/);
    s.stop([a]);
    expect(() => s.hold([a])).toThrow(/only a running row/);
    expect((await s.read([a]))[0]).toMatchObject({ status: 'finished', finish: 'cancelled' });
    expect(() => new ReferenceSession(config, weights, { ...OPTIONS, maxRows: 0 })).toThrow(/maxRows/);
  });

  it('refuses to draw past maxNewTokens after an append', async () => {
    const s = new ReferenceSession(config, weights, { ...OPTIONS, maxNewTokens: 3 });
    const [a] = await s.prefill([{ tokens: PROMPTS[0] }]);
    await s.step(5);
    expect((await s.read([a]))[0]).toMatchObject({ finish: 'length', status: 'finished' });
    await expect(s.append(a, [40])).rejects.toThrow(/all maxNewTokens = 3 draws/);
  });

  it('runs every operation of the script and stays consistent', async () => {
    const log = await runScript(
      new ReferenceSession(config, weights, { ...OPTIONS, maxRows: 6, maxNewTokens: 40 }),
    );
    for (const s of log.checkpoints.at(-1) ?? []) {
      expect(s.text.filter((_, i) => s.sources[i] === 'sampled')).toEqual(s.tokens);
      expect(s.tokens.length + s.drawnBefore).toBeLessThanOrEqual(40);
    }
  });

  it('drives generateReference: G samples of a prompt share its prefill', async () => {
    const result = await generateReference(config, weights, {
      prompts: [PROMPTS[0], PROMPTS[1]],
      samplesPerPrompt: 2,
      sampling: OPTIONS.sampling,
      seed: 1,
      maxNewTokens: 6,
    });
    expect(result.sequences.map((s) => [s.prompt, s.sample])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(Object.keys(result.sequences[0]).sort()).toEqual(
      ['entropy', 'finish', 'logProbs', 'prompt', 'promptTokens', 'sample', 'tokens'].sort(),
    );
  });
});
