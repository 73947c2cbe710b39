// One optimizer step on the GPU: for each micro-batch a training forward and the backward,
// gradients accumulating; then AdamW with global-norm clipping. The loss is a mean over the masked
// rows of all micro-batches together, so accumulation equals one large batch. One readback per
// step (the loss and the gradient norm). A policy-gradient step passes `weigh` instead: after each
// micro-batch's forward the log-probabilities of its targets are read back (one more round trip),
// and the weights it returns make the backward that of sum_r weight_r * cross-entropy_r (no mean).
// The SFT and GRPO trainers drive this; data and rewards arrive as functions. readState /
// writeState move weights and optimizer state for checkpoints.
import type { GpuContext } from '../gpu/device.ts';
import { CommandBatch } from '../gpu/dispatch.ts';
import type { Profiler } from '../gpu/profiler.ts';
import { readF32 } from '../gpu/readback.ts';
import { GpuGradients } from '../model/gpuGradients.ts';
import { KvCache } from '../model/kvCache.ts';
import type { ModelWeights } from '../model/parameters.ts';
import type { TrainingBatch } from '../model/referenceTrain.ts';
import type { GpuTransformer } from '../model/transformer.ts';
import { GpuBackward } from '../model/transformerBackward.ts';
import { GpuAdamW, type OptimizerState } from './adamw.ts';
import type { AdamWSettings } from './optimizerReference.ts';
import { RowScorer, type RowScores } from './rowScores.ts';

export interface StepOptions {
  /** Times every dispatch with timestamp queries. */
  profiler?: Profiler;
  /**
   * The loss weight of every target of micro-batch `micro` ([B*T, TK]), given the scores of its
   * targets under the weights being trained. The batches' masks are then not used.
   */
  weigh?: (micro: number, scores: RowScores) => Float32Array<ArrayBuffer>;
}

export interface StepResult {
  /** Mean cross-entropy over every masked row (with `weigh`: sum_r weight_r * cross-entropy_r). */
  loss: number;
  maskedRows: number;
  /** The global gradient norm before clipping, and the clip factor applied. */
  gradNorm: number;
  clipScale: number;
}

/** Everything a resumed run needs from the GPU: weights and optimizer state. */
export interface TrainerState {
  weights: ModelWeights;
  optimizer: OptimizerState;
}

export class TrainStep {
  /** Per chunk shape: the KV cache, and target and mask buffers of every micro-batch. */
  private shape: {
    key: string;
    cache: KvCache;
    targets: GPUBuffer[];
    masks: GPUBuffer[];
    losses: GPUBuffer;
  } | null = null;

  private constructor(
    private readonly gpu: GpuContext,
    readonly model: GpuTransformer,
    readonly grads: GpuGradients,
    private readonly backward: GpuBackward,
    readonly optimizer: GpuAdamW,
    private readonly scorer: RowScorer,
  ) {}

  static async create(gpu: GpuContext, model: GpuTransformer, settings: AdamWSettings): Promise<TrainStep> {
    const grads = new GpuGradients(gpu, model.config);
    const [backward, optimizer, scorer] = await Promise.all([
      GpuBackward.create(gpu, model),
      GpuAdamW.create(gpu, model.config, model.weights, grads, settings),
      RowScorer.create(gpu),
    ]);
    return new TrainStep(gpu, model, grads, backward, optimizer, scorer);
  }

  /** One step over `micro` (same B x T each) at learning rate `lr`. */
  async step(micro: TrainingBatch[], lr: number, { profiler, weigh }: StepOptions = {}): Promise<StepResult> {
    if (micro.length === 0) throw new RangeError('a step needs at least one micro-batch');
    const { B, T } = micro[0].input;
    if (micro.some((m) => m.input.B !== B || m.input.T !== T)) {
      throw new RangeError('every micro-batch of a step must have the same B x T');
    }
    const R = B * T;
    const TK = micro[0].targets.length / R;
    if (
      !Number.isInteger(TK) ||
      TK < 1 ||
      micro.some((m) => m.targets.length !== R * TK || m.mask.length !== R * TK)
    ) {
      throw new RangeError(`every micro-batch needs ${R} x TK targets and mask entries (TK the same)`);
    }
    const { cache, targets, masks, losses } = this.buffersFor(B, T, TK, micro.length);
    const maskedRows = micro.reduce((n, m) => n + Array.from(m.mask).reduce((a, b) => a + b, 0), 0);
    for (const [i, m] of micro.entries()) {
      const acts = await this.model.forward(m.input, cache, { train: true, profiler });
      let rowWeights: Float32Array<ArrayBuffer> = Float32Array.from(m.mask);
      if (weigh) {
        const scoring = new CommandBatch(this.gpu, 'train.score', profiler);
        this.scorer.encode(scoring, acts.logits, m.targets, this.model.dims.V, R);
        scoring.submit();
        rowWeights = weigh(i, await this.scorer.read());
        if (rowWeights.length !== R * TK)
          throw new RangeError(`weigh returned ${rowWeights.length} weights for ${R * TK} targets`);
      }
      this.gpu.device.queue.writeBuffer(targets[i], 0, Uint32Array.from(m.targets));
      this.gpu.device.queue.writeBuffer(masks[i], 0, rowWeights);
      const batch = new CommandBatch(this.gpu, 'train.backward', profiler);
      if (i === 0) this.grads.clear(batch);
      const loss = {
        targets: targets[i],
        mask: masks[i],
        maskTotal: weigh ? 1 : maskedRows,
        targetsPerRow: TK,
      };
      const lossRows = await this.backward.encode(batch, acts, cache, loss, this.grads);
      batch.copy(lossRows, 0, losses, 4 * i * R, 4 * R);
      if (i === micro.length - 1) {
        this.optimizer.encodeStep(batch, lr);
        this.optimizer.copyNorm(batch, losses, 4 * micro.length * R);
      }
      batch.submit();
    }
    const rows = await readF32(this.gpu, losses, micro.length * R + 2);
    const [gradNorm, clipScale] = rows.subarray(micro.length * R);
    return {
      loss: rows.subarray(0, micro.length * R).reduce((a, b) => a + b, 0),
      maskedRows,
      gradNorm,
      clipScale,
    };
  }

  /** Reads the weights and the optimizer state (a few readbacks; for checkpoints). */
  async readState(): Promise<TrainerState> {
    return { weights: await this.model.weights.read(), optimizer: await this.optimizer.readState() };
  }

  /** Puts a state from readState back (same config): a resumed or rolled-back run. */
  writeState(state: TrainerState): void {
    this.model.weights.write(state.weights);
    this.optimizer.writeState(state.optimizer);
  }

  destroy(): void {
    this.releaseShape();
    this.scorer.destroy();
    this.optimizer.destroy();
    this.backward.destroy();
    this.grads.destroy();
  }

  private buffersFor(B: number, T: number, TK: number, micro: number) {
    const key = `${B}x${T}x${TK}x${micro}`;
    if (this.shape?.key === key) return this.shape;
    this.releaseShape();
    const R = B * T;
    const make = (label: string, elements: number) => this.gpu.buffers.create(`train.${label}`, 4 * elements);
    this.shape = {
      key,
      cache: new KvCache(this.gpu, this.model.config, B),
      targets: Array.from({ length: micro }, (_, i) => make(`targets${i}`, R * TK)),
      masks: Array.from({ length: micro }, (_, i) => make(`mask${i}`, R * TK)),
      losses: make('stepLosses', micro * R + 2),
    };
    return this.shape;
  }

  private releaseShape(): void {
    if (!this.shape) return;
    this.shape.cache.destroy();
    for (const buffer of [...this.shape.targets, ...this.shape.masks, this.shape.losses])
      this.gpu.buffers.destroy(buffer);
    this.shape = null;
  }
}
