// The model sizes the Trainer offers: the tiny test shape (for quick runs and tests), the shipped
// base model's shape (docs/lab-base.md §3: the most accuracy per compute-minute here)
// and two larger ones the study measured.
import { defaultConfig, type LlamaConfig } from '../../model/config.ts';

export type ModelPreset = 'tiny' | 'base' | 'L4d128' | 'L4d192';

export const MODEL_PRESETS: Record<ModelPreset, { label: string; config: LlamaConfig }> = {
  tiny: { label: 'tiny: 2 layers, d 32, context 64', config: defaultConfig() },
  base: {
    label: 'base: 2 layers, d 128, 4 heads (0.4 M)',
    config: defaultConfig({
      hidden_size: 128,
      intermediate_size: 336,
      num_attention_heads: 4,
      num_key_value_heads: 4,
      head_dim: 32,
      max_position_embeddings: 256,
    }),
  },
  L4d128: {
    label: '4 layers, d 128, 4 heads (0.8 M)',
    config: defaultConfig({
      num_hidden_layers: 4,
      hidden_size: 128,
      intermediate_size: 336,
      num_attention_heads: 4,
      num_key_value_heads: 4,
      head_dim: 32,
      max_position_embeddings: 256,
    }),
  },
  L4d192: {
    label: '4 layers, d 192, 6 heads (1.8 M)',
    config: defaultConfig({
      num_hidden_layers: 4,
      hidden_size: 192,
      intermediate_size: 512,
      num_attention_heads: 6,
      num_key_value_heads: 6,
      head_dim: 32,
      max_position_embeddings: 256,
    }),
  },
};

export function isModelPreset(value: string): value is ModelPreset {
  return Object.hasOwn(MODEL_PRESETS, value);
}
