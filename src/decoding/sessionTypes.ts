// The generation session's vocabulary, shared by the GPU session (session.ts), the CPU one
// (sessionReference.ts), their book (sessionRows.ts) and their callers: the options fixed at
// creation, what a new row starts from, what a row reads as, and the operations themselves.
import type { FinishReason, GeneratedSequence, GenerateRecord, StreamUpdate } from './generation.ts';
import type { MultiplexSettings } from './multiplexReference.ts';
import type { SamplingParams } from './samplerReference.ts';

export interface SessionOptions {
  /** Rows the session holds at once: its KV cache and every record have this many. */
  maxRows: number;
  /** Draws a row may make over its life (RowPrompt.drawn included): the record slots per row. */
  maxNewTokens: number;
  sampling: SamplingParams;
  seed: number;
  /** Text that ends a row's turn once sampled (searched in the tokens sampled since its last append). */
  stopStrings?: string[];
  /** Decode steps between readbacks (GPU). Default 8. */
  syncEvery?: number;
  record?: GenerateRecord;
  multiplex?: MultiplexSettings;
  /** Positions per row the attention record keeps (record.attention); default max_position_embeddings. */
  attentionPositions?: number;
}

export interface RowPrompt {
  tokens: number[];
  /** The rng sequence of the row's draws: draw d uses rngUniform(seed, sequence, d, slot). Default: the row id. */
  sequence?: number;
  /**
   * Draws already made under this sequence elsewhere (e.g. the turns before a re-prefilled text):
   * the row's first draw has index `drawn`, so it continues that random stream. Default 0.
   */
  drawn?: number;
}

export interface RowCopy {
  from: number;
  /** The copy's rng sequence. Default: its row id. */
  sequence?: number;
}

export type TokenSource = 'sampled' | 'appended';
export type RowStatus = 'running' | 'held' | 'finished';

/** What a row holds: GeneratedSequence's fields for its sampled tokens, plus its whole text. */
export interface SessionSequence extends Omit<GeneratedSequence, 'prompt' | 'sample' | 'finish'> {
  row: number;
  sequence: number;
  status: RowStatus;
  /** Why the row last finished; null while it runs or is held. stop(): 'cancelled'. */
  finish: FinishReason | null;
  /** Every token after the prompt in order, sampled and appended; `tokens` is its sampled part. */
  text: number[];
  /** The source of each token of `text`. */
  sources: TokenSource[];
  /** RowPrompt.drawn: the index of the first draw. */
  drawnBefore: number;
}

export interface StepOptions {
  onTokens?: (update: StreamUpdate) => void;
  /** Checked at every readback; true ends every running row as 'cancelled'. */
  isCancelled?: () => boolean;
}

/**
 * The operations of a generation session; the GPU (session.ts) and CPU (sessionReference.ts) ones
 * agree on them, draw for draw. Row ids count from 0 in the order rows are added.
 */
export interface Session {
  /**
   * New rows from token prompts, at any time (mid-generation too); returns their row ids. Each
   * row's first draw comes from the logits after its last prompt token.
   * @throws RangeError for a prompt outside 1..max_position_embeddings tokens, a token outside the
   *   vocabulary, a bad sequence or drawn, or more rows than maxRows
   */
  prefill(prompts: RowPrompt[]): Promise<number[]>;
  /**
   * New rows, each a copy of a row's cache, text, records and status with its own rng sequence.
   * @throws RangeError for an unknown row or more rows than maxRows
   */
  copyRows(copies: RowCopy[]): Promise<number[]>;
  /**
   * Feeds tokens to a row teacher-forced, as one chunk forward at its current position: they are
   * marked 'appended', never counted as draws, and the row's next draw comes from the logits after
   * the last of them. A finished row runs again (its finish cleared); a held row stays held.
   * @throws RangeError for no tokens, a token outside the vocabulary, a text past
   *   max_position_embeddings, or a row that has made all maxNewTokens draws
   */
  append(row: number, tokens: number[]): Promise<void>;
  /**
   * Held rows keep their cache and draw nothing until released.
   * @throws RangeError for a row that is not running
   */
  hold(rows: number[]): void;
  /** @throws RangeError for a row that is not held */
  release(rows: number[]): void;
  /** Ends running and held rows as 'cancelled'. */
  stop(rows: number[]): void;
  /**
   * Runs up to n steps: at each, every running row draws once. It stops early once no row runs
   * (the GPU at the end of a syncEvery window, the CPU at once); returns the steps run.
   */
  step(n: number, options?: StepOptions): Promise<number>;
  /** The rows (default all) with their text and records. */
  read(rows?: number[]): Promise<SessionSequence[]>;
  destroy(): void;
}
