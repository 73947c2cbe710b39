// AdamW on the GPU over the model's weight and gradient pools (parameterPool.ts) and two moment
// pools of the same layout, with the global gradient norm and its clip factor computed on the GPU:
// a step records two dispatches per run of equal decay (usually two runs) plus one, and needs no
// readback (readNorm reads the last norm when a page wants it).
// Reference: optimizerReference.ts. Kernel: shaders/adamw.wgsl.
import wgsl from '../../shaders/adamw.wgsl?raw';
import type { GpuContext } from '../gpu/device.ts';
import { type CommandBatch, compileKernel, gridFor, type Kernel } from '../gpu/dispatch.ts';
import { readF32 } from '../gpu/readback.ts';
import { uniformLayout } from '../gpu/uniforms.ts';
import type { LlamaConfig } from '../model/config.ts';
import type { GpuGradients } from '../model/gpuGradients.ts';
import type { GpuWeights } from '../model/gpuWeights.ts';
import { ParameterPool, type PoolRange } from '../model/parameterPool.ts';
import type { AdamWSettings } from './optimizerReference.ts';

const WG = 64;
/** Elements per partial sum (CHUNK in adamw.wgsl). */
const CHUNK = 1024;

const uniforms = uniformLayout('AdamWSizes', {
  n: 'u32',
  outOffset: 'u32',
  partialCount: 'u32',
  lr: 'f32',
  beta1: 'f32',
  beta2: 'f32',
  eps: 'f32',
  weightDecay: 'f32',
  bias1: 'f32',
  bias2: 'f32',
  clipNorm: 'f32',
});

type Fields = typeof uniforms.fields;

export interface OptimizerState {
  /** Steps taken (for the bias corrections). */
  steps: number;
  /** First and second moments by HF tensor name. */
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

/** A run of equal decay: the same range in the weights, gradients and both moment pools. */
interface Slot {
  param: PoolRange;
  grad: PoolRange;
  m: PoolRange;
  v: PoolRange;
  n: number;
  decay: boolean;
  /** First partial-sum slot of this run. */
  offset: number;
}

export class GpuAdamW {
  private readonly moments: ParameterPool[];
  private readonly slots: Slot[];
  private readonly partials: GPUBuffer;
  private readonly stats: GPUBuffer;
  private readonly partialCount: number;
  private step = 0;

  private constructor(
    private readonly gpu: GpuContext,
    private readonly kernels: { sumSquares: Kernel<Fields>; clip: Kernel<Fields>; update: Kernel<Fields> },
    config: LlamaConfig,
    weights: GpuWeights,
    grads: GpuGradients,
    private readonly settings: AdamWSettings,
  ) {
    const [m, v] = ['adamw.m', 'adamw.v'].map((label) => new ParameterPool(gpu, label, config));
    this.moments = [m, v];
    let offset = 0;
    this.slots = weights.ranges.map((param, i) => {
      const n = param.size / 4;
      const slot = {
        param,
        grad: grads.ranges[i],
        m: m.ranges[i],
        v: v.ranges[i],
        n,
        decay: param.decay,
        offset,
      };
      offset += Math.ceil(n / CHUNK);
      return slot;
    });
    this.partialCount = offset;
    this.partials = gpu.buffers.create('adamw.partials', 4 * offset);
    this.stats = gpu.buffers.create('adamw.stats', 8);
  }

  static async create(
    gpu: GpuContext,
    config: LlamaConfig,
    weights: GpuWeights,
    grads: GpuGradients,
    settings: AdamWSettings,
  ): Promise<GpuAdamW> {
    const compile = (entryPoint: string, label: string) =>
      compileKernel(gpu, { label, wgsl, entryPoint, uniforms, constants: { WG } });
    const [sumSquares, clip, update] = await Promise.all([
      compile('sum_squares', 'adamw.sumSquares'),
      compile('clip_scale', 'adamw.clipScale'),
      compile('adamw_step', 'adamw.step'),
    ]);
    return new GpuAdamW(gpu, { sumSquares, clip, update }, config, weights, grads, settings);
  }

  /** Steps taken so far (the next step is steps + 1). */
  get steps(): number {
    return this.step;
  }

  /** Records one step at learning rate `lr`: the global norm, the clip factor, every update. */
  encodeStep(batch: CommandBatch, lr: number): void {
    this.step++;
    const { beta1, beta2, eps, weightDecay, clipNorm } = this.settings;
    const base = {
      partialCount: this.partialCount,
      lr,
      beta1,
      beta2,
      eps,
      bias1: 1 - beta1 ** this.step,
      bias2: 1 - beta2 ** this.step,
      clipNorm: Number.isFinite(clipNorm) ? clipNorm : 3.4e38,
    };
    for (const slot of this.slots) {
      batch.dispatch(
        this.kernels.sumSquares,
        { ...base, n: slot.n, outOffset: slot.offset, weightDecay: 0 },
        [null, slot.grad, null, null, null, this.partials],
        gridFor(Math.ceil(slot.n / CHUNK), WG),
      );
    }
    batch.dispatch(
      this.kernels.clip,
      { ...base, n: 0, outOffset: 0, weightDecay: 0 },
      [null, null, null, null, this.stats, this.partials],
      [1],
    );
    for (const slot of this.slots) {
      batch.dispatch(
        this.kernels.update,
        { ...base, n: slot.n, outOffset: 0, weightDecay: slot.decay ? weightDecay : 0 },
        [slot.param, slot.grad, slot.m, slot.v, this.stats],
        gridFor(slot.n, WG),
      );
    }
  }

  /** Records copying (norm, clip factor) of the last step to `destination` at `byteOffset`. */
  copyNorm(batch: CommandBatch, destination: GPUBuffer, byteOffset: number): void {
    batch.copy(this.stats, 0, destination, byteOffset, 8);
  }

  /** Both moments by HF name and the step count: with the weights, what a resumed run needs. */
  async readState(): Promise<OptimizerState> {
    const [m, v] = this.moments;
    return { steps: this.step, m: await m.read(), v: await v.read() };
  }

  /** Restores readState's result (same model config). */
  writeState(state: OptimizerState): void {
    const [m, v] = this.moments;
    m.write(state.m);
    v.write(state.v);
    this.step = state.steps;
  }

  /** The global gradient norm (before clipping) and the clip factor of the last step. */
  async readNorm(): Promise<{ norm: number; scale: number }> {
    const [norm, scale] = await readF32(this.gpu, this.stats, 2);
    return { norm, scale };
  }

  destroy(): void {
    for (const pool of this.moments) pool.destroy();
    this.gpu.buffers.destroy(this.partials);
    this.gpu.buffers.destroy(this.stats);
  }
}
