// The one generation loop of the lab, on the GPU. B prompts of different lengths are prefilled in
// one chunk; each prompt's KV cache is copied into the rows of its G samples; then every step is a
// decode forward of all N = B*G rows plus one sampling dispatch (sample.wgsl), which writes the
// next input token and position on the GPU. The host submits `syncEvery` steps at a time and reads
// back only then (a round trip costs ~2.4 ms here): it streams the new tokens, applies stop strings
// and cancellation by writing a row's status, and stops once every row has finished.
// The CPU reference of this loop is generateReference.ts; both draw the same random numbers.
import type { GpuContext } from '../gpu/device.ts';
import { CommandBatch } from '../gpu/dispatch.ts';
import { readF32, readU32 } from '../gpu/readback.ts';
import type { Activations } from '../model/activations.ts';
import { KvCache } from '../model/kvCache.ts';
import type { GpuTransformer } from '../model/transformer.ts';
import {
  type FinishReason,
  type GeneratedSequence,
  type GenerateRequest,
  type GenerationResult,
  padResponses,
  stopLength,
  validateRequest,
} from './generation.ts';
import { Sampler, type SampleStep, STATUS } from './sampler.ts';

const GPU_FINISH: Record<number, FinishReason> = {
  [STATUS.eos]: 'eos',
  [STATUS.length]: 'length',
  [STATUS.context]: 'context',
  [STATUS.nonFinite]: 'nonFinite',
};

/** A model with its sampling pipeline, ready to generate. */
export class Generator {
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
      const candidates = C > 0 ? buffer('candidates', 3 * N * maxNew * C) : undefined;
      const rawLogSoftmax = record.logSoftmax ? buffer('rawLogSoftmax', N * maxNew * V) : undefined;
      const attention = keep ? buffer('attention', N * L * H * capacity * S) : undefined;

      const prefill = model.activations({ B, T: Tp, K: 1, keep });
      const decoding = model.activations({ B: N, T: 1, K: 1, keep });
      const indices = new Uint32Array(B * Tp).fill(config.pad_token_id);
      prompts.forEach((p, b) => {
        indices.set(p, b * Tp);
      });
      const queue = gpu.device.queue;
      queue.writeBuffer(prefill.indices, 0, indices);
      queue.writeBuffer(prefill.weights, 0, new Float32Array(B * Tp).fill(1));
      queue.writeBuffer(prefill.seqs, 0, Uint32Array.from(prompts.flatMap((p) => [0, p.length])));
      queue.writeBuffer(decoding.weights, 0, new Float32Array(N).fill(1));

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
      });
      const sample = (batch: CommandBatch, step: number, acts: Activations, rows: GPUBuffer) =>
        this.sampler.encode(batch, sampleStep(step), {
          logits: acts.logits,
          logitRows: rows,
          state,
          seqs: decoding.seqs,
          next: decoding.indices,
          record: steps,
          candidates,
          rawLogSoftmax,
        });

      const batch = new CommandBatch(gpu, 'generate');
      const started = performance.now();
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
        sequences.forEach((s, r) => {
          s.candidates = s.tokens.map((_, t) =>
            Array.from({ length: C }, (_, c) => {
              const at = 3 * ((r * maxNew + t) * C + c);
              return { token: data[at], raw: f32[at + 1], processed: f32[at + 2] };
            }),
          );
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

/** The host's view of the rows between syncs: tokens read so far, stop strings, cancellation. */
class HostView {
  private readonly tokens: number[][];
  private readonly logProbs: number[][];
  private readonly entropy: number[][];
  private readonly status: number[];
  /** Finish decided on the host (stop string, cancel), which overrides the GPU's status. */
  private readonly hostFinish: (FinishReason | null)[];
  private readonly streamed: number[];

  constructor(
    private readonly N: number,
    private readonly maxNew: number,
    private readonly request: GenerateRequest,
    private readonly promptOf: (r: number) => number,
  ) {
    this.tokens = Array.from({ length: N }, () => []);
    this.logProbs = Array.from({ length: N }, () => []);
    this.entropy = Array.from({ length: N }, () => []);
    this.status = new Array(N).fill(STATUS.running);
    this.hostFinish = new Array(N).fill(null);
    this.streamed = new Array(N).fill(0);
  }

  async sync(gpu: GpuContext, state: GPUBuffer, record: GPUBuffer): Promise<void> {
    const [s, rec] = [
      await readU32(gpu, state, 4 * this.N),
      await readU32(gpu, record, 3 * this.N * this.maxNew),
    ];
    const bits = new Float32Array(rec.buffer);
    const cancelled = this.request.isCancelled?.() ?? false;
    for (let r = 0; r < this.N; r++) {
      if (this.hostFinish[r]) continue;
      const generated = s[4 * r + 2];
      for (let t = this.tokens[r].length; t < generated; t++) {
        const at = 3 * (r * this.maxNew + t);
        this.tokens[r].push(rec[at]);
        this.logProbs[r].push(bits[at + 1]);
        this.entropy[r].push(bits[at + 2]);
      }
      this.status[r] = s[4 * r + 1];
      const keep = stopLength(this.tokens[r], this.request.stopStrings ?? []);
      if (keep !== null) this.finishOnHost(gpu, state, r, 'stop', keep);
      else if (cancelled && this.status[r] === STATUS.running) this.finishOnHost(gpu, state, r, 'cancelled');
    }
    this.request.onTokens?.({
      newTokens: this.tokens.map((t, r) => t.slice(this.streamed[r])),
      steps: Math.max(0, ...this.tokens.map((t) => t.length - 1)),
      finished: this.status.filter((st, r) => st !== STATUS.running || this.hostFinish[r]).length,
    });
    this.tokens.forEach((t, r) => {
      this.streamed[r] = t.length;
    });
  }

  private finishOnHost(
    gpu: GpuContext,
    state: GPUBuffer,
    r: number,
    reason: FinishReason,
    keep?: number,
  ): void {
    this.hostFinish[r] = reason;
    if (keep !== undefined) {
      this.tokens[r].length = keep;
      this.logProbs[r].length = keep;
      this.entropy[r].length = keep;
    }
    if (this.status[r] === STATUS.running) {
      gpu.device.queue.writeBuffer(state, 4 * (4 * r + 1), Uint32Array.of(STATUS.stopped));
      this.status[r] = STATUS.stopped;
    }
  }

  done(): boolean {
    return this.status.every((st, r) => st !== STATUS.running || this.hostFinish[r] !== null);
  }

  sequences(): GeneratedSequence[] {
    return this.tokens.map((tokens, r) => ({
      prompt: this.promptOf(r),
      sample: r % (this.request.samplesPerPrompt ?? 1),
      promptTokens: this.request.prompts[this.promptOf(r)],
      tokens,
      logProbs: this.logProbs[r],
      entropy: this.entropy[r],
      finish: this.hostFinish[r] ?? GPU_FINISH[this.status[r]] ?? 'length',
    }));
  }
}

/** Copies each prompt's KV rows from the prefill cache into the rows of its G samples. */
function copyPrefill(batch: CommandBatch, from: KvCache, to: KvCache, B: number, G: number): void {
  const bytes = 4 * from.rowElements;
  for (const [source, target] of [
    [from.k, to.k],
    [from.v, to.v],
  ]) {
    source.forEach((layer, l) => {
      for (let b = 0; b < B; b++) {
        for (let g = 0; g < G; g++) batch.copy(layer, b * bytes, target[l], (b * G + g) * bytes, bytes);
      }
    });
  }
}

interface AttentionShape {
  L: number;
  H: number;
  S: number;
  Tp: number;
  capacity: number;
}

/** Prompt rows of the prefill's attention ([B, H, Tp, S] per layer) into each sample's record. */
function copyPrefillAttention(
  batch: CommandBatch,
  prefill: Activations,
  record: GPUBuffer,
  prompts: number[][],
  G: number,
  { L, H, S, Tp, capacity }: AttentionShape,
): void {
  for (let r = 0; r < prompts.length * G; r++) {
    const b = Math.floor(r / G);
    for (let l = 0; l < L; l++) {
      for (let h = 0; h < H; h++) {
        const from = 4 * (b * H + h) * Tp * S;
        const to = 4 * ((r * L + l) * H + h) * capacity * S;
        batch.copy(prefill.layers[l].probs, from, record, to, 4 * prompts[b].length * S);
      }
    }
  }
}

/** The attention row of the token fed at decode step `step` into each sequence's record. */
function copyStepAttention(
  batch: CommandBatch,
  decoding: Activations,
  record: GPUBuffer,
  prompts: number[][],
  G: number,
  step: number,
  { L, H, S, capacity }: AttentionShape,
): void {
  for (let r = 0; r < prompts.length * G; r++) {
    const position = prompts[Math.floor(r / G)].length + step - 1;
    for (let l = 0; l < L; l++) {
      for (let h = 0; h < H; h++) {
        const to = 4 * (((r * L + l) * H + h) * capacity + position) * S;
        batch.copy(decoding.layers[l].probs, 4 * (r * H + h) * S, record, to, 4 * S);
      }
    }
  }
}
