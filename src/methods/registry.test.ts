// The method registry is the one list: ids unique, every scenario it names exists in a method
// folder and every method scenario is named by exactly one entry, every world exists, and a
// running method has a page.
import { describe, expect, it } from 'vitest';
import { TASK_WORLDS } from '../tasks/index.ts';
import { METHODS, methodById, methodsUsingWorld } from './registry.ts';
import { methodScenarios, SCENARIO_EXPORTS } from './scenarios.ts';

describe('the method registry', () => {
  it('has unique ids and the nine papers plus the cores', () => {
    expect(new Set(METHODS.map((m) => m.id)).size).toBe(METHODS.length);
    expect(METHODS.filter((m) => m.kind === 'paper')).toHaveLength(9);
  });

  it('names each method scenario exactly once, and only scenarios that exist', () => {
    const named = METHODS.flatMap((m) => m.scenarios);
    expect([...named].sort()).toEqual(Object.keys(SCENARIO_EXPORTS).sort());
    expect(methodScenarios().map((s) => s.name)).toEqual(named);
  });

  it('uses only task worlds that exist, and gives every running method a page', () => {
    for (const method of METHODS) {
      for (const world of method.worlds) expect(Object.keys(TASK_WORLDS)).toContain(world);
      expect(method.status === 'running').toBe(method.route !== null);
    }
  });

  it('answers who uses a world and refuses an unknown id', () => {
    expect(methodsUsingWorld('judge')).toEqual(['RRM']);
    expect(methodsUsingWorld('arithmetic')).toContain('CraEG');
    expect(() => methodById('nope')).toThrow(/unknown method 'nope'; known: grpo/);
  });
});
