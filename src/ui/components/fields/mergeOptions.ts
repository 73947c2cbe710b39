// Multiplex Thinking's merge rules as every page that offers them names them (the Multiplex page,
// the RL page's multiplex rollouts): the weight each of the K draws gets in the merged input.
import type { MergeMode } from '../../../engine/api.ts';

export const MERGE_OPTIONS: readonly (readonly [MergeMode, string])[] = [
  ['reweighted', 'reweighted (wⱼ ∝ q(kⱼ))'],
  ['averaged', 'averaged (wⱼ = 1/K)'],
];
