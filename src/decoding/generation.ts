// What a generation is asked and what it returns, shared by the GPU loop (generate.ts) and the CPU
// reference loop (generateReference.ts), plus the host-side rules both apply the same way: request
// validation, stop strings, finish reasons and the padded response matrix that trainers read.
import type { LlamaConfig } from '../model/config.ts';
import { decode, tokenId } from '../model/tokenizer.ts';
import { checkMultiplex, type MultiplexSettings } from './multiplexReference.ts';
import type { SamplingParams } from './samplerReference.ts';

export interface GenerateRecord {
  /** The raw log-softmax over the vocabulary at every step. */
  logSoftmax?: boolean;
  /** How many top candidates (token, raw p, q) to keep per step; 0 or absent: none. */
  candidates?: number;
  /** Attention probabilities of every position, per layer and head. */
  attention?: boolean;
  /** With candidates: each candidate's probability after temperature and after truncation too. */
  stages?: boolean;
  /** Embedding-space crowding of every step (also without CraEG, which then only measures). */
  crowding?: boolean;
}

/** The crowding of one step (crowding.wgsl; our reconstruction of CraEG's metrics). */
export interface CrowdingStep {
  /** C_t: probability-weighted mean pairwise similarity of the candidates. */
  step: number;
  /** CraEG's strength λ_t (0 when CraEG is off or nothing is crowded). */
  lambda: number;
  /** c_v of the candidate ranks (≤ 32, those with mass), in rank order. */
  tokens: Float32Array;
}

export interface StreamUpdate {
  /** Per sequence, the tokens generated since the last update. */
  newTokens: number[][];
  /** Decode steps run so far. */
  steps: number;
  finished: number;
}

export interface GenerateRequest {
  /** Token ids of each prompt (the caller prepends <bos> when it wants one); lengths may differ. */
  prompts: number[][];
  /** G samples per prompt share its prefill; sequence r is prompt floor(r / G), sample r % G. */
  samplesPerPrompt?: number;
  sampling: SamplingParams;
  seed: number;
  maxNewTokens: number;
  /** Text that ends a sequence once generated (the text includes the tokens that complete it). */
  stopStrings?: string[];
  /** Decode steps between readbacks (each costs a GPU round trip). Default 8. */
  syncEvery?: number;
  record?: GenerateRecord;
  /** Multiplex Thinking: thinking steps feed K merged draws as the next input (the answer is discrete). */
  multiplex?: MultiplexSettings;
  onTokens?: (update: StreamUpdate) => void;
  /** Checked at every readback; true ends every running sequence as 'cancelled'. */
  isCancelled?: () => boolean;
}

export type FinishReason = 'eos' | 'stop' | 'length' | 'context' | 'cancelled' | 'nonFinite';

export interface Candidate {
  token: number;
  /** softmax(logits) at temperature 1 */
  raw: number;
  /** probability under the distribution sampled from */
  processed: number;
  /** With record.stages: after temperature, and after truncation (before CraEG). */
  temperature?: number;
  truncated?: number;
}

/** What a multiplex generation fed back at each step: [n, K] per generated token. */
export interface MultiplexTrace {
  width: number;
  /** The input mixture the step's token position became, slot by slot. */
  indices: Uint32Array;
  weights: Float32Array;
  /** log q of each slot's draw; 0 on slots outside the trace (weight 0). */
  logProbs: Float32Array;
  /** Steps merged from K draws: those before the first slot-0 </think>. */
  thinkingSteps: number;
}

export interface GeneratedSequence {
  prompt: number;
  sample: number;
  promptTokens: number[];
  /** Generated tokens, the final <eos> included; cut after the token that completes a stop string. */
  tokens: number[];
  /** log q(token) under the distribution sampled from, per generated token. */
  logProbs: number[];
  /** Entropy (nats) of that distribution, per generated token. */
  entropy: number[];
  finish: FinishReason;
  candidates?: Candidate[][];
  /** Per generated token, log softmax of the raw logits over the vocabulary. */
  rawLogSoftmax?: Float32Array[];
  /** Per generated token, the crowding of its step. */
  crowding?: CrowdingStep[];
  /** With request.multiplex: each step's mixture and per-slot log q. */
  multiplex?: MultiplexTrace;
  /** With crowding: the mean step crowding over the thinking steps (sequenceCrowding). */
  sequenceCrowding?: number;
  /**
   * [L, H, P, S]: row p is how position p attended to positions 0..p, for the P = prompt +
   * generated − 1 positions the model processed (the last token is never fed back).
   */
  attention?: Float32Array;
}

export interface GenerationResult {
  sequences: GeneratedSequence[];
  /** [N, width] generated tokens padded with <pad>, and the response mask (1 = a real token). */
  padded: { width: number; tokens: Uint32Array; mask: Uint8Array };
  /** Decode steps run (the first token comes from the prefill). */
  steps: number;
  prefillMs: number;
  decodeMs: number;
}

/** Checks a request against the model; throws RangeError naming what is wrong. */
export function validateRequest(request: GenerateRequest, config: LlamaConfig): void {
  const S = config.max_position_embeddings;
  const G = request.samplesPerPrompt ?? 1;
  if (request.prompts.length === 0) throw new RangeError('generation needs at least one prompt');
  request.prompts.forEach((prompt, b) => {
    if (prompt.length === 0 || prompt.length > S) {
      throw new RangeError(`prompt ${b} has ${prompt.length} tokens; it needs 1..${S}`);
    }
    const bad = prompt.find((t) => !Number.isInteger(t) || t < 0 || t >= config.vocab_size);
    if (bad !== undefined)
      throw new RangeError(`prompt ${b} holds token ${bad}, outside 0..${config.vocab_size - 1}`);
  });
  if (!Number.isInteger(G) || G < 1)
    throw new RangeError(`samplesPerPrompt = ${G} must be a whole number >= 1`);
  if (!Number.isInteger(request.maxNewTokens) || request.maxNewTokens < 1) {
    throw new RangeError(`maxNewTokens = ${request.maxNewTokens} must be a whole number >= 1`);
  }
  if (request.multiplex) checkMultiplex(request.multiplex);
  validateSampling(request.sampling);
}

/** Checks sampling settings; throws RangeError naming what is wrong. */
export function validateSampling({ temperature, topK, topP }: SamplingParams): void {
  if (!(temperature >= 0) || !(topP > 0 && topP <= 1) || !Number.isInteger(topK) || topK < 0) {
    throw new RangeError(
      `sampling needs temperature >= 0, 0 < top-p <= 1, top-k >= 0 (got ${temperature}, ${topP}, ${topK})`,
    );
  }
}

/**
 * The number of tokens to keep: just past the first token whose text completes a stop string,
 * or null when no stop string occurs.
 */
export function stopLength(tokens: readonly number[], stopStrings: readonly string[]): number | null {
  if (stopStrings.length === 0) return null;
  const longest = Math.max(...stopStrings.map((s) => s.length));
  let text = '';
  for (let i = 0; i < tokens.length; i++) {
    const from = Math.max(0, text.length - longest + 1);
    text += decode([tokens[i]]);
    if (stopStrings.some((stop) => stop.length > 0 && text.indexOf(stop, from) >= 0)) return i + 1;
  }
  return null;
}

/** Tokens padded with `pad` to the longest sequence, and the mask of real tokens. */
export function padResponses(
  sequences: readonly GeneratedSequence[],
  pad: number,
): GenerationResult['padded'] {
  const width = Math.max(1, ...sequences.map((s) => s.tokens.length));
  const tokens = new Uint32Array(sequences.length * width).fill(pad);
  const mask = new Uint8Array(sequences.length * width);
  sequences.forEach((s, r) => {
    tokens.set(s.tokens, r * width);
    mask.fill(1, r * width, r * width + s.tokens.length);
  });
  return { width, tokens, mask };
}

/**
 * Sequence-level crowding: the mean C_t over the thinking steps, the generated tokens before the
 * first </think> (all of them when there is none); 0 for an empty response.
 */
export function sequenceCrowding(tokens: readonly number[], crowding: readonly CrowdingStep[]): number {
  const end = tokens.indexOf(tokenId('</think>'));
  const steps = crowding.slice(0, end < 0 ? crowding.length : end);
  return steps.length === 0 ? 0 : steps.reduce((a, c) => a + c.step, 0) / steps.length;
}

/** A multiplex trace of `length` steps read slot by slot from a recording. */
export function multiplexTrace(
  width: number,
  length: number,
  slot: (t: number, j: number) => { token: number; weight: number; logProb: number },
): MultiplexTrace {
  const indices = new Uint32Array(length * width);
  const weights = new Float32Array(length * width);
  const logProbs = new Float32Array(length * width);
  let thinkingSteps = -1;
  for (let t = 0; t < length; t++) {
    for (let j = 0; j < width; j++) {
      const { token, weight, logProb } = slot(t, j);
      indices[t * width + j] = token;
      weights[t * width + j] = weight;
      logProbs[t * width + j] = logProb;
    }
    if (thinkingSteps < 0 && indices[t * width] === tokenId('</think>')) thinkingSteps = t;
  }
  return { width, indices, weights, logProbs, thinkingSteps: thinkingSteps < 0 ? length : thinkingSteps };
}
