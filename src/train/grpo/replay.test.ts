// Replay data: how many prompts each source gives, in which order, and that every prompt's reward
// is its own source's, with its index within that source.
import { describe, expect, it } from 'vitest';
import type { GrpoData } from './grpoRun.ts';
import { interleaved, replayCount, withReplay } from './replay.ts';

/** A source whose prompts are [tag, step, i] and whose reward names the tag and the index. */
function source(tag: number): GrpoData {
  return {
    batch(step, count) {
      return {
        prompts: Array.from({ length: count }, (_, i) => [tag, step, i]),
        reward: (group) => ({ reward: tag, reason: `source ${tag} prompt ${group}` }),
      };
    },
  };
}

describe('replay data', () => {
  it('rounds the replay share and always keeps a target prompt', () => {
    expect(replayCount(8, 0)).toBe(0);
    expect(replayCount(8, 0.25)).toBe(2);
    expect(replayCount(8, 0.3)).toBe(2);
    expect(replayCount(8, 0.5)).toBe(4);
    expect(replayCount(2, 0.9)).toBe(1);
    expect(replayCount(1, 0.5)).toBe(0);
  });

  it('puts the target first, then the replay prompts, each judged by its own source', () => {
    const { prompts, reward, replay } = withReplay(source(1), source(2), 0.25).batch(3, 8);
    expect(replay).toBe(2);
    expect(prompts).toEqual([
      [1, 3, 0],
      [1, 3, 1],
      [1, 3, 2],
      [1, 3, 3],
      [1, 3, 4],
      [1, 3, 5],
      [2, 3, 0],
      [2, 3, 1],
    ]);
    expect(reward(5, [], 'eos')).toEqual({ reward: 1, reason: 'source 1 prompt 5' });
    expect(reward(7, [], 'eos')).toEqual({ reward: 2, reason: 'source 2 prompt 1' });
    expect(() => reward(8, [], 'eos')).toThrow(/not in this batch/);
  });

  it('is the target alone at share 0 and refuses a share of 1', () => {
    expect(
      withReplay(source(1), source(2), 0)
        .batch(1, 4)
        .prompts.every((p) => p[0] === 1),
    ).toBe(true);
    expect(() => withReplay(source(1), source(2), 1)).toThrow(/outside \[0, 1\)/);
  });

  it('deals prompts from every source in turn, rotating with the step', () => {
    const data = interleaved([source(1), source(2), source(3)]);
    const tags = (step: number, count: number) => data.batch(step, count).prompts.map((p) => p[0]);
    expect(tags(0, 4)).toEqual([1, 1, 2, 3]);
    expect(tags(1, 4)).toEqual([1, 2, 2, 3]);
    expect(tags(2, 2)).toEqual([1, 3]);
    const { reward } = data.batch(0, 4);
    expect(reward(1, [], 'eos')).toEqual({ reward: 1, reason: 'source 1 prompt 1' });
    expect(reward(3, [], 'eos')).toEqual({ reward: 3, reason: 'source 3 prompt 0' });
  });
});
