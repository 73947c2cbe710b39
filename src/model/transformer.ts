// The transformer on the GPU: a Llama decoder whose forward is the list of dispatches below, one
// command buffer per chunk and no sync inside. How it differs from a textbook GPT (nanoGPT):
//   - tied embeddings: the output head is the token embedding;
//   - inputs are mixtures of K embedding rows (K = 1 for tokens; Multiplex Thinking uses K > 1);
//   - RMSNorm instead of LayerNorm, pre-norm, no biases anywhere;
//   - rotary position embeddings (HF rotate-half, θ from the config), grouped KV heads;
//   - SwiGLU MLP; q/k/v and gate/up run as one fused matmul each (gpuWeights.ts);
//   - the residual adds are the accumulate epilogue of the o_proj and down_proj matmuls;
//   - f32 throughout; character tokenizer with frozen special tokens (tokenizer.ts).
// A chunk runs, for each of B sequences, T rows at positions offset .. offset+count-1 against the
// KV cache: prefill is offset 0, decode is T = 1. Reference: referenceForward (referenceModel.ts).
import type { GpuContext } from '../gpu/device.ts';
import { CommandBatch } from '../gpu/dispatch.ts';
import { Matmul } from '../gpu/kernels/matmul.ts';
import type { Profiler } from '../gpu/profiler.ts';
import { type ActivationShape, type Activations, allocateActivations } from './activations.ts';
import { dimsOf, type LlamaConfig, type ModelDims } from './config.ts';
import { GpuWeights } from './gpuWeights.ts';
import { Attention } from './kernels/attention.ts';
import { AttentionMatmul } from './kernels/attentionMatmul.ts';
import { Embedding } from './kernels/embedding.ts';
import { RmsNorm } from './kernels/rmsnorm.ts';
import { Rope } from './kernels/rope.ts';
import { Softmax } from './kernels/softmax.ts';
import { Swiglu } from './kernels/swiglu.ts';
import type { KvCache } from './kvCache.ts';
import type { ModelWeights } from './parameters.ts';
import { ropeTable } from './reference.ts';
import { type ChunkInput, checkChunk } from './referenceModel.ts';

interface ForwardKernels {
  matmul: Matmul;
  embedding: Embedding;
  rmsnorm: RmsNorm;
  rope: Rope;
  attention: Attention;
  attentionMatmul: AttentionMatmul;
  swiglu: Swiglu;
  softmax: Softmax;
}

/** Activation sets kept at once: e.g. a prefill shape and a decode shape of one generation. */
const WORKSPACES = 3;

export interface ForwardOptions {
  /** Keep every layer's intermediates (per-layer attention maps). */
  keep?: boolean;
  /** A training forward: keeps what the backward reads; every sequence starts at position 0. */
  train?: boolean;
  /** Time every dispatch with timestamp queries (benchmarks). */
  profiler?: Profiler;
}

export class GpuTransformer {
  readonly dims: ModelDims;
  private readonly workspaces = new Map<string, Activations>();
  /** cos, sin [S, D/2] of every position (ropeTable in reference.ts), shared with the backward. */
  readonly ropeTable: { cos: GPUBuffer; sin: GPUBuffer };

  private constructor(
    private readonly gpu: GpuContext,
    readonly config: LlamaConfig,
    readonly weights: GpuWeights,
    private readonly kernels: ForwardKernels,
  ) {
    this.dims = dimsOf(config);
    const table = ropeTable(this.dims.maxT, this.dims.D, this.dims.ropeTheta);
    this.ropeTable = {
      cos: gpu.buffers.upload('transformer.ropeCos', table.cos),
      sin: gpu.buffers.upload('transformer.ropeSin', table.sin),
    };
  }

  /** Uploads the weights and compiles every forward kernel (in parallel). */
  static async create(gpu: GpuContext, config: LlamaConfig, weights: ModelWeights): Promise<GpuTransformer> {
    const gpuWeights = new GpuWeights(gpu, config, weights);
    const matmul = new Matmul(gpu);
    try {
      const [embedding, rmsnorm, rope, attention, attentionMatmul, swiglu, softmax] = await Promise.all([
        Embedding.create(gpu),
        RmsNorm.create(gpu),
        Rope.create(gpu),
        Attention.create(gpu),
        AttentionMatmul.create(gpu, matmul),
        Swiglu.create(gpu),
        Softmax.create(gpu),
      ]);
      const kernels = { matmul, embedding, rmsnorm, rope, attention, attentionMatmul, swiglu, softmax };
      return new GpuTransformer(gpu, config, gpuWeights, kernels);
    } catch (error) {
      matmul.destroy();
      gpuWeights.destroy();
      throw error;
    }
  }

  /** Bytes of GPU memory this model holds: weights, rotary table and activation workspaces. */
  get bytes(): number {
    const workspaceBytes = [...this.workspaces.values()]
      .flatMap((a) => a.buffers)
      .reduce((s, b) => s + b.size, 0);
    return this.weights.bytes + this.ropeTable.cos.size + this.ropeTable.sin.size + workspaceBytes;
  }

  /** The buffers of a chunk shape, allocated once and reused by every forward of that shape. */
  activations(shape: ActivationShape): Activations {
    const key = `${shape.B}x${shape.T}x${shape.K}:${shape.keep}:${shape.train ?? false}`;
    let found = this.workspaces.get(key);
    if (found) {
      this.workspaces.delete(key);
    } else {
      found = allocateActivations(this.gpu, this.dims, shape);
      if (this.workspaces.size >= WORKSPACES) {
        const [oldestKey, oldest] = this.workspaces.entries().next().value as [string, Activations];
        for (const buffer of oldest.buffers) this.gpu.buffers.destroy(buffer);
        this.workspaces.delete(oldestKey);
      }
    }
    this.workspaces.set(key, found);
    return found;
  }

  /** Uploads a chunk's inputs, runs the forward in one submit and returns its activations. */
  async forward(input: ChunkInput, cache: KvCache, options: ForwardOptions = {}): Promise<Activations> {
    checkChunk(input, this.dims.maxT, cache.rows);
    const train = options.train ?? false;
    if (train && Array.from(input.offsets).some((offset) => offset !== 0)) {
      throw new RangeError('a training forward runs chunks whose sequences start at position 0');
    }
    const acts = this.activations({ B: input.B, T: input.T, K: input.K, keep: options.keep ?? false, train });
    const queue = this.gpu.device.queue;
    queue.writeBuffer(acts.indices, 0, Uint32Array.from(input.indices));
    queue.writeBuffer(acts.weights, 0, Float32Array.from(input.weights));
    const seqs = new Uint32Array(2 * input.B);
    for (let b = 0; b < input.B; b++) seqs.set([input.offsets[b], input.counts[b]], 2 * b);
    queue.writeBuffer(acts.seqs, 0, seqs);
    const batch = new CommandBatch(this.gpu, 'transformer.forward', options.profiler);
    await this.encodeForward(batch, acts, cache);
    batch.submit();
    return acts;
  }

  /**
   * Records the forward of the chunk whose inputs already sit in `acts` (indices, weights, seqs):
   * the generation loop writes them on the GPU and calls this once per step.
   */
  async encodeForward(batch: CommandBatch, acts: Activations, cache: KvCache): Promise<void> {
    const { C, H, KV, D, F, V, maxT: S, eps } = this.dims;
    const { B, T, K, R } = acts;
    const { matmul, embedding, rmsnorm, rope, attention, attentionMatmul, swiglu, softmax } = this.kernels;
    const w = this.weights;
    const rowBytes = 4 * R * C;
    embedding.encode(
      batch,
      { R, C, K, V },
      { indices: acts.indices, weights: acts.weights, table: w.embedding, out: acts.x },
    );
    for (let l = 0; l < w.layers.length; l++) {
      const a = acts.layers[l];
      const lw = w.layers[l];
      if (a.xIn) batch.copy(acts.x, 0, a.xIn, 0, rowBytes);
      rmsnorm.encode(batch, { R, C, eps }, { x: acts.x, w: lw.inputNorm, y: a.xn1, rstd: a.rstd1 });
      await matmul.encode(
        batch,
        { layout: 'nt', M: R, N: (H + 2 * KV) * D, K: C },
        { a: a.xn1, b: lw.qkv, c: a.qkv },
      );
      rope.encode(
        batch,
        { B, T, H, KV, D, S },
        {
          qkv: a.qkv,
          seqs: acts.seqs,
          cos: this.ropeTable.cos,
          sin: this.ropeTable.sin,
          q: a.q,
          kCache: cache.k[l],
          vCache: cache.v[l],
        },
      );
      const attentionBuffers = {
        q: a.q,
        kCache: cache.k[l],
        vCache: cache.v[l],
        seqs: acts.seqs,
        probs: a.probs,
        out: a.attn,
      };
      if (acts.heads) {
        await attentionMatmul.encodeForward(
          batch,
          { B, T, H, KV, D, S },
          { ...attentionBuffers, qHeads: acts.heads.q, outHeads: acts.heads.out },
        );
      } else {
        attention.encode(batch, { B, T, H, KV, D, S }, attentionBuffers);
      }
      await matmul.encode(
        batch,
        { layout: 'nt', M: R, N: C, K: H * D, accumulate: true },
        { a: a.attn, b: lw.o, c: acts.x },
      );
      if (a.xMid) batch.copy(acts.x, 0, a.xMid, 0, rowBytes);
      rmsnorm.encode(batch, { R, C, eps }, { x: acts.x, w: lw.postNorm, y: a.xn2, rstd: a.rstd2 });
      await matmul.encode(batch, { layout: 'nt', M: R, N: 2 * F, K: C }, { a: a.xn2, b: lw.gateUp, c: a.gu });
      swiglu.encode(batch, { R, F }, { gu: a.gu, out: a.h });
      await matmul.encode(
        batch,
        { layout: 'nt', M: R, N: C, K: F, accumulate: true },
        { a: a.h, b: lw.down, c: acts.x },
      );
    }
    rmsnorm.encode(
      batch,
      { R, C, eps },
      { x: acts.x, w: w.finalNorm, y: acts.xnFinal, rstd: acts.rstdFinal },
    );
    await matmul.encode(
      batch,
      { layout: 'nt', M: R, N: V, K: C },
      { a: acts.xnFinal, b: w.embedding, c: acts.logits },
    );
    softmax.encode(batch, 'logSoftmax', { R, V }, { x: acts.logits, out: acts.logProbs });
  }

  /** Frees the weights, the rotary table and every workspace. */
  destroy(): void {
    for (const acts of this.workspaces.values())
      for (const buffer of acts.buffers) this.gpu.buffers.destroy(buffer);
    this.workspaces.clear();
    this.gpu.buffers.destroy(this.ropeTable.cos);
    this.gpu.buffers.destroy(this.ropeTable.sin);
    this.kernels.matmul.destroy();
    this.weights.destroy();
  }
}
