// A multiplex trace read step by step for the Multiplex page: the K draws of each thinking step
// grouped by token (identical draws become one entry ×n with their weights summed), whether the
// step collapsed (all K agreed: the input was an ordinary token embedding), and the share of
// thinking steps that collapsed.
import type { MultiplexTrace } from '../../../engine/api.ts';

export interface GroupedDraw {
  token: number;
  /** How many of the K draws were this token. */
  count: number;
  /** Its share of the merged input: the weights of its draws summed. */
  weight: number;
  /** log q of the token under the step's distribution. */
  logProb: number;
  /** Slot 0 drew it: the token the text shows. */
  shown: boolean;
}

export interface MultiplexStep {
  step: number;
  /** Slot 0's token first, then the others by weight, heaviest first. */
  draws: GroupedDraw[];
  /** Entropy (nats) of the distribution the K draws came from. */
  entropy: number;
  collapsed: boolean;
}

/** The thinking steps of `trace` (those before the first slot-0 </think>), grouped by token. */
export function multiplexSteps(trace: MultiplexTrace, entropy: readonly number[]): MultiplexStep[] {
  const K = trace.width;
  return Array.from({ length: trace.thinkingSteps }, (_, step) => {
    const byToken = new Map<number, GroupedDraw>();
    for (let j = 0; j < K; j++) {
      const token = trace.indices[step * K + j];
      const entry = byToken.get(token);
      if (entry) {
        entry.count += 1;
        entry.weight += trace.weights[step * K + j];
      } else {
        byToken.set(token, {
          token,
          count: 1,
          weight: trace.weights[step * K + j],
          logProb: trace.logProbs[step * K + j],
          shown: j === 0,
        });
      }
    }
    const draws = [...byToken.values()].sort(
      (x, y) => Number(y.shown) - Number(x.shown) || y.weight - x.weight,
    );
    return { step, draws, entropy: entropy[step] ?? 0, collapsed: draws.length === 1 };
  });
}

/** The share of steps whose K draws all agreed, or null when there are none. */
export function collapsedShare(steps: readonly MultiplexStep[]): number | null {
  return steps.length === 0 ? null : steps.filter((s) => s.collapsed).length / steps.length;
}
