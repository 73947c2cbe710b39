// Replay for RL that keeps what the model knew: a share of each step's prompts comes from other
// data (the start model's own tasks, each rewarded by its own verifier), the rest from the target.
// `interleaved` deals prompts from several sources in turn, `withReplay` puts a replay source
// beside the target; each keeps every prompt's reward with the source that posed it. Example: 8
// prompts at share 0.25 are 6 target prompts, then 2 replay prompts.
import type { GrpoData } from './grpoRun.ts';
import type { RewardFunction } from './grpoStep.ts';

/** Prompts from `parts` in order, each judged by the reward of the part that posed it. */
function concatenated(
  parts: { prompts: number[][]; reward: RewardFunction }[],
): ReturnType<GrpoData['batch']> {
  const owner: { reward: RewardFunction; group: number }[] = [];
  for (const part of parts) {
    for (let group = 0; group < part.prompts.length; group++) owner.push({ reward: part.reward, group });
  }
  return {
    prompts: parts.flatMap((p) => p.prompts),
    reward: (group, response, finish, sample) => {
      const at = owner[group];
      if (!at) throw new RangeError(`prompt ${group} is not in this batch of ${owner.length}`);
      return at.reward(at.group, response, finish, sample);
    },
  };
}

/** Prompt i of step s from source (i + s) mod n: every source in turn, rotating from step to step. */
export function interleaved(sources: readonly GrpoData[]): GrpoData {
  if (sources.length === 0) throw new RangeError('interleaved data needs at least one source');
  return {
    batch(step, count) {
      const counts = sources.map((_, k) => {
        let n = 0;
        for (let i = 0; i < count; i++) if ((i + step) % sources.length === k) n++;
        return n;
      });
      return concatenated(sources.map((s, k) => s.batch(step, counts[k])).filter((_, k) => counts[k] > 0));
    },
  };
}

/** The number of replay prompts among `count` at `share` (rounded; at least one target prompt). */
export function replayCount(count: number, share: number): number {
  return Math.min(count - 1, Math.max(0, Math.round(share * count)));
}

/** The target's prompts, then `replayCount` prompts from `replay` (the batch's `replay`). @throws RangeError for a share outside [0, 1) */
export function withReplay(target: GrpoData, replay: GrpoData, share: number): GrpoData {
  if (!(share >= 0 && share < 1)) throw new RangeError(`replay share ${share} is outside [0, 1)`);
  return {
    batch(step, count) {
      const k = replayCount(count, share);
      const parts = [target.batch(step, count - k)];
      if (k > 0) parts.push(replay.batch(step, k));
      return { ...concatenated(parts), replay: k };
    },
  };
}
