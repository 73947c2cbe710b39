// The one generation loop of the lab, on the GPU. B prompts of different lengths are prefilled in
// one chunk; each prompt's KV cache is copied into the rows of its G samples; then every step is a
// decode forward of all N = B*G rows plus one sampling dispatch (sample.wgsl), which writes the
// next input token and position on the GPU. The host submits `syncEvery` steps at a time and reads
// back only then (a round trip costs ~2.4 ms here): it streams the new tokens, applies stop strings
// and cancellation by writing a row's status, and stops once every row has finished. With
// Multiplex Thinking on, multiplex.wgsl follows each sampling step and writes the next input as a
// mixture of K draws while the row thinks (one-hot once it has drawn </think>).
// The CPU reference of this loop is generateReference.ts; both draw the same random numbers.
import type { GpuContext } from '../gpu/device.ts';
import { CommandBatch } from '../gpu/dispatch.ts';
import { readF32, readU32 } from '../gpu/readback.ts';
import type { Activations } from '../model/activations.ts';
import { KvCache } from '../model/kvCache.ts';
import { tokenId } from '../model/tokenizer.ts';
import type { GpuTransformer } from '../model/transformer.ts';
import {
  type Candidate,
  type GenerateRequest,
  type GenerationResult,
  multiplexTrace,
  padResponses,
  sequenceCrowding,
  validateRequest,
} from './generation.ts';
import { HostView } from './hostView.ts';
import { Multiplexer, TRACE_FIELDS } from './multiplex.ts';
import { copyPrefill, copyPrefillAttention, copyStepAttention } from './recordCopies.ts';
import { CROWDING_RECORD, Sampler, type SampleStep, STATUS } from './sampler.ts';

/** A model with its sampling pipeline, ready to generate. */
export class Generator {
  private multiplexer: Promise<Multiplexer> | null = null;

  private constructor(
    private readonly gpu: GpuContext,
    readonly model: GpuTransformer,
    private readonly sampler: Sampler,
  ) {}

  static async create(gpu: GpuContext, model: GpuTransformer): Promise<Generator> {
    return new Generator(gpu, model, await Sampler.create(gpu));
  }

  destroy(): void {
    this.sampler.destroy();
  }

  async generate(request: GenerateRequest): Promise<GenerationResult> {
    const { config, dims } = this.model;
    validateRequest(request, config);
    const { gpu, model } = this;
    const { V, L, H, maxT: S } = dims;
    const G = request.samplesPerPrompt ?? 1;
    const { prompts, maxNewTokens: maxNew } = request;
    const B = prompts.length;
    const N = B * G;
    const Tp = Math.max(...prompts.map((p) => p.length));
    const window = Math.max(1, request.syncEvery ?? 8);
    const record = request.record ?? {};
    const C = Math.min(record.candidates ?? 0, V);
    const keep = record.attention ?? false;
    const capacity = Tp + maxNew;
    const promptOf = (r: number) => Math.floor(r / G);
    const mux = request.multiplex;
    const K = mux?.width ?? 1;
    if (mux) this.multiplexer ??= Multiplexer.create(gpu);
    const multiplexer = mux ? await this.multiplexer : null;

    const owned: { destroy(): void }[] = [];
    const buffer = (label: string, elements: number) => {
      const b = gpu.buffers.create(`generate.${label}`, 4 * elements);
      owned.push({ destroy: () => gpu.buffers.destroy(b) });
      return b;
    };
    const upload = (label: string, data: Uint32Array | Float32Array) => {
      const b = gpu.buffers.upload(`generate.${label}`, data);
      owned.push({ destroy: () => gpu.buffers.destroy(b) });
      return b;
    };
    try {
      const cache = new KvCache(gpu, config, N);
      owned.push(cache);
      const prefillCache = G > 1 ? new KvCache(gpu, config, B) : cache;
      if (G > 1) owned.push(prefillCache);
      const state = upload(
        'state',
        Uint32Array.from(
          Array.from({ length: N }, (_, r) => [r, STATUS.running, 0, prompts[promptOf(r)].length]).flat(),
        ),
      );
      const prefillRows = upload(
        'prefillRows',
        Uint32Array.from({ length: N }, (_, r) => promptOf(r) * Tp + prompts[promptOf(r)].length - 1),
      );
      const decodeRows = upload(
        'decodeRows',
        Uint32Array.from({ length: N }, (_, r) => r),
      );
      const steps = buffer('record', 3 * N * maxNew);
      const dist = buffer('dist', 2 * N * V);
      const kept = buffer('kept', N);
      const stages = record.stages && C > 0 ? buffer('stages', 4 * N * maxNew * C) : undefined;
      const measure = record.crowding ?? false;
      const crowding = measure ? buffer('crowding', N * maxNew * CROWDING_RECORD) : undefined;
      const crowds = Boolean(request.sampling.craeg) || measure;
      const similarity = crowds ? buffer('similarity', V * V) : undefined;
      if (crowds) await this.sampler.prepareCrowding();
      const candidates = C > 0 ? buffer('candidates', 3 * N * maxNew * C) : undefined;
      const rawLogSoftmax = record.logSoftmax ? buffer('rawLogSoftmax', N * maxNew * V) : undefined;
      const attention = keep ? buffer('attention', N * L * H * capacity * S) : undefined;
      const trace = mux ? buffer('multiplexTrace', N * maxNew * K * TRACE_FIELDS) : undefined;
      const thinking = mux ? upload('thinking', new Uint32Array(N).fill(1)) : undefined;
      const firstDraws = mux ? buffer('firstDraws', N) : undefined;

      const prefill = model.activations({ B, T: Tp, K: 1, keep });
      const decoding = model.activations({ B: N, T: 1, K, keep });
      const indices = new Uint32Array(B * Tp).fill(config.pad_token_id);
      prompts.forEach((p, b) => {
        indices.set(p, b * Tp);
      });
      const queue = gpu.device.queue;
      queue.writeBuffer(prefill.indices, 0, indices);
      queue.writeBuffer(prefill.weights, 0, new Float32Array(B * Tp).fill(1));
      queue.writeBuffer(prefill.seqs, 0, Uint32Array.from(prompts.flatMap((p) => [0, p.length])));
      queue.writeBuffer(
        decoding.weights,
        0,
        Float32Array.from({ length: N * K }, (_, i) => (i % K === 0 ? 1 : 0)),
      );

      const sampleStep = (step: number): SampleStep => ({
        ...request.sampling,
        N,
        V,
        seed: request.seed,
        step,
        maxNew,
        eos: config.eos_token_id,
        S,
        candidates: C,
        logSoftmax: record.logSoftmax ?? false,
        stages: Boolean(stages),
        crowding: measure,
      });
      const sample = (batch: CommandBatch, step: number, acts: Activations, rows: GPUBuffer) => {
        this.sampler.encode(batch, sampleStep(step), {
          logits: acts.logits,
          logitRows: rows,
          state,
          seqs: decoding.seqs,
          next: firstDraws ?? decoding.indices,
          record: steps,
          dist,
          kept,
          candidates,
          rawLogSoftmax,
          stages,
          crowding,
          similarity,
        });
        if (!mux || !multiplexer || !thinking || !trace) return;
        multiplexer.encode(
          batch,
          {
            ...mux,
            N,
            V,
            seed: request.seed,
            step,
            maxNew,
            thinkEnd: tokenId('</think>'),
            greedy: request.sampling.temperature <= 0,
          },
          { state, dist, kept, thinking, indices: decoding.indices, weights: decoding.weights, trace },
        );
      };

      const batch = new CommandBatch(gpu, 'generate');
      const started = performance.now();
      if (similarity) {
        this.sampler.encodeSimilarity(
          batch,
          { table: model.weights.embedding, d: config.hidden_size },
          similarity,
          V,
        );
      }
      await model.encodeForward(batch, prefill, prefillCache);
      if (G > 1) copyPrefill(batch, prefillCache, cache, B, G);
      if (attention) copyPrefillAttention(batch, prefill, attention, prompts, G, { L, H, S, Tp, capacity });
      sample(batch, 0, prefill, prefillRows);
      batch.submit();

      const host = new HostView(N, maxNew, request, promptOf);
      await host.sync(gpu, state, steps);
      const prefillMs = performance.now() - started;
      let step = 1;
      while (!host.done() && step < maxNew) {
        const end = Math.min(maxNew, step + window);
        for (; step < end; step++) {
          await model.encodeForward(batch, decoding, cache);
          if (attention)
            copyStepAttention(batch, decoding, attention, prompts, G, step, { L, H, S, Tp, capacity });
          sample(batch, step, decoding, decodeRows);
        }
        batch.submit();
        await host.sync(gpu, state, steps);
      }
      const decodeMs = performance.now() - started - prefillMs;

      const sequences = host.sequences();
      if (candidates) {
        const data = await readU32(gpu, candidates, 3 * N * maxNew * C);
        const f32 = new Float32Array(data.buffer);
        const stageData = stages ? await readF32(gpu, stages, 4 * N * maxNew * C) : null;
        sequences.forEach((s, r) => {
          s.candidates = s.tokens.map((_, t) =>
            Array.from({ length: C }, (_, c) => {
              const at = 3 * ((r * maxNew + t) * C + c);
              const candidate: Candidate = { token: data[at], raw: f32[at + 1], processed: f32[at + 2] };
              if (stageData) {
                const stage = (k: number) => stageData[((r * maxNew + t) * 4 + k) * C + c];
                candidate.temperature = stage(1);
                candidate.truncated = stage(2);
              }
              return candidate;
            }),
          );
        });
      }
      if (crowding) {
        const data = await readF32(gpu, crowding, N * maxNew * CROWDING_RECORD);
        sequences.forEach((s, r) => {
          s.crowding = s.tokens.map((_, t) => {
            const at = (r * maxNew + t) * CROWDING_RECORD;
            return {
              step: data[at],
              lambda: data[at + 1],
              tokens: data.slice(at + 3, at + 3 + data[at + 2]),
            };
          });
          s.sequenceCrowding = sequenceCrowding(s.tokens, s.crowding);
        });
      }
      if (trace) {
        const data = await readU32(gpu, trace, N * maxNew * K * TRACE_FIELDS);
        const f32 = new Float32Array(data.buffer);
        sequences.forEach((s, r) => {
          s.multiplex = multiplexTrace(K, s.tokens.length, (t, j) => {
            const at = TRACE_FIELDS * ((r * maxNew + t) * K + j);
            return { token: data[at], weight: f32[at + 1], logProb: f32[at + 2] };
          });
        });
      }
      if (rawLogSoftmax) {
        const data = await readF32(gpu, rawLogSoftmax, N * maxNew * V);
        sequences.forEach((s, r) => {
          s.rawLogSoftmax = s.tokens.map((_, t) =>
            data.slice((r * maxNew + t) * V, (r * maxNew + t + 1) * V),
          );
        });
      }
      if (attention) {
        const data = await readF32(gpu, attention, N * L * H * capacity * S);
        sequences.forEach((s, r) => {
          const P = s.promptTokens.length + Math.max(0, s.tokens.length - 1);
          const out = new Float32Array(L * H * P * S);
          for (let lh = 0; lh < L * H; lh++) {
            const from = (r * L * H + lh) * capacity * S;
            out.set(data.subarray(from, from + P * S), lh * P * S);
          }
          s.attention = out;
        });
      }
      return {
        sequences,
        padded: padResponses(sequences, config.pad_token_id),
        steps: Math.max(0, step - 1),
        prefillMs,
        decodeMs,
      };
    } finally {
      for (const item of owned) item.destroy();
    }
  }
}
