// Host side of shaders/matmul.wgsl: validates a matmul's shapes and buffers, picks the entry point
// (nt, nn, tn or the naive baseline) and its ALIGNED constant, and records the dispatch into a
// CommandBatch. Block sizes are read from the WGSL consts, so they are written once.
import matmulWgsl from '../../../shaders/matmul.wgsl?raw';
import type { GpuContext } from '../device.ts';
import { type CommandBatch, compileKernel, type Kernel, type Workgroups } from '../dispatch.ts';
import { KernelArgumentError } from '../errors.ts';
import { uniformLayout } from '../uniforms.ts';

/** nt: A·Bᵀ (B is [N,K]); nn: A·B (B is [K,N]); tn: Aᵀ·B (A is [K,M]). */
export type MatmulLayout = 'nt' | 'nn' | 'tn';
export type MatmulVariant = 'blocked' | 'naive';

export interface MatmulShape {
  layout: MatmulLayout;
  M: number;
  N: number;
  K: number;
  /** Number of independent products; matrix b of X starts at b * strideX elements. */
  batch?: number;
  strideA?: number;
  /** 0 shares one B (a weight) across the batch. Default: the size of one B. */
  strideB?: number;
  strideC?: number;
  /** C += A·B instead of C = A·B (gradient accumulation). */
  accumulate?: boolean;
}

export interface MatmulBuffers {
  a: GPUBuffer;
  b: GPUBuffer;
  c: GPUBuffer;
  /** [N], added to every row of C. */
  bias?: GPUBuffer;
}

export const matmulUniforms = uniformLayout('MatmulSizes', {
  M: 'u32',
  N: 'u32',
  K: 'u32',
  strideA: 'u32',
  strideB: 'u32',
  strideC: 'u32',
  hasBias: 'u32',
  accumulate: 'u32',
  transA: 'u32',
  transB: 'u32',
});

type MatmulFields = typeof matmulUniforms.fields;

function wgslConst(name: string): number {
  const match = new RegExp(`const\\s+${name}\\s*=\\s*(\\d+)u`).exec(matmulWgsl);
  if (!match) throw new Error(`matmul.wgsl has no const ${name}`);
  return Number(match[1]);
}

const WORKGROUP = wgslConst('WG');
/** Rows and columns of C that one invocation of each entry point computes. */
export const MATMUL_BLOCKS: Record<MatmulLayout | 'naive', { rows: number; cols: number }> = {
  nt: { rows: wgslConst('NT_RM'), cols: wgslConst('NT_RN') },
  nn: { rows: wgslConst('NN_RM'), cols: 4 * wgslConst('NN_CV') },
  tn: { rows: 4 * wgslConst('TN_RV'), cols: 4 * wgslConst('TN_CV') },
  naive: { rows: 1, cols: 1 },
};

export function resolvedStrides(shape: MatmulShape): Required<Omit<MatmulShape, 'accumulate'>> {
  const { M, N, K } = shape;
  return {
    ...shape,
    batch: shape.batch ?? 1,
    strideA: shape.strideA ?? M * K,
    strideB: shape.strideB ?? N * K,
    strideC: shape.strideC ?? M * N,
  };
}

/** Whether every vec4 the blocked kernel loads lies inside one row. */
export function isAligned(shape: MatmulShape): boolean {
  const s = resolvedStrides(shape);
  const four = (...values: number[]) => values.every((v) => v % 4 === 0);
  if (s.layout === 'nt') return four(s.K, s.strideA, s.strideB);
  if (s.layout === 'nn') return four(s.N, s.strideB);
  return four(s.M, s.N, s.strideA, s.strideB);
}

function checkShape(shape: MatmulShape, buffers: MatmulBuffers): void {
  const s = resolvedStrides(shape);
  const label = `matmul.${s.layout}`;
  for (const [name, value] of Object.entries(s)) {
    if (typeof value === 'number' && (!Number.isInteger(value) || value < 0)) {
      throw new KernelArgumentError(label, `${name} = ${value} must be a non-negative integer`);
    }
  }
  if (s.M < 1 || s.N < 1 || s.K < 1 || s.batch < 1) {
    throw new KernelArgumentError(
      label,
      `M, N, K and batch must be >= 1 (got ${s.M}, ${s.N}, ${s.K}, ${s.batch})`,
    );
  }
  const need = (name: keyof MatmulBuffers, stride: number, size: number) => {
    const buffer = buffers[name];
    const bytes = 4 * ((s.batch - 1) * stride + size);
    if (buffer && buffer.size < bytes) {
      throw new KernelArgumentError(
        label,
        `buffer ${name} (${buffer.label}) has ${buffer.size} bytes, needs ${bytes}`,
      );
    }
  };
  need('a', s.strideA, s.M * s.K);
  need('b', s.strideB, s.N * s.K);
  need('c', s.strideC, s.M * s.N);
  need('bias', 0, s.N);
}

/** Workgroups covering `blocks` blocks with 64 per group, spread over x and y. */
export function gridFor(blocks: number, batch: number): Workgroups {
  const groups = Math.max(1, Math.ceil(blocks / WORKGROUP));
  const x = Math.min(groups, 65535);
  return [x, Math.ceil(groups / x), batch];
}

export class Matmul {
  private readonly kernels = new Map<string, Promise<Kernel<MatmulFields>>>();
  /** Bound as `bias` when there is none: C may not be bound twice (read and read_write). */
  private readonly noBias: GPUBuffer;

  constructor(private readonly gpu: GpuContext) {
    this.noBias = gpu.buffers.create('matmul.noBias', 16);
  }

  /** Frees the GPU memory this object owns (its pipelines stay cached). */
  destroy(): void {
    this.gpu.buffers.destroy(this.noBias);
  }

  /** Compiles (once) the pipeline a shape needs; returns its compile time in ms. */
  async prepare(shape: MatmulShape, variant: MatmulVariant = 'blocked'): Promise<number> {
    return (await this.kernel(shape, variant)).compileMs;
  }

  /** Records C = op(A)·op(B) (+ bias) into the batch. */
  async encode(
    batch: CommandBatch,
    shape: MatmulShape,
    buffers: MatmulBuffers,
    variant: MatmulVariant = 'blocked',
  ): Promise<void> {
    checkShape(shape, buffers);
    const kernel = await this.kernel(shape, variant);
    const s = resolvedStrides(shape);
    const block = MATMUL_BLOCKS[variant === 'naive' ? 'naive' : s.layout];
    const blocks = Math.ceil(s.M / block.rows) * Math.ceil(s.N / block.cols);
    batch.dispatch(
      kernel,
      {
        M: s.M,
        N: s.N,
        K: s.K,
        strideA: s.strideA,
        strideB: s.strideB,
        strideC: s.strideC,
        hasBias: buffers.bias ? 1 : 0,
        accumulate: shape.accumulate ? 1 : 0,
        transA: s.layout === 'tn' ? 1 : 0,
        transB: s.layout === 'nt' ? 1 : 0,
      },
      [buffers.a, buffers.b, buffers.c, buffers.bias ?? this.noBias],
      gridFor(blocks, s.batch),
    );
  }

  private kernel(shape: MatmulShape, variant: MatmulVariant): Promise<Kernel<MatmulFields>> {
    const entryPoint = variant === 'naive' ? 'matmul_naive' : `matmul_${shape.layout}`;
    const aligned = variant === 'blocked' && isAligned(shape);
    const key = `${entryPoint}:${aligned}`;
    let kernel = this.kernels.get(key);
    if (!kernel) {
      kernel = compileKernel(this.gpu, {
        label: `matmul.${variant === 'naive' ? 'naive' : shape.layout}${aligned ? '.aligned' : ''}`,
        wgsl: matmulWgsl,
        entryPoint,
        uniforms: matmulUniforms,
        constants: { ALIGNED: aligned ? 1 : 0 },
      });
      this.kernels.set(key, kernel);
      kernel.catch(() => this.kernels.delete(key));
    }
    return kernel;
  }
}
