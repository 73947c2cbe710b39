// What a generation session will hold on the GPU, estimated from its shape before anything is
// allocated, so a request too large for the GPU's limits or the lab's budget is refused with one
// message that names the request (rows, new tokens, the config's positions, the attention record)
// rather than an internal buffer halfway through. Counts the terms that grow with the rows and the
// config's positions S: the KV cache (2 L buffers of N·KV·S·D), the attention record (N·L·H·P·S),
// the decode attention probabilities (N·H·S per layer kept) and the row-copy scratch (the largest
// row region). f32 throughout.
import type { ModelDims } from '../model/config.ts';

export interface SessionShape {
  /** Rows the session may hold. */
  N: number;
  maxNew: number;
  /** Positions per row the attention record keeps; 0 without the record. */
  recordPositions: number;
}

export interface Footprint {
  bytes: number;
  /** The largest single buffer among them. */
  largest: number;
  /** The request in words, for the error. */
  what: string;
}

export function sessionFootprint(dims: ModelDims, shape: SessionShape): Footprint {
  const { L, H, KV, D, maxT: S } = dims;
  const { N, maxNew, recordPositions: P } = shape;
  const kvLayer = 4 * N * KV * S * D;
  const recordRow = 4 * L * H * P * S;
  const probs = 4 * N * H * S * (P > 0 ? L : 1);
  const scratch = Math.max(4 * KV * S * D, recordRow);
  const record = N * recordRow;
  const rows = `${N} ${N === 1 ? 'row' : 'rows'}`;
  return {
    bytes: 2 * L * kvLayer + record + probs + scratch,
    largest: Math.max(kvLayer, record, scratch),
    what: `Generating ${rows} × up to ${maxNew} new tokens on a model of ${S.toLocaleString('en')} positions (max_position_embeddings)${P > 0 ? `, keeping the attention record (${rows} × ${L} layers × ${H} heads × ${P.toLocaleString('en')} × ${S.toLocaleString('en')} positions)` : ''}`,
  };
}
