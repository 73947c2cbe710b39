// Advantages as a strategy for the one GRPO core: one value per response token of every row of
// every sample (HGPO's per-token credit, a multi-row sample's shared value). The default is
// group-relative (docs/methods/grpo.md): the G rewards of one prompt's samples are centred on
// their mean and, by default, divided by their standard deviation + 1e-6, and A_i goes to every
// token of every row of sample i. As in verl (compute_grpo_outcome_advantage) the deviation is the
// sample one (n - 1), and a group of one keeps its raw reward. The variant without the division
// (Dr. GRPO) keeps the reward's scale. A group whose rewards are all equal gives zeros.
import type { RolloutSample } from './rollouts.ts';

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

export interface AdvantageInput {
  samples: readonly RolloutSample[];
  /** Per sample, its reward. */
  rewards: Float64Array;
  groupSize: number;
}

export interface SampleAdvantages {
  /** The sample's advantage as one number, for the inspector (A_i by default). */
  value: number;
  /** Per row of the sample, one advantage per response token. */
  rows: Float64Array[];
}

export interface AdvantageStrategy {
  readonly name: string;
  /** Per sample, in the samples' order. */
  assign(input: AdvantageInput): SampleAdvantages[];
}

/** The default: group-relative A_i (groupAdvantages) on every token of sample i. */
export function groupAdvantage(settings: AdvantageSettings): AdvantageStrategy {
  return {
    name: settings.scaleByStd ? 'group mean-std' : 'group mean',
    assign({ samples, rewards, groupSize }) {
      const perSample = groupAdvantages(rewards, groupSize, settings);
      return samples.map((q, i) => ({
        value: perSample[i],
        rows: q.rows.map((row) => new Float64Array(row.response.length).fill(perSample[i])),
      }));
    },
  };
}

/** Settings name the default strategy; anything with `assign` is a strategy of its own. */
export function advantageStrategy(advantages: AdvantageSettings | AdvantageStrategy): AdvantageStrategy {
  return 'assign' in advantages ? advantages : groupAdvantage(advantages);
}

/**
 * Throws a RangeError unless `assigned` has a value for every token of every row. A value that is
 * not finite is let through: the update then reports a non-finite loss and the run rolls back.
 */
export function checkAdvantages(
  assigned: readonly SampleAdvantages[],
  samples: readonly RolloutSample[],
): void {
  if (assigned.length !== samples.length) {
    throw new RangeError(`${assigned.length} advantages for ${samples.length} samples`);
  }
  assigned.forEach((a, i) => {
    const rows = samples[i].rows;
    if (a.rows.length !== rows.length)
      throw new RangeError(`sample ${i}: advantages for ${a.rows.length} rows, it has ${rows.length}`);
    a.rows.forEach((values, r) => {
      if (values.length !== rows[r].response.length) {
        throw new RangeError(
          `sample ${i}, row ${r}: ${values.length} advantages for ${rows[r].response.length} tokens`,
        );
      }
    });
  });
}
