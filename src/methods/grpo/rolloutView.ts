// A GRPO rollout as the RL page's token inspector shows it: the prompt as text, each response
// token's text, and what the update saw of it (reward and reason, advantage, log-probabilities
// under the policy, the behaviour policy and the reference). Plain data, so it crosses the worker.
import { decode } from '../../model/tokenizer.ts';
import type { ScoredRollout } from '../../train/grpo/grpoStep.ts';

export interface RolloutView extends Omit<ScoredRollout, 'prompt' | 'response'> {
  promptText: string;
  /** The text of each response token. */
  tokens: string[];
}

export function rolloutView(rollout: ScoredRollout): RolloutView {
  const { prompt, response, ...rest } = rollout;
  return { ...rest, promptText: decode(prompt), tokens: response.map((t) => decode([t])) };
}
