// The GRPO job's settings check, case by case: a task the world cannot pose, a greedy temperature,
// max new tokens below the level's longest correct answer, a retention panel or replay that cannot
// run, older settings without them, and settings that run.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRPO, type GrpoJobSettings, grpoSettingsProblem, withRetentionFields } from './grpoJob.ts';

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

  it('refuses a panel of the task itself, replay without a panel, and replay answers that would be cut', () => {
    const panel = { categories: ['mul2x2 think'], perCategory: 10, seed: 2 };
    const task = { difficulty: 3, ops: ['mul' as const], mode: 'think' as const };
    const ok = { ...DEFAULT_GRPO, task, maxNewTokens: 96, retention: panel, replayShare: 0.25 };
    expect(grpoSettingsProblem(ok)).toBeNull();
    const own = grpoSettingsProblem({
      ...ok,
      retention: { ...panel, categories: ['mul2x2 think', 'add2 think'] },
      task: { difficulty: 2, ops: ['add'], mode: 'think' },
    });
    expect(own?.field).toBe('retention');
    expect(own?.message).toMatch(/add2 think is the task RL trains on/);
    expect(grpoSettingsProblem({ ...ok, retention: { ...panel, categories: [] } })?.message).toMatch(
      /the panel is empty/,
    );
    expect(grpoSettingsProblem({ ...ok, replayShare: 1 })?.field).toBe('replayShare');
    const cut = grpoSettingsProblem({ ...ok, maxNewTokens: 50 });
    expect(cut?.field).toBe('maxNewTokens');
    expect(cut?.message).toMatch(/replay answers: the panel's longest has 92 tokens/);
  });

  it('runs settings saved before the panel as they ran: no panel, no replay', () => {
    const { retention: _r, replayShare: _s, ...old } = DEFAULT_GRPO;
    const filled = withRetentionFields(old as GrpoJobSettings);
    expect(filled.retention.categories).toEqual([]);
    expect(filled.replayShare).toBe(0);
    expect(grpoSettingsProblem(old as GrpoJobSettings)).toBeNull();
  });
});
