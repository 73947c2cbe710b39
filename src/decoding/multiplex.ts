// Host side of shaders/multiplex.wgsl: after a sampling step, every thinking sequence's K draws
// and merge weights become the next position's input mixture (indices [N, K], weights [N, K]),
// and each step's mixture and per-slot log q go to the trace. One dispatch, no readback.
import multiplexWgsl from '../../shaders/multiplex.wgsl?raw';
import rngWgsl from '../../shaders/rng.wgsl?raw';
import type { GpuContext } from '../gpu/device.ts';
import { type CommandBatch, compileKernel, gridFor, type Kernel, requireElements } from '../gpu/dispatch.ts';
import { uniformLayout } from '../gpu/uniforms.ts';
import { checkMultiplex, type MultiplexSettings } from './multiplexReference.ts';

const WG = 64;

/** u32 per step and slot in the trace: token, bits of the weight, bits of log q. */
export const TRACE_FIELDS = 3;

const uniforms = uniformLayout('MultiplexSizes', {
  N: 'u32',
  V: 'u32',
  K: 'u32',
  seed: 'u32',
  maxNew: 'u32',
  thinkEnd: 'u32',
  averaged: 'u32',
  greedy: 'u32',
});

export interface MultiplexStepSizes extends MultiplexSettings {
  N: number;
  V: number;
  seed: number;
  maxNew: number;
  /** The token that ends thinking (</think>). */
  thinkEnd: number;
  greedy: boolean;
}

export interface MultiplexBuffers {
  /** u32 [N, 4], the sampler's state */
  state: GPUBuffer;
  /** u32 [N, V, 2], the sampler's processed distribution by rank */
  dist: GPUBuffer;
  /** u32 [N] */
  kept: GPUBuffer;
  /** u32 [N]: 1 while the sequence thinks (set to 1 before the first step) */
  thinking: GPUBuffer;
  /** u32 [N, K], f32 [N, K]: the next decode chunk's input mixtures */
  indices: GPUBuffer;
  weights: GPUBuffer;
  /** u32 [N, maxNew, K, TRACE_FIELDS] */
  trace: GPUBuffer;
}

export class Multiplexer {
  private constructor(private readonly kernel: Kernel<typeof uniforms.fields>) {}

  static async create(gpu: GpuContext): Promise<Multiplexer> {
    return new Multiplexer(
      await compileKernel(gpu, {
        label: 'multiplex.step',
        wgsl: `${multiplexWgsl}\n${rngWgsl}`,
        entryPoint: 'multiplex_step',
        uniforms,
        constants: { WG },
      }),
    );
  }

  encode(batch: CommandBatch, sizes: MultiplexStepSizes, b: MultiplexBuffers): void {
    checkMultiplex(sizes);
    const { N, V, width: K, maxNew } = sizes;
    const label = 'multiplex.step';
    requireElements(label, 'state', b.state, 4 * N);
    requireElements(label, 'dist', b.dist, 2 * N * V);
    requireElements(label, 'kept', b.kept, N);
    requireElements(label, 'thinking', b.thinking, N);
    requireElements(label, 'indices', b.indices, N * K);
    requireElements(label, 'weights', b.weights, N * K);
    requireElements(label, 'trace', b.trace, N * maxNew * K * TRACE_FIELDS);
    batch.dispatch(
      this.kernel,
      {
        N,
        V,
        K,
        seed: sizes.seed >>> 0,
        maxNew,
        thinkEnd: sizes.thinkEnd,
        averaged: sizes.merge === 'averaged' ? 1 : 0,
        greedy: sizes.greedy ? 1 : 0,
      },
      [b.state, b.dist, b.kept, b.thinking, b.indices, b.weights, b.trace],
      gridFor(N, WG),
    );
  }
}
