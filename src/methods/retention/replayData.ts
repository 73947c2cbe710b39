// Replay prompts for an RL run: the start model's own tasks, one arithmetic level per retention
// panel category (its mode forced as the panel evaluates it), dealt in turn and each rewarded by
// the world's verifier. The panel's problems, and every other problem of the card's held-out set,
// are never replay prompts.
import type { GrpoData } from '../../train/grpo/grpoRun.ts';
import { interleaved } from '../../train/grpo/replay.ts';
import { arithmeticAdapter, longestResponse } from '../arithmetic/arithmeticTask.ts';
import type { PanelLevel } from './retentionPanel.ts';

/** Replay data over the panel's levels, or null for an empty panel. */
export function replayData(
  levels: readonly PanelLevel[],
  seed: number,
  excluded: ReadonlySet<string>,
): GrpoData | null {
  if (levels.length === 0) return null;
  return interleaved(
    levels.map((l, i) => arithmeticAdapter(l.task).rlData(seed + 1_000 * (i + 1), excluded)),
  );
}

/** Tokens of the longest correct replay response (0 without levels). */
export function longestReplayResponse(levels: readonly PanelLevel[]): number {
  return Math.max(0, ...levels.map((l) => longestResponse(l.task)));
}
