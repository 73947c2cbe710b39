// textGame.ts: the rules of OEL's text game, a 3×3 FrozenLake-like grid shown without a legend.
// The agent is P, starts top-left and must reach G bottom-right in at most 5 turns; H cells are
// holes. Nobody tells it what the symbols mean: only textual feedback ('fell into a hole', 'wall,
// nothing happened') reveals which moves succeed where. Example grid: 'P.H\n...\nH.G'.

import type { Rng } from './rng.ts';

export type Move = 'u' | 'd' | 'l' | 'r';
export const MOVES: readonly Move[] = ['u', 'd', 'l', 'r'];
export const GRID_SIZE = 3;
export const MAX_TURNS = 5;
const START = 0;
const GOAL = GRID_SIZE * GRID_SIZE - 1;

export const FEEDBACK = {
  moved: 'moved',
  wall: 'wall, nothing happened',
  unknown: 'unknown action, nothing happened',
  hole: 'fell into a hole',
  goal: 'reached the goal',
  outOfTurns: 'out of turns',
} as const;

export interface GameMap {
  /** Cell indices (row * 3 + column) of the holes; never the start or the goal. */
  holes: readonly number[];
}

export interface StepRecord {
  action: string;
  feedback: string;
  /** The environment's text shown after the action (inside `<observation>`). */
  observation: string;
  /** The symbol of the cell the move tried to enter ('#' for outside the grid, '' for no move). */
  entered: string;
}

const DELTA: Record<Move, [number, number]> = { u: [-1, 0], d: [1, 0], l: [0, -1], r: [0, 1] };

export function cellSymbol(map: GameMap, cell: number): string {
  if (cell === GOAL) return 'G';
  return map.holes.includes(cell) ? 'H' : '.';
}

export function renderGrid(map: GameMap, player: number): string {
  const rows: string[] = [];
  for (let r = 0; r < GRID_SIZE; r++) {
    let row = '';
    for (let c = 0; c < GRID_SIZE; c++) {
      const cell = r * GRID_SIZE + c;
      row += cell === player ? 'P' : cellSymbol(map, cell);
    }
    rows.push(row);
  }
  return rows.join('\n');
}

/** A deterministic game: the same map and actions always give the same feedback. */
export class GameSession {
  position = START;
  turns = 0;
  done = false;
  won = false;
  readonly history: StepRecord[] = [];

  constructor(
    readonly map: GameMap,
    readonly maxTurns = MAX_TURNS,
  ) {}

  /** The first observation: the grid, with no legend. */
  get initialObservation(): string {
    return renderGrid(this.map, START);
  }

  /**
   * Plays one action. The action text is trimmed of spaces and must be one of u, d, l, r;
   * anything else wastes the turn ('unknown action, nothing happened').
   */
  step(actionText: string): StepRecord {
    if (this.done) throw new Error('GameSession.step after the game ended; start a new session');
    const action = actionText.replace(/^ +| +$/g, '');
    this.turns++;
    let feedback: string = FEEDBACK.unknown;
    let entered = '';
    if ((MOVES as readonly string[]).includes(action)) {
      const [dr, dc] = DELTA[action as Move];
      const row = Math.floor(this.position / GRID_SIZE) + dr;
      const col = (this.position % GRID_SIZE) + dc;
      if (row < 0 || row >= GRID_SIZE || col < 0 || col >= GRID_SIZE) {
        feedback = FEEDBACK.wall;
        entered = '#';
      } else {
        this.position = row * GRID_SIZE + col;
        entered = cellSymbol(this.map, this.position);
        feedback = entered === 'H' ? FEEDBACK.hole : entered === 'G' ? FEEDBACK.goal : FEEDBACK.moved;
      }
    }
    this.won = feedback === FEEDBACK.goal;
    this.done = this.won || feedback === FEEDBACK.hole || this.turns >= this.maxTurns;
    let observation = `${feedback}\n${renderGrid(this.map, this.position)}`;
    if (feedback === FEEDBACK.hole || feedback === FEEDBACK.goal) observation = feedback;
    else if (this.done) observation = `${feedback}\n${FEEDBACK.outOfTurns}`;
    const record = { action, feedback, observation, entered };
    this.history.push(record);
    return record;
  }
}

/** All shortest winning move strings (length 4, only r and d) that avoid the holes. */
export function shortestPaths(map: GameMap): string[] {
  const paths = ['rrdd', 'rdrd', 'rddr', 'drrd', 'drdr', 'ddrr'];
  return paths.filter((path) => {
    const session = new GameSession(map);
    for (const move of path) if (!session.done) session.step(move);
    return session.won;
  });
}

/** A map with `holes` holes that still has a 4-move path from start to goal. */
export function drawMap(rng: Rng, holes: number): GameMap {
  const inner = Array.from({ length: GOAL - 1 }, (_, i) => i + 1);
  for (;;) {
    const map = {
      holes: rng
        .shuffle(inner)
        .slice(0, holes)
        .sort((a, b) => a - b),
    };
    if (shortestPaths(map).length > 0) return map;
  }
}

/** OEL's closed grammar of knowledge items (docs/methods/oel.md). */
export const EXPERIENCE_MARKER = '- EXPERIENCE ITEM: ';
export const EXPERIENCE_ITEMS = {
  hole: 'H=hole avoid',
  goal: 'G=goal reach',
  wall: 'edge=wall',
  safe: '.=safe',
} as const;

/**
 * The oracle rule miner: the knowledge items a game's history reveals, in the order first seen.
 * It is the program that writes extraction targets; at OEL time the model itself extracts.
 */
export function mineExperience(history: readonly StepRecord[]): string[] {
  const items: string[] = [];
  const add = (item: string) => {
    if (!items.includes(item)) items.push(item);
  };
  for (const step of history) {
    if (step.entered === 'H') add(EXPERIENCE_ITEMS.hole);
    if (step.entered === 'G') add(EXPERIENCE_ITEMS.goal);
    if (step.entered === '#') add(EXPERIENCE_ITEMS.wall);
    if (step.entered === '.') add(EXPERIENCE_ITEMS.safe);
  }
  return items;
}

/** The experience block placed before the game in the prompt: one marked line per item. */
export function renderExperience(items: readonly string[]): string {
  return items.map((item) => `${EXPERIENCE_MARKER}${item}\n`).join('');
}
