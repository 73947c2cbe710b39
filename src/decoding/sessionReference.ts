// The generation session on the CPU: the operations, semantics and random draws of the GPU
// session (session.ts) — prefill, step, read, append teacher-forced, copy a row, hold and release,
// stop — computed with the reference model and the CPU sampler. It is the oracle of the GPU
// session's tests and the engine of generateReference (the CPU rung). Between steps it yields to
// the event loop when a step can be cancelled, so that a cancel message reaches the worker.
import { dimsOf, type LlamaConfig, type ModelDims } from '../model/config.ts';
import { EMBEDDING, type ModelWeights } from '../model/parameters.ts';
import { type ChunkInput, ReferenceKvCache, referenceForward } from '../model/referenceModel.ts';
import { tokenId } from '../model/tokenizer.ts';
import { unitRows } from './crowdingReference.ts';
import { discreteStep, type MixtureStep, multiplexStep } from './multiplexReference.ts';
import { ReferenceRecords } from './recordsReference.ts';
import { type EmbeddingGeometry, sampleRow, stepUniform } from './samplerReference.ts';
import { RowBook, type SessionRow } from './sessionRows.ts';
import type {
  RowCopy,
  RowPrompt,
  Session,
  SessionOptions,
  SessionSequence,
  StepOptions,
} from './sessionTypes.ts';

/** A row's positions fed by one chunk forward: `inputs` from position `offset` on. */
interface ChunkRow {
  row: SessionRow;
  offset: number;
  inputs: MixtureStep[];
}

export class ReferenceSession implements Session {
  private readonly book: RowBook;
  private readonly dims: ModelDims;
  private readonly K: number;
  private readonly cache: ReferenceKvCache;
  private readonly records: ReferenceRecords;
  private readonly geometry: EmbeddingGeometry | undefined;
  /** Per row, the logits after its last token while they wait for its next draw. */
  private readonly logits: (Float32Array | null)[] = [];
  private readonly thinking: boolean[] = [];

  constructor(
    private readonly config: LlamaConfig,
    private readonly weights: ModelWeights,
    readonly options: SessionOptions,
  ) {
    this.book = new RowBook(options, config);
    this.dims = dimsOf(config);
    this.K = options.multiplex?.width ?? 1;
    this.cache = new ReferenceKvCache(config, options.maxRows);
    const { L, H, maxT: S } = this.dims;
    this.records = new ReferenceRecords(options, { L, H, S, positions: options.attentionPositions ?? S });
    const embedding = weights.get(EMBEDDING) as Float32Array;
    this.geometry =
      options.sampling.craeg || options.record?.crowding
        ? { unit: unitRows(embedding, this.dims.V, config.hidden_size), d: config.hidden_size }
        : undefined;
  }

  /** Prefills new rows from token prompts (at any time); returns their row ids. */
  async prefill(prompts: RowPrompt[]): Promise<number[]> {
    const rows = this.book.addPrompts(prompts);
    for (const _ of rows) {
      this.records.add();
      this.logits.push(null);
      this.thinking.push(true);
    }
    this.forwardChunk(
      rows.map((row) => ({ row, offset: 0, inputs: row.prompt.map((t) => discreteStep(t, 0, 1)) })),
      1,
    );
    return rows.map((row) => row.id);
  }

  /** New rows, each a copy of a row's cache, text and records with its own rng sequence. */
  async copyRows(copies: RowCopy[]): Promise<number[]> {
    const rows = this.book.addCopies(copies);
    const size = this.cache.k[0].length / this.cache.B;
    rows.forEach((row, i) => {
      const from = copies[i].from;
      for (const layer of [...this.cache.k, ...this.cache.v]) {
        layer.copyWithin(row.id * size, from * size, (from + 1) * size);
      }
      this.records.copy(from);
      this.logits.push(this.logits[from] && Float32Array.from(this.logits[from]));
      this.thinking.push(this.thinking[from]);
    });
    return rows.map((row) => row.id);
  }

  /** Feeds tokens to a row teacher-forced; its next draw comes from the logits after the last. */
  async append(id: number, tokens: number[]): Promise<void> {
    const row = this.book.checkAppend(id, tokens);
    const pending = row.pendingToken ? [this.pendingInput(row)] : [];
    const inputs = [...pending, ...tokens.map((t) => discreteStep(t, 0, this.K))];
    this.forwardChunk([{ row, offset: row.cached, inputs }], this.K);
    this.book.appended(row, tokens);
  }

  hold(rows: number[]): void {
    for (const id of rows) this.book.hold(id);
  }

  release(rows: number[]): void {
    for (const id of rows) this.book.release(id);
  }

  stop(rows: number[]): void {
    for (const id of rows) this.book.stop(id);
  }

  /** Runs up to n steps (each running row draws once per step); returns the steps run. */
  async step(n: number, options: StepOptions = {}): Promise<number> {
    this.book.checkSteps(n);
    let ran = 0;
    while (ran < n && this.book.running().length > 0) {
      const running = this.book.running();
      const fed = running.filter((row) => row.pendingToken);
      if (fed.length > 0) this.decodeForward(fed);
      for (const row of running) this.draw(row);
      ran++;
      if (options.isCancelled) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (options.isCancelled()) for (const row of this.book.running()) this.book.finish(row, 'cancelled');
      }
      options.onTokens?.(this.book.update());
    }
    return ran;
  }

  /** The rows (default all) with their text and records. */
  async read(rows: number[] = this.book.rows.map((row) => row.id)): Promise<SessionSequence[]> {
    return rows.map((id) => {
      const sequence = this.book.sequence(id);
      this.records.fill(sequence, this.book.row(id));
      return sequence;
    });
  }

  /** Nothing to free on the CPU; here so that both sessions end the same way. */
  destroy(): void {}

  /** The input that feeds a row's pending (sampled, not yet fed) token: its draw's mixture. */
  private pendingInput(row: SessionRow): MixtureStep {
    const mixture = this.records.lastMixture(row.id);
    if (!mixture) throw new RangeError(`row ${row.id} has no pending draw`);
    return mixture;
  }

  /** One decode forward of the rows with a pending token; every other row has count 0. */
  private decodeForward(fed: SessionRow[]): void {
    const { V, H, maxT: S } = this.dims;
    const B = this.book.rows.length;
    const K = this.K;
    const feeds = new Set(fed);
    const chunk: ChunkInput = {
      B,
      T: 1,
      offsets: this.book.rows.map((row) => Math.min(row.cached, S - 1)),
      counts: this.book.rows.map((row) => (feeds.has(row) ? 1 : 0)),
      K,
      indices: new Uint32Array(B * K).fill(this.config.pad_token_id),
      weights: new Float32Array(B * K),
    };
    for (const row of fed) {
      const input = this.pendingInput(row);
      chunk.indices.set(input.indices, row.id * K);
      chunk.weights.set(input.weights, row.id * K);
    }
    const out = referenceForward(this.config, this.weights, chunk, this.cache);
    for (const row of fed) {
      this.records.attended(row.id, row.cached, (l, h) =>
        out.attention[l].subarray((row.id * H + h) * S, (row.id * H + h + 1) * S),
      );
      this.logits[row.id] = out.logits.slice(row.id * V, (row.id + 1) * V);
      row.cached = row.length;
    }
  }

  /** One chunk forward of a few rows in a staging cache of their own, copied in and back. */
  private forwardChunk(entries: ChunkRow[], K: number): void {
    const { V, H, maxT: S } = this.dims;
    const B = entries.length;
    const T = Math.max(...entries.map((e) => e.inputs.length));
    const staging = new ReferenceKvCache(this.config, B);
    const size = this.cache.k[0].length / this.cache.B;
    const layers = (cache: ReferenceKvCache) => [...cache.k, ...cache.v];
    const chunk: ChunkInput = {
      B,
      T,
      offsets: entries.map((e) => e.offset),
      counts: entries.map((e) => e.inputs.length),
      K,
      indices: new Uint32Array(B * T * K).fill(this.config.pad_token_id),
      weights: Float32Array.from({ length: B * T * K }, (_, i) => (i % K === 0 ? 1 : 0)),
    };
    entries.forEach((e, b) => {
      layers(staging).forEach((layer, i) => {
        layer.set(layers(this.cache)[i].subarray(e.row.id * size, (e.row.id + 1) * size), b * size);
      });
      e.inputs.forEach((input, t) => {
        chunk.indices.set(input.indices, (b * T + t) * K);
        chunk.weights.set(input.weights, (b * T + t) * K);
      });
    });
    const out = referenceForward(this.config, this.weights, chunk, staging);
    entries.forEach((e, b) => {
      layers(this.cache).forEach((layer, i) => {
        layer.set(layers(staging)[i].subarray(b * size, (b + 1) * size), e.row.id * size);
      });
      const last = b * T + e.inputs.length - 1;
      this.logits[e.row.id] = out.logits.slice(last * V, (last + 1) * V);
      e.inputs.forEach((_, t) => {
        this.records.attended(e.row.id, e.offset + t, (l, h) => {
          const from = ((b * H + h) * T + t) * S;
          return out.attention[l].subarray(from, from + S);
        });
      });
    });
  }

  /** One draw of a running row from its pending logits, then the stop rules. */
  private draw(row: SessionRow): void {
    const logits = this.logits[row.id];
    if (!logits) throw new RangeError(`row ${row.id} has no logits to draw from`);
    this.logits[row.id] = null;
    if (!logits.every(Number.isFinite)) {
      this.book.finish(row, 'nonFinite');
      return;
    }
    const { sampling, seed, multiplex } = this.options;
    const draw = row.draws;
    const sampled = sampleRow(logits, sampling, stepUniform(seed, row.sequence, draw), this.geometry);
    let mixture = discreteStep(sampled.token, sampled.logProb, this.K);
    if (multiplex) {
      const key = { seed, sequence: row.sequence, step: draw };
      const merged = multiplexStep(
        sampled.ranked,
        sampled.processed,
        multiplex,
        key,
        sampling.temperature <= 0,
      );
      const ends = merged.indices[0] === tokenId('</think>');
      mixture =
        this.thinking[row.id] && !ends ? merged : discreteStep(merged.indices[0], merged.logProbs[0], this.K);
      if (ends) this.thinking[row.id] = false;
    }
    this.records.drew(row.id, sampled, mixture);
    const position = row.length;
    this.book.received(row, [sampled.token], [sampled.logProb], [sampled.entropy]);
    if (this.book.applyStop(row) !== null) return;
    if (sampled.token === this.config.eos_token_id) this.book.finish(row, 'eos');
    else if (row.draws >= this.book.maxNew) this.book.finish(row, 'length');
    else if (position >= this.dims.maxT) this.book.finish(row, 'context');
  }
}
