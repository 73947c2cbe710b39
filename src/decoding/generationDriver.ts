// generate() as a driver over a generation session, one for the GPU loop (generate.ts) and the CPU
// loop (generateReference.ts): prefill the B prompts once, copy each prompt's row into the rows of
// its G − 1 other samples, draw every first token, step until every row has finished, read. Row
// b·G + g draws with rng sequence b·G + g, so results match the loop this driver replaced.
import type { LlamaConfig } from '../model/config.ts';
import {
  type GeneratedSequence,
  type GenerateRequest,
  type GenerationResult,
  padResponses,
  validateRequest,
} from './generation.ts';
import type { Session, SessionOptions, SessionSequence, StepOptions } from './sessionTypes.ts';

/** The session a request needs: one row per sample, its draws, its records. */
export function sessionOptions(request: GenerateRequest, config: LlamaConfig): SessionOptions {
  validateRequest(request, config);
  const G = request.samplesPerPrompt ?? 1;
  const Tp = Math.max(...request.prompts.map((p) => p.length));
  return {
    maxRows: request.prompts.length * G,
    maxNewTokens: request.maxNewTokens,
    sampling: request.sampling,
    seed: request.seed,
    stopStrings: request.stopStrings,
    syncEvery: request.syncEvery,
    record: request.record,
    multiplex: request.multiplex,
    attentionPositions: Tp + request.maxNewTokens,
  };
}

export async function driveGeneration(
  session: Session,
  request: GenerateRequest,
  config: LlamaConfig,
): Promise<GenerationResult> {
  const G = request.samplesPerPrompt ?? 1;
  const { prompts } = request;
  const started = performance.now();
  const firsts = await session.prefill(prompts.map((tokens, b) => ({ tokens, sequence: b * G })));
  const others = await session.copyRows(
    prompts.flatMap((_, b) =>
      Array.from({ length: G - 1 }, (_, g) => ({ from: firsts[b], sequence: b * G + g + 1 })),
    ),
  );
  const rowOf = prompts.flatMap((_, b) => [firsts[b], ...others.slice(b * (G - 1), (b + 1) * (G - 1))]);
  const onTokens = request.onTokens;
  const options: StepOptions = {
    isCancelled: request.isCancelled,
    onTokens:
      onTokens && ((update) => onTokens({ ...update, newTokens: rowOf.map((r) => update.newTokens[r]) })),
  };
  await session.step(1, options);
  const prefillMs = performance.now() - started;
  const steps = await session.step(request.maxNewTokens - 1, options);
  const read = await session.read(rowOf);
  const sequences = read.map((s, r) => generatedSequence(s, Math.floor(r / G), r % G));
  return {
    sequences,
    padded: padResponses(sequences, config.pad_token_id),
    steps,
    prefillMs,
    decodeMs: performance.now() - started - prefillMs,
  };
}

function generatedSequence(s: SessionSequence, prompt: number, sample: number): GeneratedSequence {
  const { row, sequence, status, text, sources, drawnBefore, finish, ...fields } = s;
  return { prompt, sample, ...fields, finish: finish ?? 'length' };
}
