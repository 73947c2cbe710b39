import { describe, expect, it } from 'vitest';
import { TaskError } from './errors.ts';
import { listTaskWorlds, sampleTasks, verifyTask } from './taskService.ts';

describe('the task service', () => {
  it('lists every world with its difficulties', () => {
    const worlds = listTaskWorlds();
    expect(worlds.map((w) => w.id)).toEqual([
      'arithmetic',
      'multi-sum',
      'text-game',
      'corpus',
      'judge',
      'instruction-pool',
    ]);
    for (const world of worlds) {
      expect(world.difficulties.map((d) => d.level)).toContain(world.defaultDifficulty);
      expect(world.usedBy.length).toBeGreaterThan(0);
    }
    expect(worlds.find((w) => w.id === 'judge')?.usedBy).toEqual(['RRM']);
  });

  it('samples the same problems for the same request, and different ones for another seed', () => {
    const request = { worldId: 'arithmetic', difficulty: 2, seed: 11, count: 3, format: 'budget' };
    const first = sampleTasks(request);
    expect(first).toHaveLength(3);
    expect(sampleTasks(request)).toEqual(first);
    expect(sampleTasks({ ...request, seed: 12 })[0]).toEqual(first[1]);
    expect(first[0].target.startsWith('<budget>')).toBe(true);
  });

  it('verifies a target as correct and a wrong answer as wrong, with reasons', () => {
    const [problem] = sampleTasks({ worldId: 'arithmetic', difficulty: 1, seed: 3, count: 1 });
    expect(verifyTask('arithmetic', problem, problem.target)).toMatchObject({ reward: 1, reason: 'correct' });
    const wrong = verifyTask('arithmetic', problem, '<answer>-99999</answer>');
    expect(wrong.reward).toBe(0);
    expect(wrong.reason).toMatch(/wrong/);
  });

  it('poses arithmetic of a chosen operation, with drawn or exact operands', () => {
    const drawn = sampleTasks({ worldId: 'arithmetic', difficulty: 4, seed: 1, count: 5, op: 'mul' });
    expect(drawn.every((p) => /^\d\d\*\d\d=$/.test(p.prompt))).toBe(true);
    const [exact] = sampleTasks({
      worldId: 'arithmetic',
      difficulty: 4,
      seed: 1,
      count: 1,
      op: 'mul',
      operands: [71, 65],
    });
    expect(exact).toMatchObject({ prompt: '71*65=', answer: '4615' });
    expect(verifyTask('arithmetic', exact, exact.target)).toMatchObject({ reward: 1 });
  });

  it('refuses operations and operands that cannot be posed', () => {
    const base = { worldId: 'arithmetic', difficulty: 2, seed: 1, count: 1 };
    expect(() => sampleTasks({ ...base, op: 'div' })).toThrow(/no operation "div"/);
    expect(() => sampleTasks({ ...base, op: 'mul', operands: [3.5, 2] })).toThrow(/not whole numbers/);
    expect(() => sampleTasks({ ...base, operands: [3, 2] })).toThrow(/need an operation/);
    expect(() => sampleTasks({ ...base, op: 'sub', operands: [3, 5] })).toThrow(
      /cannot pose that problem: subtraction needs a >= b/,
    );
    expect(() => sampleTasks({ ...base, worldId: 'judge', op: 'add' })).toThrow(/Only the arithmetic world/);
  });

  it('refuses unknown worlds, difficulties and formats with a TaskError that says what exists', () => {
    const thrown = (request: Parameters<typeof sampleTasks>[0]) => {
      try {
        sampleTasks(request);
      } catch (caught) {
        return caught as TaskError;
      }
      throw new Error('sampleTasks did not throw');
    };
    const world = thrown({ worldId: 'chess', difficulty: 1, seed: 1, count: 1 });
    expect(world).toBeInstanceOf(TaskError);
    expect(world.hint).toContain('arithmetic, multi-sum');
    const level = thrown({ worldId: 'arithmetic', difficulty: 99, seed: 1, count: 1 });
    expect(level.message).toContain('Difficulty 99 does not exist');
    expect(level.hint).toMatch(/^Choose one of 1, 2/);
    const format = thrown({ worldId: 'corpus', difficulty: 1, seed: 1, count: 1, format: 'think' });
    expect(format.message).toContain('has no format "think"');
  });
});
