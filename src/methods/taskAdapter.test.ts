// The task adapter on a world other than arithmetic (the judge world) and with a loss mask:
// posing, the verifier as the reward, held-out problems disjoint by id from both training
// streams, and masks carried into SFT examples token for token.
import { describe, expect, it } from 'vitest';
import { decode, encode, tokenId } from '../model/tokenizer.ts';
import { type JudgeProblem, TASK_WORLDS } from '../tasks/index.ts';
import { taskAdapter } from './taskAdapter.ts';

const judge = taskAdapter<JudgeProblem>({
  world: TASK_WORLDS.judge,
  draw: (rng) => TASK_WORLDS.judge.generate(rng, 1),
  category: (p) => `judge${p.difficulty}`,
  tokenBudget: 64,
  // Leave the target's first three tokens out of the loss.
  mask: (_p, target) => target.map((_, i) => (i < 3 ? 0 : 1)),
});

describe('the task adapter', () => {
  it('poses a problem as <bos> + prompt and its target, and judges with the world', () => {
    const [posed] = judge.problems(1, 1);
    expect(decode(posed.prompt)).toBe(`<bos>${posed.problem.prompt}`);
    expect(decode(posed.target)).toBe(posed.problem.target);
    expect(posed.mask.slice(0, 4)).toEqual([0, 0, 0, 1]);
    expect(judge.judge(posed.problem, posed.target)).toEqual(
      TASK_WORLDS.judge.verify(posed.problem, posed.problem.target),
    );
    expect(judge.judge(posed.problem, encode('<eos>')).reward).toBe(0);
  });

  it('keeps held-out problems out of the RL and SFT streams', () => {
    const heldOut = judge.heldOut(5, 40);
    expect(heldOut.excluded.size).toBe(heldOut.problems.length);
    const rl = judge.rlData(5, heldOut.excluded);
    const sft = judge.sftData(5, heldOut.excluded, tokenId('<pad>'));
    for (let step = 1; step <= 20; step++) {
      for (const prompt of rl.batch(step, 8).prompts)
        expect(heldOut.excluded.has(decode(prompt.slice(1)))).toBe(false);
      const next = sft.stream(step, 0);
      for (let i = 0; i < 8; i++) expect(heldOut.excluded.has(decode(next().prompt.slice(1)))).toBe(false);
    }
  });

  it('gives RL a reward with its reason, per prompt of the step', () => {
    const { prompts, reward } = judge.rlData(2, new Set()).batch(1, 3);
    const posed = judge.problems(2, 1)[0];
    expect(prompts).toHaveLength(3);
    const verdict = reward(0, encode('nothing'), 'eos');
    expect(verdict.reward).toBe(0);
    expect(verdict.reason.length).toBeGreaterThan(0);
    expect(posed.prompt[0]).toBe(tokenId('<bos>'));
  });

  it('carries the mask into SFT examples: prompt 0, then the target mask', () => {
    const example = judge.sftData(3, new Set(), tokenId('<pad>')).stream(1, 0)();
    const { prompt, completion, mask } = example;
    expect(mask).toEqual([...prompt.map(() => 0), ...completion.map((_, i) => (i < 3 ? 0 : 1))]);
  });

  it('refuses a mask of the wrong length', () => {
    const bad = taskAdapter<JudgeProblem>({ ...judge.spec, mask: () => [1] });
    expect(() => bad.problems(1, 1)).toThrow(/the mask has 1 entries/);
  });
});
