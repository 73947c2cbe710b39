// What the Tasks page shows for the world, difficulty and format its URL asks for. A value the
// world lacks gives way to the world's own (its default difficulty, its first format) with a
// notice saying what was asked and what is shown instead; difficulty 0 and an empty format are
// the page's defaults ("the world's own") and pass silently.
import type { TaskWorldInfo } from '../../engine/api.ts';
import { paramNotice } from '../url.ts';

export interface TaskAsked {
  world: string;
  /** 0: the world's default difficulty. */
  difficulty: number;
  /** '': the world's first format. */
  format: string;
}

export interface TaskChoice {
  world: TaskWorldInfo;
  difficulty: number;
  /** Undefined for a world without formats. */
  format: string | undefined;
  /** One sentence per value of `asked` that the page does not use as given. */
  notices: string[];
}

/** The choice of `asked` among `worlds` (the first world stands in for an unknown one); null without worlds. */
export function chooseTask(worlds: TaskWorldInfo[], asked: TaskAsked): TaskChoice | null {
  const named = worlds.find((w) => w.id === asked.world);
  const world = named ?? worlds[0];
  if (!world) return null;
  const notices: string[] = [];
  if (!named) {
    const known = worlds.map((w) => w.id).join(', ');
    notices.push(paramNotice('world', asked.world, `is not a task world (${known})`, world.id));
  }
  const levels = world.difficulties.map((d) => d.level);
  let difficulty = asked.difficulty;
  if (!levels.includes(difficulty)) {
    difficulty = world.defaultDifficulty;
    if (asked.difficulty !== 0) {
      const problem = `is not a difficulty of ${world.title} (${levels.join(', ')})`;
      notices.push(paramNotice('difficulty', String(asked.difficulty), problem, difficulty));
    }
  }
  let format: string | undefined = asked.format;
  if (!world.formats.includes(format)) {
    format = world.formats[0];
    if (asked.format !== '') {
      const problem = world.formats.length
        ? `is not a format of ${world.title} (${world.formats.join(', ')})`
        : `is not a format of ${world.title} (it has a single one)`;
      notices.push(paramNotice('format', asked.format, problem, format ?? 'its own'));
    }
  }
  return { world, difficulty, format, notices };
}
