// Buffer copies the generation loop records between dispatches: a prompt's KV rows into the rows
// of its G samples, and rows of attention probabilities into the per-sequence attention record
// ([N, L, H, capacity, S]) when generation is asked to keep attention.
import type { CommandBatch } from '../gpu/dispatch.ts';
import type { Activations } from '../model/activations.ts';
import type { KvCache } from '../model/kvCache.ts';

/** Copies each prompt's KV rows from the prefill cache into the rows of its G samples. */
export function copyPrefill(batch: CommandBatch, from: KvCache, to: KvCache, B: number, G: number): void {
  const bytes = 4 * from.rowElements;
  for (const [source, target] of [
    [from.k, to.k],
    [from.v, to.v],
  ]) {
    source.forEach((layer, l) => {
      for (let b = 0; b < B; b++) {
        for (let g = 0; g < G; g++) batch.copy(layer, b * bytes, target[l], (b * G + g) * bytes, bytes);
      }
    });
  }
}

export interface AttentionShape {
  L: number;
  H: number;
  S: number;
  Tp: number;
  capacity: number;
}

/** Prompt rows of the prefill's attention ([B, H, Tp, S] per layer) into each sample's record. */
export function copyPrefillAttention(
  batch: CommandBatch,
  prefill: Activations,
  record: GPUBuffer,
  prompts: number[][],
  G: number,
  { L, H, S, Tp, capacity }: AttentionShape,
): void {
  for (let r = 0; r < prompts.length * G; r++) {
    const b = Math.floor(r / G);
    for (let l = 0; l < L; l++) {
      for (let h = 0; h < H; h++) {
        const from = 4 * (b * H + h) * Tp * S;
        const to = 4 * ((r * L + l) * H + h) * capacity * S;
        batch.copy(prefill.layers[l].probs, from, record, to, 4 * prompts[b].length * S);
      }
    }
  }
}

/** The attention row of the token fed at decode step `step` into each sequence's record. */
export function copyStepAttention(
  batch: CommandBatch,
  decoding: Activations,
  record: GPUBuffer,
  prompts: number[][],
  G: number,
  step: number,
  { L, H, S, capacity }: AttentionShape,
): void {
  for (let r = 0; r < prompts.length * G; r++) {
    const position = prompts[Math.floor(r / G)].length + step - 1;
    for (let l = 0; l < L; l++) {
      for (let h = 0; h < H; h++) {
        const to = 4 * (((r * L + l) * H + h) * capacity + position) * S;
        batch.copy(decoding.layers[l].probs, 4 * (r * H + h) * S, record, to, 4 * S);
      }
    }
  }
}
