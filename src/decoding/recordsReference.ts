// The CPU session's recorders (sessionReference.ts): per row, what each draw and each forward
// leaves for the optional GeneratedSequence fields — candidates with their stage snapshots, raw
// log-softmax, crowding, the multiplex trace, attention — copied with a row and read into its
// sequence. The GPU session's recorders (recorders.ts) fill the same fields the same way.
import type { Candidate, CrowdingStep } from './generation.ts';
import { multiplexTrace, sequenceCrowding } from './generation.ts';
import type { MixtureStep } from './multiplexReference.ts';
import type { SampledStep } from './samplerReference.ts';
import type { SessionRow } from './sessionRows.ts';
import type { SessionOptions, SessionSequence } from './sessionTypes.ts';

interface RowRecords {
  candidates: Candidate[][];
  rawLogSoftmax: Float32Array[];
  crowding: CrowdingStep[];
  /** Per draw, the input mixture it fed (one-hot without multiplex thinking). */
  mixtures: MixtureStep[];
  /** [L, H, positions, S] when attention is recorded. */
  attention: Float32Array | null;
}

export interface AttentionDims {
  L: number;
  H: number;
  S: number;
  /** Positions kept per row. */
  positions: number;
}

export class ReferenceRecords {
  private readonly rows: RowRecords[] = [];

  constructor(
    private readonly options: SessionOptions,
    private readonly dims: AttentionDims,
  ) {}

  add(): void {
    const { L, H, S, positions } = this.dims;
    this.rows.push({
      candidates: [],
      rawLogSoftmax: [],
      crowding: [],
      mixtures: [],
      attention: this.options.record?.attention ? new Float32Array(L * H * positions * S) : null,
    });
  }

  copy(from: number): void {
    const r = this.rows[from];
    this.rows.push({
      candidates: r.candidates.map((step) => step.map((c) => ({ ...c }))),
      rawLogSoftmax: r.rawLogSoftmax.map((row) => Float32Array.from(row)),
      crowding: r.crowding.map((c) => ({ ...c, tokens: Float32Array.from(c.tokens) })),
      mixtures: r.mixtures.map((m) => ({ ...m })),
      attention: r.attention ? Float32Array.from(r.attention) : null,
    });
  }

  lastMixture(row: number): MixtureStep | undefined {
    return this.rows[row].mixtures.at(-1);
  }

  /** What one draw leaves: its candidates, raw log-softmax, crowding and fed mixture. */
  drew(row: number, sampled: SampledStep, mixture: MixtureStep): void {
    const r = this.rows[row];
    const record = this.options.record ?? {};
    const C = record.candidates ?? 0;
    if (C > 0) {
      r.candidates.push(
        sampled.ranked.slice(0, C).map((token, c) => ({
          token,
          raw: sampled.raw[c],
          processed: sampled.processed[c],
          ...(record.stages
            ? { temperature: sampled.stages.temperature[c], truncated: sampled.stages.truncation[c] }
            : {}),
        })),
      );
    }
    if (record.logSoftmax) r.rawLogSoftmax.push(Float32Array.from(sampled.rawLogSoftmax));
    if (record.crowding && sampled.crowding) {
      const { stepCrowding, lambda, tokenCrowding } = sampled.crowding;
      r.crowding.push({ step: stepCrowding, lambda, tokens: Float32Array.from(tokenCrowding) });
    }
    r.mixtures.push(mixture);
  }

  /** The attention row of position p of a row: probs(l, h) gives its [S] probabilities. */
  attended(row: number, p: number, probs: (l: number, h: number) => Float32Array): void {
    const attention = this.rows[row].attention;
    const { L, H, S, positions } = this.dims;
    if (!attention || p >= positions) return;
    for (let l = 0; l < L; l++) {
      for (let h = 0; h < H; h++) attention.set(probs(l, h), ((l * H + h) * positions + p) * S);
    }
  }

  /** Fills a sequence's recorded fields for its n = tokens.length draws. */
  fill(sequence: SessionSequence, row: SessionRow): void {
    const r = this.rows[row.id];
    const record = this.options.record ?? {};
    const n = sequence.tokens.length;
    if ((record.candidates ?? 0) > 0) sequence.candidates = r.candidates.slice(0, n);
    if (record.logSoftmax) sequence.rawLogSoftmax = r.rawLogSoftmax.slice(0, n);
    if (record.crowding) {
      sequence.crowding = r.crowding.slice(0, n);
      sequence.sequenceCrowding = sequenceCrowding(sequence.tokens, sequence.crowding);
    }
    if (this.options.multiplex) {
      sequence.multiplex = multiplexTrace(this.options.multiplex.width, n, (t, j) => ({
        token: r.mixtures[t].indices[j],
        weight: r.mixtures[t].weights[j],
        logProb: r.mixtures[t].logProbs[j],
      }));
    }
    if (r.attention) sequence.attention = trimAttention(r.attention, row.processed, this.dims);
  }
}

/** The first P positions of an [L, H, positions, S] attention record, as [L, H, P, S]. */
export function trimAttention(
  record: Float32Array,
  processed: number,
  { L, H, S, positions }: AttentionDims,
): Float32Array {
  const P = Math.min(processed, positions);
  const out = new Float32Array(L * H * P * S);
  for (let lh = 0; lh < L * H; lh++) {
    out.set(record.subarray(lh * positions * S, (lh * positions + P) * S), lh * P * S);
  }
  return out;
}
