// Generation as the UI asks for it: text prompts in (encoded with <bos> by the lab's tokenizer),
// streamed text and the full record out, on the loaded model's rung — our GPU loop, or the CPU
// reference loop without WebGPU — with the measured tokens per second.
import { generateReference } from '../decoding/generateReference.ts';
import type { GenerateRecord, GenerationResult, StreamUpdate } from '../decoding/generation.ts';
import type { MultiplexSettings } from '../decoding/multiplexReference.ts';
import type { SamplingParams } from '../decoding/samplerReference.ts';
import { decode, encode } from '../model/tokenizer.ts';
import type { LoadedModel, Rung } from './modelService.ts';

export interface TextGenerateRequest {
  prompts: string[];
  samplesPerPrompt?: number;
  sampling: SamplingParams;
  seed: number;
  maxNewTokens: number;
  stopStrings?: string[];
  syncEvery?: number;
  record?: GenerateRecord;
  /** Multiplex Thinking: K merged draws per thinking step (the answer stays discrete). */
  multiplex?: MultiplexSettings;
}

export interface TextStreamUpdate extends StreamUpdate {
  /** Per sequence, the text of the new tokens. */
  newText: string[];
}

export interface TextGenerationResult extends GenerationResult {
  /** Per sequence, the generated text (special tokens spelled out, e.g. <eos>). */
  texts: string[];
  rung: Rung;
  /** Generated tokens over wall time, prefill included. */
  tokensPerSecond: number;
}

/** @throws TokenizerError naming a character outside the vocabulary; RangeError for a bad request */
export async function generateText(
  model: LoadedModel,
  request: TextGenerateRequest,
  onUpdate: ((update: TextStreamUpdate) => void) | undefined,
  isCancelled: () => boolean,
): Promise<TextGenerationResult> {
  const prompts = request.prompts.map((text) => encode(text, { addBos: true }));
  const onTokens = onUpdate
    ? (update: StreamUpdate) => onUpdate({ ...update, newText: update.newTokens.map((t) => decode(t)) })
    : undefined;
  const full = { ...request, prompts, onTokens, isCancelled };
  const result = model.gpu
    ? await model.gpu.generator.generate(full)
    : await generateReference(model.config, model.weights, full);
  const generated = result.sequences.reduce((n, s) => n + s.tokens.length, 0);
  return {
    ...result,
    texts: result.sequences.map((s) => decode(s.tokens)),
    rung: model.info.rung,
    tokensPerSecond: (1000 * generated) / Math.max(1e-3, result.prefillMs + result.decodeMs),
  };
}
