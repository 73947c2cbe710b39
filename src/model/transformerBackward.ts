// The transformer's backward on the GPU: from a training forward (GpuTransformer.forward with
// train, positions 0..count-1) to the masked mean cross-entropy and the gradient of every weight,
// accumulated into GpuGradients (so micro-batches add up). It reads, top-down, as the reverse of
// encodeForward: the tied head, the final norm, then per layer the MLP and attention blocks, the
// input gather last. Weight gradients are matmul_tn with accumulate, input gradients matmul_nn.
// Reference: referenceLossAndGradients (referenceTrain.ts).
import type { GpuContext } from '../gpu/device.ts';
import type { CommandBatch } from '../gpu/dispatch.ts';
import { Matmul } from '../gpu/kernels/matmul.ts';
import type { Activations } from './activations.ts';
import type { ModelDims } from './config.ts';
import type { GpuGradients } from './gpuGradients.ts';
import { AttentionMatmul } from './kernels/attentionMatmul.ts';
import { BackwardKernels } from './kernels/backward.ts';
import { Losses } from './kernels/loss.ts';
import type { KvCache } from './kvCache.ts';
import type { GpuTransformer } from './transformer.ts';

export interface LossTargets {
  /** u32 [R, targetsPerRow]: the next token(s) of each row */
  targets: GPUBuffer;
  /** f32 [R, targetsPerRow]: 1 where the target's loss counts */
  mask: GPUBuffer;
  /** Sum of the mask over this micro-batch's rows. */
  maskTotal: number;
  /** Default 1; a multiplex step's position has K. */
  targetsPerRow?: number;
}

/** Scratch of one backward, for one chunk shape. */
interface Scratch {
  key: string;
  buffers: GPUBuffer[];
  dLogits: GPUBuffer;
  /** [R, V] the input mixtures as a dense matrix (embedding backward) */
  mix: GPUBuffer;
  lossRows: GPUBuffer;
  dx: GPUBuffer;
  dXn: GPUBuffer;
  dh: GPUBuffer;
  dgu: GPUBuffer;
  dAttn: GPUBuffer;
  dProbs: GPUBuffer;
  qHeads: GPUBuffer;
  dOutHeads: GPUBuffer;
  dqHeads: GPUBuffer;
  dq: GPUBuffer;
  dkCache: GPUBuffer;
  dvCache: GPUBuffer;
  dqkv: GPUBuffer;
}

export class GpuBackward {
  private scratch: Scratch | null = null;

  private constructor(
    private readonly gpu: GpuContext,
    private readonly model: GpuTransformer,
    private readonly kernels: BackwardKernels,
    private readonly losses: Losses,
    private readonly matmul: Matmul,
    private readonly attention: AttentionMatmul,
  ) {}

  static async create(gpu: GpuContext, model: GpuTransformer): Promise<GpuBackward> {
    const matmul = new Matmul(gpu);
    const [kernels, losses, attention] = await Promise.all([
      BackwardKernels.create(gpu, matmul),
      Losses.create(gpu),
      AttentionMatmul.create(gpu, matmul),
    ]);
    return new GpuBackward(gpu, model, kernels, losses, matmul, attention);
  }

  /**
   * Records the loss (per row, into the returned buffer: sum it for the batch loss) and adds the
   * gradients of the chunk in `acts` (a keep-forward) into `grads`.
   */
  async encode(
    batch: CommandBatch,
    acts: Activations,
    cache: KvCache,
    loss: LossTargets,
    grads: GpuGradients,
  ): Promise<GPUBuffer> {
    if (!acts.heads) throw new RangeError('the backward needs a training forward (train: true)');
    const dims = this.model.dims;
    const { C, H, KV, D, F, V, maxT: S } = dims;
    const { B, T, R } = acts;
    const s = this.scratchFor(dims, B, T);
    const w = this.model.weights;
    const mm = this.matmul;
    const shape = { B, T, H, KV, D, S };

    this.losses.crossEntropy(
      batch,
      { R, V, maskTotal: loss.maskTotal, targetsPerRow: loss.targetsPerRow },
      {
        logits: acts.logits,
        targets: loss.targets,
        mask: loss.mask,
        dLogits: s.dLogits,
        loss: s.lossRows,
      },
    );
    await mm.encode(batch, { layout: 'nn', M: R, N: C, K: V }, { a: s.dLogits, b: w.embedding, c: s.dXn });
    await mm.encode(
      batch,
      { layout: 'tn', M: V, N: C, K: R, accumulate: true },
      { a: s.dLogits, b: acts.xnFinal, c: grads.embedding },
    );
    this.kernels.rmsnorm(
      batch,
      { R, C, accumulateDx: false },
      {
        dy: s.dXn,
        x: acts.x,
        w: w.finalNorm,
        rstd: acts.rstdFinal,
        dx: s.dx,
        dw: grads.finalNorm,
      },
    );
    for (let l = w.layers.length - 1; l >= 0; l--) {
      const a = acts.layers[l];
      const lw = w.layers[l];
      const g = grads.layers[l];
      // MLP block: x_out = x_mid + down(swiglu(gateUp(norm2(x_mid)))).
      await mm.encode(batch, { layout: 'nn', M: R, N: F, K: C }, { a: s.dx, b: lw.down, c: s.dh });
      await mm.encode(
        batch,
        { layout: 'tn', M: C, N: F, K: R, accumulate: true },
        { a: s.dx, b: a.h, c: g.down },
      );
      this.kernels.swiglu(batch, { R, F }, { gu: a.gu, dh: s.dh, dgu: s.dgu });
      await mm.encode(batch, { layout: 'nn', M: R, N: C, K: 2 * F }, { a: s.dgu, b: lw.gateUp, c: s.dXn });
      await mm.encode(
        batch,
        { layout: 'tn', M: 2 * F, N: C, K: R, accumulate: true },
        { a: s.dgu, b: a.xn2, c: g.gateUp },
      );
      this.kernels.rmsnorm(
        batch,
        { R, C, accumulateDx: true },
        {
          dy: s.dXn,
          x: a.xMid as GPUBuffer,
          w: lw.postNorm,
          rstd: a.rstd2,
          dx: s.dx,
          dw: g.postNorm,
        },
      );
      // Attention block: x_mid = x_in + o(attention(rope(qkv(norm1(x_in))))).
      await mm.encode(batch, { layout: 'nn', M: R, N: H * D, K: C }, { a: s.dx, b: lw.o, c: s.dAttn });
      await mm.encode(
        batch,
        { layout: 'tn', M: C, N: H * D, K: R, accumulate: true },
        { a: s.dx, b: a.attn, c: g.o },
      );
      await this.attention.encodeBackward(batch, shape, {
        dOut: s.dAttn,
        q: a.q,
        kCache: cache.k[l],
        vCache: cache.v[l],
        probs: a.probs,
        seqs: acts.seqs,
        dq: s.dq,
        dkCache: s.dkCache,
        dvCache: s.dvCache,
        dProbs: s.dProbs,
        qHeads: s.qHeads,
        dOutHeads: s.dOutHeads,
        dqHeads: s.dqHeads,
      });
      this.kernels.rope(batch, shape, {
        dq: s.dq,
        dkCache: s.dkCache,
        dvCache: s.dvCache,
        seqs: acts.seqs,
        cos: this.model.ropeTable.cos,
        sin: this.model.ropeTable.sin,
        dqkv: s.dqkv,
      });
      const width = (H + 2 * KV) * D;
      await mm.encode(batch, { layout: 'nn', M: R, N: C, K: width }, { a: s.dqkv, b: lw.qkv, c: s.dXn });
      await mm.encode(
        batch,
        { layout: 'tn', M: width, N: C, K: R, accumulate: true },
        { a: s.dqkv, b: a.xn1, c: g.qkv },
      );
      this.kernels.rmsnorm(
        batch,
        { R, C, accumulateDx: true },
        {
          dy: s.dXn,
          x: a.xIn as GPUBuffer,
          w: lw.inputNorm,
          rstd: a.rstd1,
          dx: s.dx,
          dw: g.inputNorm,
        },
      );
    }
    await this.kernels.embedding(
      batch,
      { R, C, K: acts.K, V, accumulate: true },
      {
        indices: acts.indices,
        weights: acts.weights,
        dOut: s.dx,
        mix: s.mix,
        dTable: grads.embedding,
      },
    );
    return s.lossRows;
  }

  destroy(): void {
    this.releaseScratch();
    this.matmul.destroy();
  }

  private scratchFor(dims: ModelDims, B: number, T: number): Scratch {
    const key = `${B}x${T}`;
    if (this.scratch?.key === key) return this.scratch;
    this.releaseScratch();
    const { C, H, KV, D, F, V, maxT: S } = dims;
    const R = B * T;
    const buffers: GPUBuffer[] = [];
    const make = (label: string, elements: number) => {
      const buffer = this.gpu.buffers.create(`backward.${label}`, 4 * elements);
      buffers.push(buffer);
      return buffer;
    };
    this.scratch = {
      key,
      buffers,
      dLogits: make('dLogits', R * V),
      mix: make('mix', R * V),
      lossRows: make('lossRows', R),
      dx: make('dx', R * C),
      dXn: make('dXn', R * C),
      dh: make('dh', R * F),
      dgu: make('dgu', R * 2 * F),
      dAttn: make('dAttn', R * H * D),
      dProbs: make('dProbs', B * H * T * T),
      qHeads: make('qHeads', R * H * D),
      dOutHeads: make('dOutHeads', R * H * D),
      dqHeads: make('dqHeads', R * H * D),
      dq: make('dq', R * H * D),
      dkCache: make('dkCache', B * KV * S * D),
      dvCache: make('dvCache', B * KV * S * D),
      dqkv: make('dqkv', R * (H + 2 * KV) * D),
    };
    return this.scratch;
  }

  private releaseScratch(): void {
    for (const buffer of this.scratch?.buffers ?? []) this.gpu.buffers.destroy(buffer);
    this.scratch = null;
  }
}
