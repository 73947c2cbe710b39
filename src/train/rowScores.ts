// Per-row scores of a chunk's logits on the GPU: the log-probability of each row's target and the
// entropy of its distribution (loss.wgsl log_prob_rows), read back in one round trip. Policy
// gradient steps score the sampled tokens with it, under the policy being trained (on the training
// forward's logits) and under frozen policies (a forward of their own).
import type { GpuContext } from '../gpu/device.ts';
import { CommandBatch } from '../gpu/dispatch.ts';
import { readF32 } from '../gpu/readback.ts';
import { Losses } from '../model/kernels/loss.ts';
import { KvCache } from '../model/kvCache.ts';
import type { TrainingBatch } from '../model/referenceTrain.ts';
import type { GpuTransformer } from '../model/transformer.ts';

export interface RowScores {
  /** [R, TK] log π(target_rj | rows before r), TK targets per row */
  logProb: Float32Array;
  /** [R] entropy (nats) of the model's distribution at row r */
  entropy: Float32Array;
}

export class RowScorer {
  private shape: { R: number; TK: number; targets: GPUBuffer; scores: GPUBuffer } | null = null;
  private cache: { key: string; cache: KvCache } | null = null;

  private constructor(
    private readonly gpu: GpuContext,
    private readonly losses: Losses,
  ) {}

  static async create(gpu: GpuContext): Promise<RowScorer> {
    return new RowScorer(gpu, await Losses.create(gpu));
  }

  /** Records the scores of `logits` ([R, V]) against `targets` ([R, TK]) into this scorer's buffer. */
  encode(batch: CommandBatch, logits: GPUBuffer, targets: ArrayLike<number>, V: number, R: number): void {
    const TK = targets.length / R;
    if (!Number.isInteger(TK) || TK < 1) throw new RangeError(`${targets.length} targets for ${R} rows`);
    const { targets: targetBuffer, scores } = this.buffersFor(R, TK);
    this.gpu.device.queue.writeBuffer(targetBuffer, 0, Uint32Array.from(targets));
    this.losses.logProbs(batch, { R, V, targetsPerRow: TK }, { logits, targets: targetBuffer, scores });
  }

  /** Reads what the last submitted encode wrote. */
  async read(): Promise<RowScores> {
    if (!this.shape) throw new RangeError('nothing was scored yet');
    const { R, TK, scores } = this.shape;
    const rows = await readF32(this.gpu, scores, R * TK + R);
    return { logProb: rows.slice(0, R * TK), entropy: rows.slice(R * TK) };
  }

  /** Scores a batch under `model` (an inference forward, e.g. a frozen reference policy). */
  async score(model: GpuTransformer, micro: TrainingBatch): Promise<RowScores> {
    const { B } = micro.input;
    const key = `${B}`;
    if (this.cache?.key !== key) {
      this.cache?.cache.destroy();
      this.cache = { key, cache: new KvCache(this.gpu, model.config, B) };
    }
    const acts = await model.forward(micro.input, this.cache.cache);
    const batch = new CommandBatch(this.gpu, 'score');
    this.encode(batch, acts.logits, micro.targets, model.dims.V, B * micro.input.T);
    batch.submit();
    return this.read();
  }

  destroy(): void {
    this.cache?.cache.destroy();
    this.cache = null;
    this.releaseShape();
  }

  private buffersFor(R: number, TK: number) {
    if (this.shape?.R === R && this.shape.TK === TK) return this.shape;
    this.releaseShape();
    this.shape = {
      R,
      TK,
      targets: this.gpu.buffers.create('score.targets', 4 * R * TK),
      scores: this.gpu.buffers.create('score.rows', 4 * (R * TK + R)),
    };
    return this.shape;
  }

  private releaseShape(): void {
    if (!this.shape) return;
    this.gpu.buffers.destroy(this.shape.targets);
    this.gpu.buffers.destroy(this.shape.scores);
    this.shape = null;
  }
}
