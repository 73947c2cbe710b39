// The Tasks page's world, difficulty and format: what the URL asks for when the world has it,
// the world's own otherwise, with a notice for every value it did not use as given.
import { describe, expect, it } from 'vitest';
import type { TaskWorldInfo } from '../../engine/api.ts';
import { chooseTask } from './taskChoice.ts';

const world = (id: string, formats: string[]): TaskWorldInfo => ({
  id,
  title: id[0].toUpperCase() + id.slice(1),
  description: '',
  usedBy: [],
  difficulties: [1, 2, 3].map((level) => ({ level, label: `${level}` })),
  defaultDifficulty: 2,
  formats,
});
const WORLDS = [world('arithmetic', ['think', 'plain']), world('corpus', [])];

describe('the Tasks page choice', () => {
  it('takes what the URL asks for when the world has it, and its defaults silently', () => {
    expect(chooseTask(WORLDS, { world: 'arithmetic', difficulty: 3, format: 'plain' })).toMatchObject({
      world: { id: 'arithmetic' },
      difficulty: 3,
      format: 'plain',
      notices: [],
    });
    expect(chooseTask(WORLDS, { world: 'corpus', difficulty: 0, format: '' })).toMatchObject({
      difficulty: 2,
      format: undefined,
      notices: [],
    });
  });

  it('says so when a difficulty or a format is not the world’s, and what it shows instead', () => {
    const choice = chooseTask(WORLDS, { world: 'arithmetic', difficulty: 42, format: 'zzz' });
    expect(choice).toMatchObject({ difficulty: 2, format: 'think' });
    expect(choice?.notices).toEqual([
      'URL parameter difficulty="42" is not a difficulty of Arithmetic (1, 2, 3); using 2.',
      'URL parameter format="zzz" is not a format of Arithmetic (think, plain); using think.',
    ]);
    expect(chooseTask(WORLDS, { world: 'corpus', difficulty: 1, format: 'think' })?.notices).toEqual([
      'URL parameter format="think" is not a format of Corpus (it has a single one); using its own.',
    ]);
  });

  it('stands the first world in for an unknown one, naming the worlds there are', () => {
    const choice = chooseTask(WORLDS, { world: 'chess', difficulty: 0, format: '' });
    expect(choice?.world.id).toBe('arithmetic');
    expect(choice?.notices).toEqual([
      'URL parameter world="chess" is not a task world (arithmetic, corpus); using arithmetic.',
    ]);
    expect(chooseTask([], { world: 'chess', difficulty: 0, format: '' })).toBeNull();
  });
});
