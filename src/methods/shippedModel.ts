// The shipped default model, the one every benchmark scenario starts from: its name from the
// catalog the lab serves (public/models/index.json), its checkpoint and the retention facts of its
// card (what an RL run's retention panel is chosen from), loaded in one call.
import { fetchCheckpoint } from '../model/checkpoint.ts';
import type { LlamaConfig } from '../model/config.ts';
import type { ModelWeights } from '../model/parameters.ts';
import { type CardRetentionFacts, cardRetentionFacts } from './retention/retentionPanel.ts';

export interface ShippedModel {
  name: string;
  config: LlamaConfig;
  weights: ModelWeights;
  /** null when its card lists no held-out accuracy. */
  card: CardRetentionFacts | null;
}

/** @throws CheckpointError when a file of the folder is missing or damaged */
export async function loadShippedModel(): Promise<ShippedModel> {
  const catalog = (await (await fetch('/models/index.json')).json()) as { default: string };
  const name = catalog.default;
  const [{ config, weights }, card] = await Promise.all([
    fetchCheckpoint(`/models/${name}`),
    fetch(`/models/${name}/card.json`)
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null),
  ]);
  return { name, config, weights, card: cardRetentionFacts(card) };
}
