// The GRPO job's settings check, case by case: a task the world cannot pose, a greedy temperature,
// max new tokens below the level's longest correct answer, and settings that run.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRPO, grpoSettingsProblem } from './grpoJob.ts';

describe('grpoSettingsProblem', () => {
  it('accepts the defaults', () => {
    expect(grpoSettingsProblem(DEFAULT_GRPO)).toBeNull();
  });

  it('refuses temperature 0, naming the setting', () => {
    const problem = grpoSettingsProblem({ ...DEFAULT_GRPO, temperature: 0 });
    expect(problem?.field).toBe('temperature');
    expect(problem?.message).toMatch(/greedily/);
  });

  it('refuses a level the world does not pose, and too few new tokens', () => {
    expect(grpoSettingsProblem({ ...DEFAULT_GRPO, task: { ...DEFAULT_GRPO.task, ops: [] } })?.field).toBe(
      'task',
    );
    const short = grpoSettingsProblem({ ...DEFAULT_GRPO, maxNewTokens: 2 });
    expect(short?.field).toBe('maxNewTokens');
    expect(short?.hint).toMatch(/at least \d+/);
  });
});
