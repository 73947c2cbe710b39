// A GRPO rollout as the RL page's token inspector and a run bundle's rollouts.jsonl show it: the
// prompt and response token ids with their text (the prompt whole, the response token by token),
// and what the update saw of it (reward and reason, advantage, log-probabilities under the
// policy, the behaviour policy and the reference). Plain data, so it crosses the worker.
import { decode } from '../../model/tokenizer.ts';
import type { ScoredRollout } from '../../train/grpo/grpoStep.ts';

export interface RolloutView extends ScoredRollout {
  promptText: string;
  /** The text of each response token. */
  tokens: string[];
}

export function rolloutView(rollout: ScoredRollout): RolloutView {
  return { ...rollout, promptText: decode(rollout.prompt), tokens: rollout.response.map((t) => decode([t])) };
}
