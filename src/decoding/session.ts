// The step-level generation session on the GPU, the one decode loop of the lab: rows are prefilled
// from prompts (at any time), copied from another row, fed teacher-forced tokens (an environment's
// reply, a worker's return), held and released, stopped; step(n) decodes every running row n
// steps. A step is a decode forward of the rows whose last token is not fed yet, then one sampling
// dispatch (sample.wgsl) that draws for every running row — from the decode logits, or from the
// logits a prefill or an append left — and writes its next input and position on the GPU;
// multiplex.wgsl follows while a row thinks. The host submits `syncEvery` steps at a time and
// reads back only then (hostView.ts). Recorders (recorders.ts) plug in their buffers and hooks.
// The CPU twin is sessionReference.ts; both draw the same random numbers.
import type { GpuContext } from '../gpu/device.ts';
import { CommandBatch } from '../gpu/dispatch.ts';
import { type Activations, allocateActivations } from '../model/activations.ts';
import { KvCache } from '../model/kvCache.ts';
import { tokenId } from '../model/tokenizer.ts';
import type { GpuTransformer } from '../model/transformer.ts';
import { HostView } from './hostView.ts';
import type { MultiplexBuffers, Multiplexer, MultiplexStepSizes } from './multiplex.ts';
import { copyRowWithin, regionCopier } from './recordCopies.ts';
import type { Recorder, SamplerOutputs } from './recorderBase.ts';
import { createRecorders } from './recorders.ts';
import { type Sampler, type SamplerBuffers, type SampleStep, STATUS } from './sampler.ts';
import { runChunk } from './sessionChunk.ts';
import { sessionFootprint } from './sessionFootprint.ts';
import { RowBook, type SessionRow } from './sessionRows.ts';
import type {
  RowCopy,
  RowPrompt,
  Session,
  SessionOptions,
  SessionSequence,
  StepOptions,
} from './sessionTypes.ts';

export interface SessionKernels {
  sampler: Sampler;
  /** Needed when the options turn multiplex on. */
  multiplexer: Multiplexer | null;
}

export class GenerationSession implements Session {
  private readonly book: RowBook;
  private readonly K: number;
  private readonly cache: KvCache;
  private readonly decode: Activations;
  private readonly recorders: Recorder[];
  private readonly host: HostView;
  private readonly owned: GPUBuffer[] = [];
  private readonly b: Record<'state' | 'pendingLogits' | 'record' | 'scratch', GPUBuffer>;
  private readonly thinking: GPUBuffer | null;
  private readonly similarity: GPUBuffer | null;
  /** The sampling dispatch's sizes and buffers: the same at every step. */
  private readonly sampling: { sizes: SampleStep; buffers: SamplerBuffers };
  /** The multiplex dispatch's, when Multiplex Thinking is on. */
  private readonly merging: {
    kernel: Multiplexer;
    sizes: MultiplexStepSizes;
    buffers: MultiplexBuffers;
  } | null;

  private constructor(
    private readonly gpu: GpuContext,
    private readonly model: GpuTransformer,
    private readonly kernels: SessionKernels,
    readonly options: SessionOptions,
  ) {
    const { config, dims } = model;
    this.book = new RowBook(options, config);
    if (options.multiplex && !kernels.multiplexer)
      throw new RangeError('multiplex needs the multiplex kernel');
    const N = options.maxRows;
    const K = options.multiplex?.width ?? 1;
    this.K = K;
    const { V, L, H, maxT: S } = dims;
    const maxNew = options.maxNewTokens;
    const keep = options.record?.attention ?? false;
    const buffer = (label: string, elements: number) => {
      const b = gpu.buffers.create(`session.${label}`, 4 * elements);
      this.owned.push(b);
      return b;
    };
    const positions = options.attentionPositions ?? S;
    const footprint = sessionFootprint(dims, { N, maxNew, recordPositions: keep ? positions : 0 });
    gpu.buffers.reserve(footprint.what, footprint.bytes, footprint.largest);
    this.cache = new KvCache(gpu, config, N);
    this.decode = allocateActivations(gpu, dims, { B: N, T: 1, K, keep });
    this.recorders = createRecorders(gpu, { N, maxNew, V, L, H, S, K, positions }, options);
    const regions = [this.cache.rowElements, V, K, ...this.recorders.map((r) => r.rowBytes / 4)];
    this.b = {
      state: buffer('state', 4 * N),
      pendingLogits: buffer('pendingLogits', N * V),
      record: buffer('record', 3 * N * maxNew),
      scratch: buffer('copyScratch', Math.max(...regions)),
    };
    const crowds = Boolean(options.sampling.craeg) || Boolean(options.record?.crowding);
    this.similarity = crowds ? buffer('similarity', V * V) : null;
    this.thinking = options.multiplex ? buffer('thinking', N) : null;
    const firstDraws = options.multiplex ? buffer('firstDraws', N) : null;
    const record = options.record ?? {};
    const outputs: SamplerOutputs = {};
    for (const recorder of this.recorders) Object.assign(outputs, recorder.sampler);
    this.sampling = {
      sizes: {
        ...options.sampling,
        N,
        V,
        S,
        eos: config.eos_token_id,
        maxNew,
        seed: options.seed,
        candidates: Math.min(record.candidates ?? 0, V),
        logSoftmax: record.logSoftmax ?? false,
        stages: record.stages ?? false,
        crowding: record.crowding ?? false,
      },
      buffers: {
        ...outputs,
        logits: this.decode.logits,
        logitRows: buffer('logitRows', N),
        state: this.b.state,
        seqs: this.decode.seqs,
        next: firstDraws ?? this.decode.indices,
        record: this.b.record,
        dist: buffer('dist', 2 * N * V),
        kept: buffer('kept', N),
        similarity: this.similarity ?? undefined,
      },
    };
    this.merging = null;
    if (options.multiplex && this.thinking) {
      const trace = this.recorders.find((r) => r.trace)?.trace;
      if (!kernels.multiplexer || !trace) throw new RangeError('multiplex needs the multiplex kernel');
      const { state, dist, kept } = this.sampling.buffers;
      this.merging = {
        kernel: kernels.multiplexer,
        sizes: {
          ...options.multiplex,
          N,
          V,
          maxNew,
          seed: options.seed,
          thinkEnd: tokenId('</think>'),
          greedy: options.sampling.temperature <= 0,
        },
        buffers: {
          state,
          dist,
          kept,
          thinking: this.thinking,
          trace,
          indices: this.decode.indices,
          weights: this.decode.weights,
        },
      };
    }
    this.host = new HostView(gpu, this.book, {
      state: this.b.state,
      record: this.b.record,
      seqs: this.decode.seqs,
      thinking: this.thinking,
    });
    const queue = gpu.device.queue;
    const stopped = Uint32Array.from({ length: 4 * N }, (_, i) => (i % 4 === 1 ? STATUS.stopped : 0));
    queue.writeBuffer(this.b.state, 0, stopped);
    queue.writeBuffer(
      this.sampling.buffers.logitRows,
      0,
      Uint32Array.from({ length: N }, (_, r) => r),
    );
    const oneHot = Float32Array.from({ length: N * K }, (_, i) => (i % K === 0 ? 1 : 0));
    queue.writeBuffer(this.decode.weights, 0, oneHot);
  }

  /** A session over `model`; throws RangeError naming a bad option. */
  static async create(
    gpu: GpuContext,
    model: GpuTransformer,
    kernels: SessionKernels,
    options: SessionOptions,
  ): Promise<GenerationSession> {
    const session = new GenerationSession(gpu, model, kernels, options);
    if (session.similarity) {
      await kernels.sampler.prepareCrowding();
      const batch = new CommandBatch(gpu, 'session.similarity');
      const table = { table: model.weights.embedding, d: model.config.hidden_size };
      kernels.sampler.encodeSimilarity(batch, table, session.similarity, model.dims.V);
      batch.submit();
    }
    return session;
  }

  async prefill(prompts: RowPrompt[]): Promise<number[]> {
    const rows = this.book.addPrompts(prompts);
    const chunk = rows.map((row) => ({ row: row.id, offset: 0, pending: false, tokens: row.prompt }));
    await runChunk(this.gpu, this.model, this.chunkTarget(), chunk, 1);
    for (const row of rows) this.host.writeRow(row);
    return rows.map((row) => row.id);
  }

  async copyRows(copies: RowCopy[]): Promise<number[]> {
    const rows = this.book.addCopies(copies);
    if (rows.length === 0) return [];
    const { V } = this.model.dims;
    const K = this.K;
    const batch = new CommandBatch(this.gpu, 'session.copy');
    const copy = regionCopier(batch, this.b.scratch);
    rows.forEach((row, i) => {
      const from = copies[i].from;
      copyRowWithin(copy, this.cache, from, row.id);
      copy(this.b.pendingLogits, 4 * from * V, 4 * row.id * V, 4 * V);
      for (const input of [this.decode.indices, this.decode.weights])
        copy(input, 4 * from * K, 4 * row.id * K, 4 * K);
      for (const recorder of this.recorders) recorder.copyRow(copy, from, row.id);
    });
    batch.submit();
    for (const row of rows) this.host.writeRow(row);
    return rows.map((row) => row.id);
  }

  async append(id: number, tokens: number[]): Promise<void> {
    const row = this.book.checkAppend(id, tokens);
    const chunk = [{ row: id, offset: row.cached, pending: row.pendingToken, tokens }];
    await runChunk(this.gpu, this.model, this.chunkTarget(), chunk, this.K);
    this.book.appended(row, tokens);
    this.host.writeRow(row);
  }

  hold(rows: number[]): void {
    for (const id of rows) this.host.writeRow(this.book.hold(id));
  }

  release(rows: number[]): void {
    for (const id of rows) this.host.writeRow(this.book.release(id));
  }

  stop(rows: number[]): void {
    for (const id of rows) this.host.writeRow(this.book.stop(id));
  }

  async step(n: number, options: StepOptions = {}): Promise<number> {
    this.book.checkSteps(n);
    let ran = 0;
    while (ran < n && this.book.running().length > 0) {
      const steps = Math.min(this.book.syncEvery, n - ran);
      const running = this.book.running();
      const batch = new CommandBatch(this.gpu, 'session.step');
      for (let k = 0; k < steps; k++) await this.encodeStep(batch, running, k);
      batch.submit();
      await this.host.sync(running, options);
      ran += steps;
    }
    return ran;
  }

  async read(rows: number[] = this.book.rows.map((row) => row.id)): Promise<SessionSequence[]> {
    const read = rows.map((id) => ({ sequence: this.book.sequence(id), row: this.book.row(id) }));
    for (const recorder of this.recorders) await recorder.read(read);
    return read.map((r) => r.sequence);
  }

  destroy(): void {
    this.cache.destroy();
    for (const buffer of [...this.owned, ...this.decode.buffers]) this.gpu.buffers.destroy(buffer);
    for (const recorder of this.recorders) recorder.destroy();
  }

  private chunkTarget() {
    return {
      cache: this.cache,
      decode: this.decode,
      pendingLogits: this.b.pendingLogits,
      recorders: this.recorders,
      keep: this.options.record?.attention ?? false,
    };
  }

  /**
   * Step k of a window that `running` rows start: the forward feeds each row's last token (a row
   * whose logits wait from a prefill or append joins at k = 1, after its first draw), then every
   * running row draws. Row positions and draw indices follow from the book's values at the start.
   */
  private async encodeStep(batch: CommandBatch, running: readonly SessionRow[], k: number): Promise<void> {
    const { V } = this.model.dims;
    const fed = running.filter((row) => k > 0 || row.pendingToken);
    if (fed.length > 0) {
      await this.model.encodeForward(batch, this.decode, this.cache);
      const rows = fed.map((row) => ({
        row: row.id,
        chunkRow: row.id,
        offset: row.length - 1 + k,
        count: 1,
      }));
      for (const recorder of this.recorders) recorder.afterForward?.(batch, this.decode, rows);
    }
    if (k === 0) {
      for (const row of running.filter((r) => !r.pendingToken)) {
        batch.copy(this.b.pendingLogits, 4 * row.id * V, this.decode.logits, 4 * row.id * V, 4 * V);
      }
    }
    this.kernels.sampler.encode(batch, this.sampling.sizes, this.sampling.buffers);
    if (this.merging) this.merging.kernel.encode(batch, this.merging.sizes, this.merging.buffers);
  }
}
