// Group-relative advantages (../shared/methods.md §0): the G rewards of one prompt's rollouts are
// centred on their mean and, by default, divided by their standard deviation + 1e-6, so every
// token of rollout i carries A_i. As in verl (compute_grpo_outcome_advantage) the deviation is the
// sample one (n - 1), and a group of one keeps its raw reward. The variant without the division
// (Dr. GRPO) keeps the reward's scale. A group whose rewards are all equal gives zeros.

export interface AdvantageSettings {
  /** Divide by the group's standard deviation. */
  scaleByStd: boolean;
  eps?: number;
}

/** rewards: [P * G], the G rollouts of prompt p at p*G .. p*G+G-1. Returns A per rollout. */
export function groupAdvantages(
  rewards: ArrayLike<number>,
  groupSize: number,
  { scaleByStd, eps = 1e-6 }: AdvantageSettings,
): Float64Array {
  const G = groupSize;
  if (!Number.isInteger(G) || G < 1 || rewards.length % G !== 0) {
    throw new RangeError(`${rewards.length} rewards do not split into groups of ${G}`);
  }
  const advantages = new Float64Array(rewards.length);
  if (G === 1) {
    advantages.set(Array.from(rewards));
    return advantages;
  }
  for (let start = 0; start < rewards.length; start += G) {
    let mean = 0;
    for (let i = 0; i < G; i++) mean += rewards[start + i] / G;
    let squares = 0;
    for (let i = 0; i < G; i++) squares += (rewards[start + i] - mean) ** 2;
    const scale = scaleByStd ? 1 / (Math.sqrt(squares / (G - 1)) + eps) : 1;
    for (let i = 0; i < G; i++) advantages[start + i] = (rewards[start + i] - mean) * scale;
  }
  return advantages;
}
