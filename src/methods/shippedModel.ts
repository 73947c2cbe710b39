// The shipped default model, the one every benchmark scenario starts from: its name from the
// catalog the lab serves (public/models/index.json) and its checkpoint, loaded in one call.
import { fetchCheckpoint } from '../model/checkpoint.ts';
import type { LlamaConfig } from '../model/config.ts';
import type { ModelWeights } from '../model/parameters.ts';

export interface ShippedModel {
  name: string;
  config: LlamaConfig;
  weights: ModelWeights;
}

/** @throws CheckpointError when a file of the folder is missing or damaged */
export async function loadShippedModel(): Promise<ShippedModel> {
  const catalog = (await (await fetch('/models/index.json')).json()) as { default: string };
  const name = catalog.default;
  const { config, weights } = await fetchCheckpoint(`/models/${name}`);
  return { name, config, weights };
}
