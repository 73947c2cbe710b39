// Where a training step's matmul time goes, shape by shape: from one profiled step's entries, the
// GPU ms and GFLOP/s of each (kernel, shape) inside the step, beside the GFLOP/s the same kernel
// reaches on that shape alone (random operands, back-to-back dispatches, as bench `matmul`
// measures). A shape slow in both is the kernel's; one slow only in the step is its context.
import { Matmul, parseMatmulShapeName } from '../gpu/kernels/matmul.ts';
import type { ProfileEntry } from '../gpu/profiler.ts';
import { randomArray } from '../testing/random.ts';
import { timeDispatch } from './timing.ts';
import type { BenchContext } from './types.ts';

export interface StepMatmul {
  kernel: string;
  shape: string;
  calls: number;
  /** GPU ms over the step, all calls together. */
  ms: number;
  flops: number;
}

/** The profiled step's matmul dispatches, summed per kernel and shape, slowest first. */
export function stepMatmuls(entries: ProfileEntry[]): StepMatmul[] {
  const byShape = new Map<string, StepMatmul>();
  for (const entry of entries) {
    if (!entry.work) continue;
    const key = `${entry.label} ${entry.work.shape}`;
    const total = byShape.get(key) ?? {
      kernel: entry.label,
      shape: entry.work.shape,
      calls: 0,
      ms: 0,
      flops: 0,
    };
    total.calls += 1;
    total.ms += entry.ms;
    total.flops += entry.work.flops;
    byShape.set(key, total);
  }
  return [...byShape.values()].sort((a, b) => b.ms - a.ms);
}

export const gflopsOf = (flops: number, ms: number): number | null => (ms > 0 ? flops / ms / 1e6 : null);

/** GFLOP/s of the blocked kernel on `shape` alone (GPU time when the adapter has timestamps). */
export async function isolatedGflops(context: BenchContext, shapeName: string): Promise<number | null> {
  const shape = parseMatmulShapeName(shapeName);
  if (!shape) return null;
  const { gpu, seed } = context;
  const batch = shape.batch ?? 1;
  const matmul = new Matmul(gpu);
  const a = gpu.buffers.upload('bench.stepA', randomArray(batch * shape.M * shape.K, seed));
  const b = gpu.buffers.upload('bench.stepB', randomArray(batch * shape.N * shape.K, seed + 1));
  const c = gpu.buffers.create('bench.stepC', 4 * batch * shape.M * shape.N);
  try {
    const timing = await timeDispatch(gpu, (commands) => matmul.encode(commands, shape, { a, b, c }), {
      samples: context.mode === 'full' ? 5 : 3,
      minSampleMs: context.mode === 'full' ? 100 : 40,
    });
    return gflopsOf(2 * shape.M * shape.N * shape.K * batch, timing.gpuMs ?? timing.wallMs);
  } finally {
    for (const buffer of [a, b, c]) gpu.buffers.destroy(buffer);
    matmul.destroy();
  }
}
