// The Kernels page's kernel self-check: seeded random matmuls of odd shapes (one per entry-point
// family and layout) on the GPU against the CPU reference in float64, with each one's GPU time.
import type { GpuContext } from '../gpu/device.ts';
import { CommandBatch } from '../gpu/dispatch.ts';
import { entryPointFor, Matmul, type MatmulLayout } from '../gpu/kernels/matmul.ts';
import { matmulReference } from '../gpu/kernels/matmulReference.ts';
import { Profiler } from '../gpu/profiler.ts';
import { readF32 } from '../gpu/readback.ts';
import { compareClose } from '../testing/allclose.ts';
import { randomArray } from '../testing/random.ts';
import type { KernelCheck } from './api.ts';

const CHECK_TOLERANCE = { rtol: 1e-4, atol: 2e-5 };

export async function checkMatmulKernels(gpu: GpuContext, seed: number): Promise<KernelCheck[]> {
  const matmul = new Matmul(gpu);
  const checks: KernelCheck[] = [];
  const shapes: [MatmulLayout, number, number, number][] = [
    ['nt', 1, 257, 255],
    ['nt', 3, 70, 36],
    ['nt', 5, 100, 64],
    ['nt', 64, 128, 96],
    ['nn', 17, 33, 64],
    ['tn', 96, 64, 40],
  ];
  try {
    for (const [layout, M, N, K] of shapes) {
      const shape = { layout, M, N, K };
      const a = randomArray(M * K, seed);
      const b = randomArray(N * K, seed + 1);
      const buffers = {
        a: gpu.buffers.upload('check.a', a),
        b: gpu.buffers.upload('check.b', b),
        c: gpu.buffers.create('check.c', 4 * M * N),
      };
      const profiler = Profiler.isSupported(gpu) ? new Profiler(gpu, 1) : undefined;
      const batch = new CommandBatch(gpu, 'check', profiler);
      await matmul.encode(batch, shape, buffers);
      const started = performance.now();
      batch.submit();
      const actual = await readF32(gpu, buffers.c, M * N);
      const wallMs = performance.now() - started;
      const gpuMs = profiler ? ((await profiler.read())[0]?.ms ?? wallMs) : wallMs;
      profiler?.destroy();
      for (const buffer of Object.values(buffers)) gpu.buffers.destroy(buffer);
      const report = compareClose(
        actual,
        matmulReference(new Float32Array(M * N), a, b, shape),
        CHECK_TOLERANCE,
      );
      checks.push({
        kernel: entryPointFor(shape, 'blocked').name,
        shape: `${M}×${N}×${K}`,
        maxAbsDiff: report.maxAbsDiff,
        tolerance: `rtol ${CHECK_TOLERANCE.rtol}, atol ${CHECK_TOLERANCE.atol}`,
        ok: report.ok,
        gpuMs,
        gflops: (2 * M * N * K) / gpuMs / 1e6,
      });
    }
  } finally {
    matmul.destroy();
  }
  return checks;
}
