// The decoding microscope's map of the embedding table: every token's unit-length (tied)
// embedding row, the geometry CraEG's crowding uses, projected on its first two principal
// components, with the share of variance each explains.
import { unitRows } from '../decoding/crowdingReference.ts';
import type { LlamaConfig } from '../model/config.ts';
import { EMBEDDING, type ModelWeights } from '../model/parameters.ts';
import { principalComponents } from '../stats/pca.ts';

export interface EmbeddingMap {
  /** [V, 2]: (first, second) principal coordinate of each token id. */
  coordinates: Float32Array;
  /** Shares of variance of the two components. */
  explained: [number, number];
}

export function embeddingMap(config: LlamaConfig, weights: ModelWeights): EmbeddingMap {
  const V = config.vocab_size;
  const d = config.hidden_size;
  const unit = unitRows(weights.get(EMBEDDING) as Float32Array, V, d);
  const { coordinates, explained } = principalComponents(unit, V, d, 2);
  return { coordinates: Float32Array.from(coordinates), explained: [explained[0], explained[1]] };
}
