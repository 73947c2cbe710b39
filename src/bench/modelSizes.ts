// The three model sizes the speed benchmarks use (issues 5 and 7): (L=2,d=128), (L=4,d=256),
// (L=6,d=384), head dim 64, MHA, SwiGLU F = 8d/3 rounded to 8, 256 positions, the lab's 135-token
// vocabulary. Shared by the browser scenarios and the Node side that prepares peers.
import { defaultConfig, type LlamaConfig } from '../model/config.ts';

export interface BenchSize {
  layers: number;
  d: number;
}

export const BENCH_SIZES: BenchSize[] = [
  { layers: 2, d: 128 },
  { layers: 4, d: 256 },
  { layers: 6, d: 384 },
];

export function benchSizeName({ layers, d }: BenchSize): string {
  return `L${layers} d${d}`;
}

export function benchConfig({ layers, d }: BenchSize): LlamaConfig {
  const heads = d / 64;
  return defaultConfig({
    num_hidden_layers: layers,
    hidden_size: d,
    num_attention_heads: heads,
    num_key_value_heads: heads,
    head_dim: 64,
    intermediate_size: Math.round((8 * d) / 3 / 8) * 8,
    max_position_embeddings: 256,
  });
}
