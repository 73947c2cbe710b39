// The host's book of a generation session's rows, shared by the GPU session (session.ts) and the
// CPU one (sessionReference.ts) so that both apply one set of rules: capacity checks, row ids,
// each row's text with the source of every token, stop strings per turn, finish reasons, hold and
// release, and the stream of new tokens. It holds no model state; the sessions own that.
import type { LlamaConfig } from '../model/config.ts';
import { type FinishReason, type StreamUpdate, stopLength, validateSampling } from './generation.ts';
import { checkMultiplex } from './multiplexReference.ts';
import type {
  RowCopy,
  RowPrompt,
  RowStatus,
  SessionOptions,
  SessionSequence,
  TokenSource,
} from './sessionTypes.ts';

/** One row of the book. */
export class SessionRow {
  text: number[] = [];
  sources: TokenSource[] = [];
  tokens: number[] = [];
  logProbs: number[] = [];
  entropy: number[] = [];
  status: RowStatus = 'running';
  finish: FinishReason | null = null;
  /** Index into `tokens` where the current turn began (stop strings look from there). */
  turnStart = 0;
  /** Positions whose keys and values are in the cache: length (logits pending) or length - 1. */
  cached: number;
  streamed = 0;

  constructor(
    readonly id: number,
    readonly sequence: number,
    readonly prompt: number[],
    readonly drawnBefore: number,
  ) {
    this.cached = prompt.length;
  }

  get length(): number {
    return this.prompt.length + this.text.length;
  }

  /** The draw index of the next draw (the GPU state's `generated`). */
  get draws(): number {
    return this.drawnBefore + this.tokens.length;
  }

  /** Whether the last token is not in the cache yet (the next forward feeds it). */
  get pendingToken(): boolean {
    return this.cached < this.length;
  }

  /** Positions the model has attended from, as GeneratedSequence.attention counts them. */
  get processed(): number {
    return this.sources.at(-1) === 'sampled' ? this.length - 1 : this.length;
  }

  copyAs(id: number, sequence: number): SessionRow {
    const copy = new SessionRow(id, sequence, this.prompt, this.drawnBefore);
    copy.text = [...this.text];
    copy.sources = [...this.sources];
    copy.tokens = [...this.tokens];
    copy.logProbs = [...this.logProbs];
    copy.entropy = [...this.entropy];
    copy.status = this.status;
    copy.finish = this.finish;
    copy.turnStart = this.turnStart;
    copy.cached = this.cached;
    copy.streamed = this.tokens.length;
    return copy;
  }
}

export class RowBook {
  readonly rows: SessionRow[] = [];
  readonly maxRows: number;
  readonly maxNew: number;
  readonly S: number;
  readonly syncEvery: number;

  constructor(
    readonly options: SessionOptions,
    private readonly config: LlamaConfig,
  ) {
    const { maxRows, maxNewTokens } = options;
    if (!Number.isInteger(maxRows) || maxRows < 1) {
      throw new RangeError(`maxRows = ${maxRows} must be a whole number >= 1`);
    }
    if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1) {
      throw new RangeError(`maxNewTokens = ${maxNewTokens} must be a whole number >= 1`);
    }
    validateSampling(options.sampling);
    if (options.multiplex) checkMultiplex(options.multiplex);
    this.maxRows = maxRows;
    this.maxNew = maxNewTokens;
    this.S = config.max_position_embeddings;
    this.syncEvery = Math.max(1, options.syncEvery ?? 8);
  }

  row(id: number): SessionRow {
    const row = this.rows[id];
    if (!Number.isInteger(id) || !row) {
      throw new RangeError(`row ${id} does not exist; this session has rows 0..${this.rows.length - 1}`);
    }
    return row;
  }

  checkSteps(n: number): void {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`step(${n}) needs a whole number of steps >= 0`);
  }

  /** Checks that `count` more rows fit. */
  checkRoom(count: number): void {
    if (this.rows.length + count > this.maxRows) {
      throw new RangeError(
        `${count} more rows do not fit: ${this.rows.length} of maxRows = ${this.maxRows} are in use`,
      );
    }
  }

  checkTokens(tokens: readonly number[], what: string): void {
    const bad = tokens.find((t) => !Number.isInteger(t) || t < 0 || t >= this.config.vocab_size);
    if (bad !== undefined) {
      throw new RangeError(`${what} holds token ${bad}, outside 0..${this.config.vocab_size - 1}`);
    }
  }

  /** Checks prompts as a whole (before any is added) and adds them; returns their row ids. */
  addPrompts(prompts: readonly RowPrompt[]): SessionRow[] {
    this.checkRoom(prompts.length);
    prompts.forEach((p, i) => {
      if (p.tokens.length === 0 || p.tokens.length > this.S) {
        throw new RangeError(`prompt ${i} has ${p.tokens.length} tokens; it needs 1..${this.S}`);
      }
      this.checkTokens(p.tokens, `prompt ${i}`);
      checkSequence(p.sequence, `prompt ${i}`);
      const drawn = p.drawn ?? 0;
      if (!Number.isInteger(drawn) || drawn < 0 || drawn >= this.maxNew) {
        throw new RangeError(`prompt ${i}: drawn = ${drawn} must be a whole number in 0..${this.maxNew - 1}`);
      }
    });
    return prompts.map((p) => {
      const id = this.rows.length;
      const row = new SessionRow(id, p.sequence ?? id, [...p.tokens], p.drawn ?? 0);
      this.rows.push(row);
      return row;
    });
  }

  addCopies(copies: readonly RowCopy[]): SessionRow[] {
    this.checkRoom(copies.length);
    for (const [i, c] of copies.entries()) {
      this.row(c.from);
      checkSequence(c.sequence, `copy ${i}`);
    }
    return copies.map((c) => {
      const id = this.rows.length;
      const row = this.row(c.from).copyAs(id, c.sequence ?? id);
      this.rows.push(row);
      return row;
    });
  }

  /** Checks that `tokens` can be appended to a row and that it can draw after them. */
  checkAppend(id: number, tokens: readonly number[]): SessionRow {
    const row = this.row(id);
    if (tokens.length === 0) throw new RangeError(`append to row ${id} needs at least one token`);
    this.checkTokens(tokens, `the tokens appended to row ${id}`);
    if (row.length + tokens.length > this.S) {
      throw new RangeError(
        `row ${id} has ${row.length} tokens; ${tokens.length} more exceed max_position_embeddings = ${this.S}`,
      );
    }
    if (row.draws >= this.maxNew) {
      throw new RangeError(
        `row ${id} has made all maxNewTokens = ${this.maxNew} draws; it cannot draw again`,
      );
    }
    return row;
  }

  /** Records appended tokens: they are in the cache, the row's logits follow the last of them. */
  appended(row: SessionRow, tokens: readonly number[]): void {
    row.text.push(...tokens);
    for (const _ of tokens) row.sources.push('appended');
    row.cached = row.length;
    row.turnStart = row.tokens.length;
    if (row.status === 'finished') row.status = 'running';
    row.finish = null;
  }

  /** Records sampled tokens (the draws of one or more steps); each one is pending until fed. */
  received(row: SessionRow, tokens: number[], logProbs: number[], entropy: number[]): void {
    if (tokens.length === 0) return;
    row.tokens.push(...tokens);
    row.logProbs.push(...logProbs);
    row.entropy.push(...entropy);
    row.text.push(...tokens);
    for (const _ of tokens) row.sources.push('sampled');
    row.cached = row.length - 1;
  }

  /** Cuts a row's turn after the token that completes a stop string; returns how many were cut. */
  applyStop(row: SessionRow): number | null {
    const turn = row.tokens.slice(row.turnStart);
    const keep = stopLength(turn, this.options.stopStrings ?? []);
    if (keep === null) return null;
    const cut = turn.length - keep;
    for (const list of [row.tokens, row.logProbs, row.entropy]) list.length -= cut;
    row.text.length -= cut;
    row.sources.length -= cut;
    row.cached = Math.min(row.cached, row.length - 1);
    row.streamed = Math.min(row.streamed, row.tokens.length);
    this.finish(row, 'stop');
    return cut;
  }

  finish(row: SessionRow, reason: FinishReason): void {
    row.status = 'finished';
    row.finish = reason;
  }

  hold(id: number): SessionRow {
    const row = this.row(id);
    if (row.status !== 'running')
      throw new RangeError(`row ${id} is ${row.status}; only a running row can be held`);
    row.status = 'held';
    return row;
  }

  release(id: number): SessionRow {
    const row = this.row(id);
    if (row.status !== 'held')
      throw new RangeError(`row ${id} is ${row.status}; only a held row can be released`);
    row.status = 'running';
    return row;
  }

  /** Ends a running or held row as 'cancelled'; a finished row stays as it is. */
  stop(id: number): SessionRow {
    const row = this.row(id);
    if (row.status !== 'finished') this.finish(row, 'cancelled');
    return row;
  }

  running(): SessionRow[] {
    return this.rows.filter((row) => row.status === 'running');
  }

  /** The stream update since the last one (tokens per row id), as StreamUpdate reports it. */
  update(): StreamUpdate {
    const newTokens = this.rows.map((row) => row.tokens.slice(row.streamed));
    for (const row of this.rows) row.streamed = row.tokens.length;
    return {
      newTokens,
      steps: Math.max(0, ...this.rows.map((row) => row.tokens.length - 1)),
      finished: this.rows.filter((row) => row.status === 'finished').length,
    };
  }

  sequence(id: number): SessionSequence {
    const row = this.row(id);
    return {
      row: id,
      sequence: row.sequence,
      status: row.status,
      finish: row.finish,
      promptTokens: row.prompt,
      tokens: [...row.tokens],
      logProbs: [...row.logProbs],
      entropy: [...row.entropy],
      text: [...row.text],
      sources: [...row.sources],
      drawnBefore: row.drawnBefore,
    };
  }
}

function checkSequence(sequence: number | undefined, what: string): void {
  if (sequence !== undefined && (!Number.isInteger(sequence) || sequence < 0 || sequence > 0xffffffff)) {
    throw new RangeError(`${what}: rng sequence ${sequence} must be a whole number in 0..2^32 - 1`);
  }
}
