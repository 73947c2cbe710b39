// The generation loop on the CPU: the same request, the same semantics and the same random draws
// as the GPU loop (generate.ts), computed with the reference model and the CPU sampler. It is the
// oracle of the GPU loop's tests and the engine of the CPU rung (a browser without WebGPU). It
// yields to the event loop between steps when the request can be cancelled, so that a cancel
// message reaches the worker.
import { dimsOf, type LlamaConfig } from '../model/config.ts';
import { EMBEDDING, type ModelWeights } from '../model/parameters.ts';
import { type ChunkInput, ReferenceKvCache, referenceForward, tokenChunk } from '../model/referenceModel.ts';
import { tokenId } from '../model/tokenizer.ts';
import { unitRows } from './crowdingReference.ts';
import {
  type FinishReason,
  type GeneratedSequence,
  type GenerateRequest,
  type GenerationResult,
  multiplexTrace,
  padResponses,
  sequenceCrowding,
  stopLength,
  validateRequest,
} from './generation.ts';
import { discreteStep, type MixtureStep, multiplexStep } from './multiplexReference.ts';
import { sampleRow, stepUniform } from './samplerReference.ts';

interface Row {
  sequence: GeneratedSequence;
  position: number;
  running: boolean;
  /** With multiplex: still thinking, and every step's mixture so far. */
  thinking: boolean;
  mixtures: MixtureStep[];
}

export async function generateReference(
  config: LlamaConfig,
  weights: ModelWeights,
  request: GenerateRequest,
): Promise<GenerationResult> {
  validateRequest(request, config);
  const { V, L, H, maxT: S } = dimsOf(config);
  const G = request.samplesPerPrompt ?? 1;
  const { prompts, maxNewTokens, sampling } = request;
  const B = prompts.length;
  const N = B * G;
  const record = request.record ?? {};
  const mux = request.multiplex;
  const K = mux?.width ?? 1;
  const candidates = record.candidates ?? 0;
  const measure = record.crowding ?? false;
  const embedding = weights.get(EMBEDDING) as Float32Array;
  const geometry =
    sampling.craeg || measure
      ? { unit: unitRows(embedding, V, config.hidden_size), d: config.hidden_size }
      : undefined;
  const started = performance.now();
  const capacity = (b: number) => prompts[b].length + maxNewTokens;

  const prefillCache = new ReferenceKvCache(config, B);
  const prefill = referenceForward(
    config,
    weights,
    tokenChunk(prompts, new Array(B).fill(0), config.pad_token_id),
    prefillCache,
  );
  const Tp = Math.max(...prompts.map((p) => p.length));
  const cache = new ReferenceKvCache(config, N);
  const rowSize = prefillCache.k[0].length / B;
  for (let l = 0; l < L; l++) {
    for (let r = 0; r < N; r++) {
      const b = Math.floor(r / G);
      cache.k[l].set(prefillCache.k[l].subarray(b * rowSize, (b + 1) * rowSize), r * rowSize);
      cache.v[l].set(prefillCache.v[l].subarray(b * rowSize, (b + 1) * rowSize), r * rowSize);
    }
  }
  const rows: Row[] = Array.from({ length: N }, (_, r) => {
    const b = Math.floor(r / G);
    const sequence: GeneratedSequence = {
      prompt: b,
      sample: r % G,
      promptTokens: prompts[b],
      tokens: [],
      logProbs: [],
      entropy: [],
      finish: 'length',
      ...(candidates > 0 ? { candidates: [] } : {}),
      ...(record.logSoftmax ? { rawLogSoftmax: [] } : {}),
      ...(measure ? { crowding: [] } : {}),
    };
    if (record.attention) {
      sequence.attention = new Float32Array(L * H * capacity(b) * S);
      for (let l = 0; l < L; l++) {
        for (let h = 0; h < H; h++) {
          for (let t = 0; t < prompts[b].length; t++) {
            const from = ((b * H + h) * Tp + t) * S;
            sequence.attention.set(
              prefill.attention[l].subarray(from, from + S),
              attentionRow(l, h, t, capacity(b), H, S),
            );
          }
        }
      }
    }
    return { sequence, position: prompts[b].length, running: true, thinking: true, mixtures: [] };
  });
  const prefillMs = performance.now() - started;

  let logits = prefill.logits;
  let logitRow = (r: number) => Math.floor(r / G) * Tp + prompts[Math.floor(r / G)].length - 1;
  let steps = 0;
  for (let step = 0; step < maxNewTokens; step++) {
    rows.forEach((row, r) => {
      if (row.running) sampleInto(row, logits.subarray(logitRow(r) * V, (logitRow(r) + 1) * V), r, step);
    });
    if (request.isCancelled) await new Promise((resolve) => setTimeout(resolve, 0));
    if (request.isCancelled?.()) for (const row of rows) finish(row, 'cancelled');
    request.onTokens?.({
      newTokens: rows.map((row) => (row.sequence.tokens.length > 0 ? row.sequence.tokens.slice(-1) : [])),
      steps,
      finished: rows.filter((row) => !row.running).length,
    });
    if (!rows.some((row) => row.running)) break;
    const chunk: ChunkInput = {
      B: N,
      T: 1,
      offsets: rows.map((row) => Math.min(row.position - 1, S - 1)),
      counts: rows.map((row) => (row.running ? 1 : 0)),
      K,
      indices: Uint32Array.from(rows.flatMap((row) => nextInput(row).indices)),
      weights: Float32Array.from(rows.flatMap((row) => nextInput(row).weights)),
    };
    const out = referenceForward(config, weights, chunk, cache);
    steps++;
    if (record.attention) {
      rows.forEach((row, r) => {
        if (!row.running) return;
        for (let l = 0; l < L; l++) {
          for (let h = 0; h < H; h++) {
            const from = (r * H + h) * S;
            const at = attentionRow(l, h, chunk.offsets[r], capacity(row.sequence.prompt), H, S);
            (row.sequence.attention as Float32Array).set(out.attention[l].subarray(from, from + S), at);
          }
        }
      });
    }
    logits = out.logits;
    logitRow = (r) => r;
  }
  const sequences = rows.map((row) => trimAttention(row.sequence, L, H, S));
  for (const s of sequences) if (s.crowding) s.sequenceCrowding = sequenceCrowding(s.tokens, s.crowding);
  if (mux) {
    sequences.forEach((s, r) => {
      const steps = rows[r].mixtures;
      s.multiplex = multiplexTrace(K, s.tokens.length, (t, j) => ({
        token: steps[t].indices[j],
        weight: steps[t].weights[j],
        logProb: steps[t].logProbs[j],
      }));
    });
  }
  return {
    sequences,
    padded: padResponses(sequences, config.pad_token_id),
    steps,
    prefillMs,
    decodeMs: performance.now() - started - prefillMs,
  };

  function sampleInto(row: Row, logitsRow: Float32Array, r: number, step: number): void {
    if (!logitsRow.every(Number.isFinite)) {
      finish(row, 'nonFinite');
      return;
    }
    const sampled = sampleRow(logitsRow, sampling, stepUniform(request.seed, r, step), geometry);
    const s = row.sequence;
    s.tokens.push(sampled.token);
    s.logProbs.push(sampled.logProb);
    s.entropy.push(sampled.entropy);
    s.candidates?.push(
      sampled.ranked.slice(0, candidates).map((token, c) => ({
        token,
        raw: sampled.raw[c],
        processed: sampled.processed[c],
        ...(record.stages
          ? { temperature: sampled.stages.temperature[c], truncated: sampled.stages.truncation[c] }
          : {}),
      })),
    );
    if (measure && sampled.crowding) {
      const { stepCrowding, lambda, tokenCrowding } = sampled.crowding;
      s.crowding?.push({ step: stepCrowding, lambda, tokens: Float32Array.from(tokenCrowding) });
    }
    s.rawLogSoftmax?.push(Float32Array.from(sampled.rawLogSoftmax));
    if (mux) {
      const greedy = sampling.temperature <= 0;
      const merged = multiplexStep(
        sampled.ranked,
        sampled.processed,
        mux,
        { seed: request.seed, sequence: r, step },
        greedy,
      );
      const ends = merged.indices[0] === tokenId('</think>');
      row.mixtures.push(
        row.thinking && !ends ? merged : discreteStep(merged.indices[0], merged.logProbs[0], K),
      );
      if (ends) row.thinking = false;
    }
    const position = row.position;
    row.position++;
    const keep = stopLength(s.tokens, request.stopStrings ?? []);
    if (keep !== null) finish(row, 'stop');
    else if (sampled.token === config.eos_token_id) finish(row, 'eos');
    else if (s.tokens.length >= maxNewTokens) finish(row, 'length');
    else if (position >= S) finish(row, 'context');
  }

  /** The input of a row's next position: its last step's mixture (one-hot on its last token). */
  function nextInput(row: Row): { indices: number[]; weights: number[] } {
    const last = row.mixtures.at(-1);
    if (last) return last;
    const token = row.sequence.tokens.at(-1) ?? config.pad_token_id;
    return discreteStep(token, 0, K);
  }

  function finish(row: Row, reason: FinishReason): void {
    if (!row.running) return;
    row.running = false;
    row.sequence.finish = reason;
  }
}

/** Offset of row (layer l, head h, position p) in an [L, H, capacity, S] attention record. */
function attentionRow(l: number, h: number, p: number, capacity: number, H: number, S: number): number {
  return ((l * H + h) * capacity + p) * S;
}

/** Cuts a sequence's attention record to the positions the model processed. */
function trimAttention(s: GeneratedSequence, L: number, H: number, S: number): GeneratedSequence {
  if (!s.attention) return s;
  const capacity = s.attention.length / (L * H * S);
  const P = s.promptTokens.length + Math.max(0, s.tokens.length - 1);
  const trimmed = new Float32Array(L * H * P * S);
  for (let lh = 0; lh < L * H; lh++)
    trimmed.set(s.attention.subarray(lh * capacity * S, (lh * capacity + P) * S), lh * P * S);
  return { ...s, attention: trimmed };
}
