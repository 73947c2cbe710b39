// textGameWorld.ts: the text-game world for OEL: a seeded map, the transcript format and its
// verifier. The environment writes `<observation>…</observation>`, the agent `<action>X</action>`.
// Example prompt '<observation>P.H\n...\nH.G</observation>', target '<action>r</action>
// <observation>moved\n.PH\n...\nH.G</observation><action>d</action>…<observation>reached the goal</observation><eos>'.

import { prepareOutput, quote } from './formats.ts';
import type { Rng } from './rng.ts';
import { countOccurrences } from './text.ts';
import {
  drawMap,
  FEEDBACK,
  type GameMap,
  GameSession,
  MAX_TURNS,
  renderExperience,
  shortestPaths,
} from './textGame.ts';
import { checkDifficulty, correct, type Problem, rejected, type TaskWorld, type Verdict } from './types.ts';

export interface TextGameOptions {
  /** Knowledge items to place before the game (OEL's experience in context); none by default. */
  experience: readonly string[];
}

export interface TextGameProblem extends Problem {
  map: GameMap;
  maxTurns: number;
  experience: readonly string[];
}

const DIFFICULTIES = [
  { level: 1, label: '1 hole' },
  { level: 2, label: '2 holes' },
  { level: 3, label: '3 holes' },
] as const;

export function observationTag(text: string): string {
  return `<observation>${text}</observation>`;
}

/** The prompt for a game: the experience block (if any), then the first observation. */
export function gamePrompt(map: GameMap, experience: readonly string[] = []): string {
  return renderExperience(experience) + observationTag(new GameSession(map).initialObservation);
}

/** The transcript that follows the prompt when `moves` are played: actions and observations, then `<eos>`. */
export function playTranscript(map: GameMap, moves: readonly string[], maxTurns = MAX_TURNS): string {
  const session = new GameSession(map, maxTurns);
  let text = '';
  for (const move of moves) {
    if (session.done) break;
    text += `<action>${move}</action>${observationTag(session.step(move).observation)}`;
  }
  return `${text}<eos>`;
}

export function generateTextGame(
  rng: Rng,
  difficulty: number,
  options: Partial<TextGameOptions> = {},
): TextGameProblem {
  checkDifficulty('text-game', DIFFICULTIES, difficulty);
  const map = drawMap(rng, difficulty);
  const experience = options.experience ?? [];
  const answer = rng.pick(shortestPaths(map));
  return {
    worldId: 'text-game',
    difficulty,
    prompt: gamePrompt(map, experience),
    target: playTranscript(map, [...answer]),
    answer,
    map,
    maxTurns: MAX_TURNS,
    experience,
  };
}

/**
 * The agent's actions in order, read from every `<action>…</action>`; `<observation>` text (the
 * environment's) is ignored. Each action is trimmed of spaces; valid moves are u, d, l, r.
 */
export function parseActions(
  output: string,
): { ok: true; actions: string[] } | { ok: false; reason: string } {
  const prepared = prepareOutput(output);
  if (!prepared.ok) return prepared;
  const text = prepared.value;
  const actions: string[] = [];
  for (let open = text.indexOf('<action>'); open !== -1; open = text.indexOf('<action>', open + 1)) {
    const close = text.indexOf('</action>', open);
    const next = text.indexOf('<action>', open + 1);
    if (close === -1 || (next !== -1 && next < close)) return { ok: false, reason: 'unclosed <action>' };
    actions.push(text.slice(open + '<action>'.length, close).replace(/^ +| +$/g, ''));
  }
  if (actions.length === 0) return { ok: false, reason: 'no <action> tag' };
  if (countOccurrences(text, '</action>') > actions.length)
    return { ok: false, reason: '</action> without <action>' };
  return { ok: true, actions };
}

/** The moves as one string, e.g. 'rrdd'; an action that is not a single u/d/l/r becomes '?'. */
export function extractMoves(output: string): string | null {
  const parsed = parseActions(output);
  if (!parsed.ok) return null;
  return parsed.actions.map((a) => (/^[udlr]$/.test(a) ? a : '?')).join('');
}

/**
 * Replays the output's actions on the problem's map. Reward 1 iff the agent reaches the goal
 * within the turn limit. Rejected: no actions, malformed tags, and actions after the game ended
 * (the agent must stop once the environment says the game is over).
 */
export function verifyTextGame(problem: TextGameProblem, output: string): Verdict {
  const parsed = parseActions(output);
  if (!parsed.ok) return rejected(parsed.reason);
  const moves = extractMoves(output);
  const session = new GameSession(problem.map, problem.maxTurns);
  for (const [turn, action] of parsed.actions.entries()) {
    if (session.done) return rejected(`action ${quote(action)} after the game ended at turn ${turn}`, moves);
    session.step(action);
  }
  if (session.won) return correct(moves ?? '');
  const last = session.history[session.history.length - 1];
  if (!session.done) return rejected(`game not finished after ${session.turns} turns`, moves);
  const why = last.feedback === FEEDBACK.hole ? FEEDBACK.hole : FEEDBACK.outOfTurns;
  return rejected(`${why} at turn ${session.turns}`, moves);
}

export const textGameWorld: TaskWorld<TextGameProblem, TextGameOptions> = {
  id: 'text-game',
  title: 'Text game',
  description:
    'A 3×3 grid game shown without a legend: P must reach G in at most 5 turns with moves u/d/l/r while ' +
    'avoiding holes H. Only textual feedback (moved, wall, fell into a hole, reached the goal) reveals the ' +
    'rules, which OEL extracts as experience items such as "H=hole avoid".',
  difficulties: DIFFICULTIES,
  defaultDifficulty: 2,
  generate: generateTextGame,
  extractAnswer: extractMoves,
  verify: verifyTextGame,
};
