// The retention panel of an RL run: what the start model already knew, measured again at the
// start, at every evaluation and at the end, so a gain on the target that breaks other skills
// shows. The panel is a list of the base mixture's held-out categories (e.g. 'mul2x2 think'),
// chosen from the start model's card: those it solved (accuracy >= RETENTION_THRESHOLD), less the
// ones the RL task trains on. Its problems are the first `perCategory` of the card's own held-out
// set (baseMixture.ts, the pretraining seed + 1), which pretraining never showed; RL prompts and
// replay (replayData.ts) skip them too.
import type { EvalCase } from '../../train/evaluation.ts';
import { type ArithmeticTask, longestResponse } from '../arithmetic/arithmeticTask.ts';
import {
  BASE_MIX,
  EVAL_CATEGORIES,
  type EvalCategorySpec,
  type EvalMode,
  heldOutSet,
} from '../sft/baseMixture.ts';

export interface RetentionSettings {
  /** Held-out categories of the base mixture, e.g. 'add3 think'; empty: no panel. */
  categories: string[];
  /** Problems per category. */
  perCategory: number;
  /** The held-out set's seed: the start model's pretraining seed + 1 (lab-base: 2). */
  seed: number;
}

/** The start model's held-out accuracy as its card lists it (card.json `heldOut`). */
export interface CardAccuracy {
  category: string;
  n: number;
  correct: number;
}

/** What a panel is chosen from: the card's held-out figures and the seed of its held-out set. */
export interface CardRetentionFacts {
  heldOut: CardAccuracy[];
  seed: number;
}

/**
 * The retention facts of a card.json (as `npm run pretrain` and the SFT job write it: `heldOut`
 * rows and the training `settings.seed`, whose + 1 seeded the held-out set), or null when the card
 * has none or they are malformed.
 */
export function cardRetentionFacts(card: unknown): CardRetentionFacts | null {
  if (typeof card !== 'object' || card === null) return null;
  const { heldOut, settings } = card as { heldOut?: unknown; settings?: { seed?: unknown } };
  const seed = settings?.seed;
  if (!Array.isArray(heldOut) || typeof seed !== 'number' || !Number.isInteger(seed)) return null;
  const rows = heldOut.filter(
    (r): r is CardAccuracy =>
      typeof r?.category === 'string' && Number.isInteger(r?.n) && Number.isInteger(r?.correct),
  );
  if (rows.length !== heldOut.length || rows.length === 0) return null;
  return { heldOut: rows.map(({ category, n, correct }) => ({ category, n, correct })), seed: seed + 1 };
}

/** Accuracy on the card at or above which a category counts as something the model knew. */
export const RETENTION_THRESHOLD = 0.8;
/** The problems per category of the card's held-out set: the panel's most. */
export const PANEL_SOURCE_SIZE = 200;
/** lab-base's pretraining seed + 1: the panel's seed for a model whose card has none. */
export const BASE_HELD_OUT_SEED = 2;

/** One panel category as a level of the arithmetic world. */
export interface PanelLevel {
  category: string;
  spec: EvalCategorySpec;
  mode: EvalMode;
  task: ArithmeticTask;
}

const MODES: readonly [EvalMode, string][] = [
  ['think', 'think'],
  ['no_think', 'no-think'],
];

/** The world's level of a category (multiplication: 1x1, 2x1, 3x1 are 1..3, 2x2 is 4). */
function difficultyOf(spec: EvalCategorySpec): number {
  const [a, b] = spec.digits;
  return spec.op === 'mul' && b > 1 ? 4 : a;
}

/** Every category a panel may hold, in the card's order. */
export const PANEL_LEVELS: readonly PanelLevel[] = EVAL_CATEGORIES.flatMap((spec) =>
  MODES.map(([mode, label]) => ({
    category: `${spec.name} ${label}`,
    spec,
    mode,
    task: { difficulty: difficultyOf(spec), ops: [spec.op], mode },
  })),
);

/** The panel categories an RL task trains on (its accuracy is the target, not retention). */
export function targetCategories(task: ArithmeticTask): string[] {
  return PANEL_LEVELS.filter(
    (l) => l.mode === task.mode && task.ops.includes(l.spec.op) && l.task.difficulty === task.difficulty,
  ).map((l) => l.category);
}

/**
 * The default panel for an RL task from the start model's card: every category it solved, less
 * the task's own; without card figures, the base mixture's think-mode categories less the task's.
 */
export function defaultRetention(
  card: CardRetentionFacts | null,
  task: ArithmeticTask,
  perCategory: number,
): RetentionSettings {
  const own = new Set(targetCategories(task));
  const known = card
    ? card.heldOut.filter((c) => c.n > 0 && c.correct / c.n >= RETENTION_THRESHOLD).map((c) => c.category)
    : PANEL_LEVELS.filter((l) => l.mode === 'think').map((l) => l.category);
  return {
    categories: PANEL_LEVELS.map((l) => l.category).filter((c) => known.includes(c) && !own.has(c)),
    perCategory,
    seed: card?.seed ?? BASE_HELD_OUT_SEED,
  };
}

/** Why a panel cannot run with this task, or null. */
export function retentionProblem(settings: RetentionSettings, task: ArithmeticTask): string | null {
  const unknown = settings.categories.filter((c) => !PANEL_LEVELS.some((l) => l.category === c));
  if (unknown.length > 0) {
    return `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a category' : 'are not categories'} of the base mixture's held-out set (${PANEL_LEVELS.map((l) => l.category).join(', ')})`;
  }
  const own = targetCategories(task).filter((c) => settings.categories.includes(c));
  if (own.length > 0)
    return `${own.join(', ')} is the task RL trains on: its accuracy is the target, not retention`;
  if (
    settings.categories.length > 0 &&
    !(settings.perCategory >= 1 && settings.perCategory <= PANEL_SOURCE_SIZE)
  ) {
    return `${settings.perCategory} problems per category is outside 1..${PANEL_SOURCE_SIZE}`;
  }
  return null;
}

export function panelLevels(settings: RetentionSettings): PanelLevel[] {
  return PANEL_LEVELS.filter((l) => settings.categories.includes(l.category));
}

export interface RetentionPanel {
  levels: PanelLevel[];
  cases: EvalCase[];
  /** Every problem of the card's held-out set (all categories, both modes): never a training prompt. */
  excluded: Set<string>;
  /** New tokens allowed when evaluating: the longest correct response of any level, and some slack. */
  maxNewTokens: number;
}

/** The panel's cases: the first `perCategory` problems of each category of the card's held-out set. */
export function retentionPanel(settings: RetentionSettings): RetentionPanel {
  const source = heldOutSet(BASE_MIX, settings.seed, PANEL_SOURCE_SIZE, ['think', 'no_think']);
  const levels = panelLevels(settings);
  const cases = levels.flatMap((l) =>
    source.cases.filter((c) => c.category === l.category).slice(0, settings.perCategory),
  );
  const longest = Math.max(0, ...levels.map((l) => longestResponse(l.task)));
  return { levels, cases, excluded: source.excluded, maxNewTokens: longest + 8 };
}
