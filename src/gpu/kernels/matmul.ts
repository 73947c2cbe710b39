// Host side of shaders/matmul.wgsl: validates a matmul's shapes and buffers, picks the entry point
// (nt, its skinny row1/rows4/rows8 forms, nn, tn or the naive baseline), its ALIGNED and WG
// constants and its grid, and records the dispatch into a CommandBatch.
import matmulWgsl from '../../../shaders/matmul.wgsl?raw';
import { type BufferRef, labelOf } from '../buffers.ts';
import type { GpuContext } from '../device.ts';
import { type CommandBatch, compileKernel, gridFor, type Kernel } from '../dispatch.ts';
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
  /**
   * Causal attention with T positions: the attention matrix (C for nt, A for nn and tn) has, in
   * row r, entries only in columns <= r % T (rows are T-periodic, as G stacked heads). The kernel
   * skips what is zero: nt leaves C above the diagonal unwritten, nn and tn skip the zero part of
   * A, which must hold exact zeros there. The naive and skinny kernels compute everything.
   */
  causalPeriod?: number;
}

export interface MatmulBuffers {
  a: BufferRef;
  b: BufferRef;
  c: BufferRef;
  /** [N], added to every row of C. */
  bias?: BufferRef;
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
  causal: 'u32',
  batch: 'u32',
});

type MatmulFields = typeof matmulUniforms.fields;

/** An entry point of matmul.wgsl, the C block one invocation computes, and its workgroup size. */
interface EntryPoint {
  name: string;
  rows: number;
  cols: number;
  workgroup: number;
}

/** nt with at most this many rows (decode) uses a 1-, 4- or 8-row kernel. */
export const SKINNY_ROWS = 16;

/** The skinny nt kernels: the block each computes, smallest first; M picks the first that fits. */
const SKINNY_BLOCKS = [
  { name: 'matmul_nt_row1', rows: 1, cols: 8 },
  { name: 'matmul_nt_rows4', rows: 4, cols: 16 },
  { name: 'matmul_nt_rows8', rows: 8, cols: 32 },
] as const;

/**
 * Measured on SwiftShader (bench `matmul`): 16 x 16 blocks win from M = 17 up; below that the
 * 8-row block (M = 5..16), the 4-row block (M = 2..4) and the 1 x 8 GEMV block (M = 1) waste
 * less work. Workgroups of 16 beat 4 on big grids; grids under 64 blocks (over the whole batch)
 * use workgroups of 4 so that both SwiftShader threads get work.
 */
export function entryPointFor(shape: MatmulShape, variant: MatmulVariant): EntryPoint {
  if (variant === 'naive') return { name: 'matmul_naive', rows: 1, cols: 1, workgroup: 64 };
  if (shape.layout !== 'nt' || shape.M > SKINNY_ROWS) {
    return { name: `matmul_${shape.layout}`, rows: 16, cols: 16, workgroup: 16 };
  }
  const block = SKINNY_BLOCKS.find((b) => b.rows >= shape.M) ?? SKINNY_BLOCKS[SKINNY_BLOCKS.length - 1];
  const blocks = (shape.batch ?? 1) * Math.ceil(shape.M / block.rows) * Math.ceil(shape.N / block.cols);
  return { ...block, workgroup: blocks >= 64 ? 16 : 4 };
}

export function resolvedStrides(shape: MatmulShape): Required<Omit<MatmulShape, 'accumulate'>> {
  const { M, N, K } = shape;
  return {
    ...shape,
    causalPeriod: shape.causalPeriod ?? 0,
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
  if (s.layout === 'nn') return four(s.K, s.N, s.strideA, s.strideB);
  return four(s.K, s.M, s.N, s.strideA, s.strideB);
}

/** `nt 2048x344x128` (M x N x K), `x16` for a batch of 16, `causal256`: how profiles name a matmul. */
export function matmulShapeName(shape: MatmulShape): string {
  const batch = shape.batch ?? 1;
  const causal = shape.causalPeriod ? ` causal${shape.causalPeriod}` : '';
  return `${shape.layout} ${shape.M}x${shape.N}x${shape.K}${batch > 1 ? ` x${batch}` : ''}${causal}`;
}

/** The shape matmulShapeName named (default strides), or null for any other text. */
export function parseMatmulShapeName(name: string): MatmulShape | null {
  const match = /^(nt|nn|tn) (\d+)x(\d+)x(\d+)(?: x(\d+))?(?: causal(\d+))?$/.exec(name);
  if (!match) return null;
  const [, layout, M, N, K, batch, causal] = match;
  return {
    layout: layout as MatmulLayout,
    M: +M,
    N: +N,
    K: +K,
    ...(batch ? { batch: +batch } : {}),
    ...(causal ? { causalPeriod: +causal } : {}),
  };
}

function checkShape(shape: MatmulShape, buffers: MatmulBuffers): void {
  const s = resolvedStrides(shape);
  const label = `matmul.${s.layout}`;
  for (const [name, value] of Object.entries(s)) {
    if (typeof value === 'number' && (!Number.isInteger(value) || value < 0)) {
      throw new KernelArgumentError(label, `${name} = ${value} must be a non-negative integer`);
    }
  }
  if (shape.causalPeriod !== undefined && shape.causalPeriod < 1) {
    throw new KernelArgumentError(label, `causalPeriod = ${shape.causalPeriod} must be >= 1 (or left out)`);
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
        `buffer ${name} (${labelOf(buffer)}) has ${buffer.size} bytes, needs ${bytes}`,
      );
    }
  };
  need('a', s.strideA, s.M * s.K);
  need('b', s.strideB, s.N * s.K);
  need('c', s.strideC, s.M * s.N);
  need('bias', 0, s.N);
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
    const entry = entryPointFor(shape, variant);
    const blocks = Math.ceil(s.M / entry.rows) * Math.ceil(s.N / entry.cols);
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
        causal: s.causalPeriod,
        batch: s.batch,
      },
      [buffers.a, buffers.b, buffers.c, buffers.bias ?? this.noBias],
      gridFor(blocks * s.batch, entry.workgroup),
      { shape: matmulShapeName(shape), flops: 2 * s.M * s.N * s.K * s.batch },
    );
  }

  private kernel(shape: MatmulShape, variant: MatmulVariant): Promise<Kernel<MatmulFields>> {
    const entry = entryPointFor(shape, variant);
    const aligned = variant === 'blocked' && isAligned(shape);
    // Only the 16 x 16 blocks store directly (matmul.wgsl, ACCUMULATE): the others keep one
    // pipeline for both, so a first generation's skinny kernels compile once.
    const accumulate = entry.rows === 16 && (shape.accumulate ?? false);
    const key = `${entry.name}:${aligned}:${entry.workgroup}:${accumulate}`;
    let kernel = this.kernels.get(key);
    if (!kernel) {
      kernel = compileKernel(this.gpu, {
        label: `${entry.name.replace('_', '.')}${aligned ? '.aligned' : ''}`,
        wgsl: matmulWgsl,
        entryPoint: entry.name,
        uniforms: matmulUniforms,
        constants: { ALIGNED: aligned ? 1 : 0, WG: entry.workgroup, ACCUMULATE: accumulate ? 1 : 0 },
      });
      this.kernels.set(key, kernel);
      kernel.catch(() => this.kernels.delete(key));
    }
    return kernel;
  }
}
