// One optimizer step on the GPU: for each micro-batch a training forward (keep) and the backward,
// gradients accumulating; then AdamW with global-norm clipping. The loss is a mean over the masked
// rows of all micro-batches together, so accumulation equals one large batch. One readback per
// step (the loss). The SFT and GRPO trainers drive this; data and rewards arrive as functions.
import type { GpuContext } from '../gpu/device.ts';
import { CommandBatch } from '../gpu/dispatch.ts';
import { readF32 } from '../gpu/readback.ts';
import { GpuGradients } from '../model/gpuGradients.ts';
import { KvCache } from '../model/kvCache.ts';
import type { TrainingBatch } from '../model/referenceTrain.ts';
import type { GpuTransformer } from '../model/transformer.ts';
import { GpuBackward } from '../model/transformerBackward.ts';
import { GpuAdamW } from './adamw.ts';
import type { AdamWSettings } from './optimizerReference.ts';

export interface StepResult {
  /** Mean cross-entropy over every masked row of the step's micro-batches. */
  loss: number;
  maskedRows: number;
}

export class TrainStep {
  private cache: KvCache | null = null;
  private stepLosses: GPUBuffer | null = null;

  private constructor(
    private readonly gpu: GpuContext,
    readonly model: GpuTransformer,
    readonly grads: GpuGradients,
    private readonly backward: GpuBackward,
    readonly optimizer: GpuAdamW,
  ) {}

  static async create(gpu: GpuContext, model: GpuTransformer, settings: AdamWSettings): Promise<TrainStep> {
    const grads = new GpuGradients(gpu, model.config, model.weights);
    const [backward, optimizer] = await Promise.all([
      GpuBackward.create(gpu, model),
      GpuAdamW.create(gpu, model.weights, grads, settings),
    ]);
    return new TrainStep(gpu, model, grads, backward, optimizer);
  }

  /** One step over `micro` (same B x T each) at learning rate `lr`. */
  async step(micro: TrainingBatch[], lr: number): Promise<StepResult> {
    if (micro.length === 0) throw new RangeError('a step needs at least one micro-batch');
    const { B, T } = micro[0].input;
    if (micro.some((m) => m.input.B !== B || m.input.T !== T)) {
      throw new RangeError('every micro-batch of a step must have the same B x T');
    }
    const R = B * T;
    const cache = this.cacheFor(B);
    const losses = this.lossesFor(micro.length * R);
    const maskedRows = micro.reduce((n, m) => n + Array.from(m.mask).reduce((a, b) => a + b, 0), 0);
    const owned: GPUBuffer[] = [];
    try {
      for (const [i, m] of micro.entries()) {
        const acts = await this.model.forward(m.input, cache, { keep: true });
        const targets = this.gpu.buffers.upload('train.targets', Uint32Array.from(m.targets));
        const mask = this.gpu.buffers.upload('train.mask', Float32Array.from(m.mask));
        owned.push(targets, mask);
        const batch = new CommandBatch(this.gpu, 'train.backward');
        if (i === 0) this.grads.clear(batch);
        const lossRows = await this.backward.encode(
          batch,
          acts,
          cache,
          { targets, mask, maskTotal: maskedRows },
          this.grads,
        );
        batch.copy(lossRows, 0, losses, 4 * i * R, 4 * R);
        if (i === micro.length - 1) this.optimizer.encodeStep(batch, lr);
        batch.submit();
      }
      const rows = await readF32(this.gpu, losses, micro.length * R);
      return { loss: rows.reduce((a, b) => a + b, 0), maskedRows };
    } finally {
      for (const buffer of owned) this.gpu.buffers.destroy(buffer);
    }
  }

  destroy(): void {
    this.cache?.destroy();
    if (this.stepLosses) this.gpu.buffers.destroy(this.stepLosses);
    this.optimizer.destroy();
    this.backward.destroy();
    this.grads.destroy();
  }

  private cacheFor(B: number): KvCache {
    if (this.cache?.rows !== B) {
      this.cache?.destroy();
      this.cache = new KvCache(this.gpu, this.model.config, B);
    }
    return this.cache;
  }

  private lossesFor(elements: number): GPUBuffer {
    if (!this.stepLosses || this.stepLosses.size < 4 * elements) {
      if (this.stepLosses) this.gpu.buffers.destroy(this.stepLosses);
      this.stepLosses = this.gpu.buffers.create('train.stepLosses', 4 * elements);
    }
    return this.stepLosses;
  }
}
