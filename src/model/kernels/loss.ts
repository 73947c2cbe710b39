// Host side of shaders/loss.wgsl: masked mean cross-entropy and soft-target KL over the vocabulary,
// each writing the per-row loss and the gradient of the logits in one pass; and the per-row
// log-probability of each target with the entropy of the row (what policy-gradient steps score).
// A row may have several targets (targetsPerRow: a multiplex step's K draws).
import wgsl from '../../../shaders/loss.wgsl?raw';
import type { BufferRef } from '../../gpu/buffers.ts';
import type { GpuContext } from '../../gpu/device.ts';
import {
  type CommandBatch,
  compileKernel,
  gridFor,
  type Kernel,
  requireElements,
} from '../../gpu/dispatch.ts';
import { KernelArgumentError } from '../../gpu/errors.ts';
import { uniformLayout } from '../../gpu/uniforms.ts';

const WG = 4;
const uniforms = uniformLayout('LossSizes', { R: 'u32', V: 'u32', invTotal: 'f32', TK: 'u32' });

export interface LossSizes {
  R: number;
  V: number;
  /** Sum of the mask: the loss is a mean over it (0 gives a zero loss and gradient). */
  maskTotal: number;
  /** Targets of each row (default 1); targets and mask are then [R, targetsPerRow]. */
  targetsPerRow?: number;
}

interface LossBuffers {
  /** [R, V] */
  logits: BufferRef;
  /** f32 [R, targetsPerRow] */
  mask: BufferRef;
  /** [R, V], written */
  dLogits: BufferRef;
  /** [R], written */
  loss: BufferRef;
}

export class Losses {
  private constructor(
    private readonly crossEntropyKernel: Kernel<typeof uniforms.fields>,
    private readonly klKernel: Kernel<typeof uniforms.fields>,
    private readonly logProbKernel: Kernel<typeof uniforms.fields>,
  ) {}

  static async create(gpu: GpuContext): Promise<Losses> {
    const compile = (entryPoint: string, label: string) =>
      compileKernel(gpu, { label, wgsl, entryPoint, uniforms, constants: { WG } });
    const [ce, kl, logProb] = await Promise.all([
      compile('cross_entropy_rows', 'loss.crossEntropy'),
      compile('soft_kl_rows', 'loss.softKl'),
      compile('log_prob_rows', 'loss.logProbs'),
    ]);
    return new Losses(ce, kl, logProb);
  }

  /** Cross-entropy against next-token `targets` (u32 [R, targetsPerRow]). */
  crossEntropy(batch: CommandBatch, sizes: LossSizes, b: LossBuffers & { targets: BufferRef }): void {
    this.check('loss.crossEntropy', sizes, b);
    requireElements('loss.crossEntropy', 'targets', b.targets, sizes.R * (sizes.targetsPerRow ?? 1));
    batch.dispatch(
      this.crossEntropyKernel,
      this.uniforms(sizes),
      [b.logits, b.targets, b.mask, b.dLogits, b.loss],
      gridFor(sizes.R, WG),
    );
  }

  /** KL(targetProbs || softmax(logits)), targetProbs: [R, V] distributions. */
  softKl(batch: CommandBatch, sizes: LossSizes, b: LossBuffers & { targetProbs: BufferRef }): void {
    if ((sizes.targetsPerRow ?? 1) !== 1)
      throw new KernelArgumentError('loss.softKl', 'a soft target is one distribution per row');
    this.check('loss.softKl', sizes, b);
    requireElements('loss.softKl', 'targetProbs', b.targetProbs, sizes.R * sizes.V);
    batch.dispatch(
      this.klKernel,
      this.uniforms(sizes),
      [b.logits, null, b.mask, b.dLogits, b.loss, b.targetProbs],
      gridFor(sizes.R, WG),
    );
  }

  /**
   * scores[r TK + j] = log softmax(logits[r])[targets[r TK + j]], scores[R TK + r] = entropy of
   * row r (TK = targetsPerRow, default 1).
   */
  logProbs(
    batch: CommandBatch,
    { R, V, targetsPerRow: TK = 1 }: { R: number; V: number; targetsPerRow?: number },
    b: { logits: BufferRef; targets: BufferRef; scores: BufferRef },
  ): void {
    requireElements('loss.logProbs', 'logits', b.logits, R * V);
    requireElements('loss.logProbs', 'targets', b.targets, R * TK);
    requireElements('loss.logProbs', 'scores', b.scores, R * TK + R);
    batch.dispatch(
      this.logProbKernel,
      { R, V, invTotal: 0, TK },
      [b.logits, b.targets, null, null, b.scores],
      gridFor(R, WG),
    );
  }

  private uniforms({ R, V, maskTotal, targetsPerRow = 1 }: LossSizes) {
    return { R, V, invTotal: maskTotal > 0 ? 1 / maskTotal : 0, TK: targetsPerRow };
  }

  private check(label: string, { R, V, maskTotal, targetsPerRow = 1 }: LossSizes, b: LossBuffers): void {
    if (!(maskTotal >= 0)) throw new KernelArgumentError(label, `mask total ${maskTotal} must be >= 0`);
    if (!Number.isInteger(targetsPerRow) || targetsPerRow < 1)
      throw new KernelArgumentError(label, `targets per row = ${targetsPerRow} must be a whole number >= 1`);
    requireElements(label, 'logits', b.logits, R * V);
    requireElements(label, 'mask', b.mask, R * targetsPerRow);
    requireElements(label, 'dLogits', b.dLogits, R * V);
    requireElements(label, 'loss', b.loss, R);
  }
}
