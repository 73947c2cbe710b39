// Benchmark `matmul`: GFLOP/s of our register-blocked kernels against the naive baseline, in one
// launch, on the shapes the model uses: cubes, a training shape (2048 rows = 8 x 256 tokens), the
// thin-K shapes of the L2 d128 training step (K = 64 and 128, bench `train` lists them all) and
// decode shapes (M = 1..32 rows against K = N = 256..1024 weights). Also the pipeline compile time
// of each variant. Goals (issue 3): >= 6 at 1024³, >= 4 at M = 8..32, >= 1.3 at M = 1, K = N = 1024.
import {
  entryPointFor,
  Matmul,
  type MatmulLayout,
  type MatmulShape,
  type MatmulVariant,
} from '../../gpu/kernels/matmul.ts';
import { randomArray } from '../../testing/random.ts';
import { timeDispatch } from '../timing.ts';
import { type BenchContext, type BenchRow, type BenchScenario, goal, type ScenarioOutput } from '../types.ts';

interface Case {
  group: 'cube' | 'train' | 'step' | 'decode';
  layout: MatmulLayout;
  M: number;
  N: number;
  K: number;
  batch?: number;
  /** The naive kernel is too slow for the biggest shapes in quick mode. */
  naive: boolean;
}

function cases(mode: BenchContext['mode']): Case[] {
  const full = mode === 'full';
  const list: Case[] = [];
  const layouts: MatmulLayout[] = full ? ['nt', 'nn', 'tn'] : ['nt'];
  for (const layout of layouts) {
    for (const size of full ? [256, 512, 1024] : [256, 512]) {
      list.push({ group: 'cube', layout, M: size, N: size, K: size, naive: layout === 'nt' });
    }
    list.push({ group: 'train', layout, M: 2048, N: 256, K: 256, naive: layout === 'nt' && full });
  }
  // The L2 d128 step's gate/up projection (K = 128) and attention scores (K = 64, batch 16 heads).
  list.push({ group: 'step', layout: 'nt', M: 2048, N: 688, K: 128, naive: false });
  list.push({ group: 'step', layout: 'nt', M: 256, N: 256, K: 64, batch: 16, naive: false });
  list.push({ group: 'step', layout: 'nn', M: 2048, N: 128, K: 688, naive: false });
  list.push({ group: 'step', layout: 'tn', M: 688, N: 128, K: 2048, naive: false });
  for (const M of [1, 8, 32]) {
    for (const size of full ? [256, 512, 1024] : [256, 1024]) {
      list.push({ group: 'decode', layout: 'nt', M, N: size, K: size, naive: true });
    }
  }
  return list;
}

function gflops(c: Case, ms: number | null): number | null {
  return ms === null || ms <= 0 ? null : (2 * c.M * c.N * c.K * (c.batch ?? 1)) / ms / 1e6;
}

const round = (value: number | null, digits = 3) => (value === null ? null : Number(value.toFixed(digits)));

async function measure(context: BenchContext, matmul: Matmul, c: Case, variant: MatmulVariant) {
  const { gpu, mode, seed } = context;
  const batch = c.batch ?? 1;
  const shape: MatmulShape = { layout: c.layout, M: c.M, N: c.N, K: c.K, batch };
  const compileMs = await matmul.prepare(shape, variant);
  const a = gpu.buffers.upload('bench.a', randomArray(batch * c.M * c.K, seed));
  const b = gpu.buffers.upload('bench.b', randomArray(batch * c.N * c.K, seed + 1));
  const out = gpu.buffers.create('bench.c', 4 * batch * c.M * c.N);
  try {
    const timing = await timeDispatch(
      gpu,
      (batch) => matmul.encode(batch, shape, { a, b, c: out }, variant),
      {
        samples: mode === 'full' ? 5 : 3,
        minSampleMs: mode === 'full' ? 150 : 60,
      },
    );
    return { compileMs, timing };
  } finally {
    for (const buffer of [a, b, out]) gpu.buffers.destroy(buffer);
  }
}

export const matmulScenario: BenchScenario = {
  name: 'matmul',
  description: 'GFLOP/s of the register-blocked matmul kernels against the naive baseline, same launch.',
  async run(context): Promise<ScenarioOutput> {
    const matmul = new Matmul(context.gpu);
    const list = cases(context.mode);
    const rows: BenchRow[] = [];
    for (const [index, c] of list.entries()) {
      if (context.isCancelled()) break;
      context.progress({ done: index, total: list.length, note: `${c.layout} ${c.M}x${c.N}x${c.K}` });
      const ours = await measure(context, matmul, c, 'blocked');
      const naive = c.naive ? await measure(context, matmul, c, 'naive') : null;
      const oursGflops = gflops(c, ours.timing.gpuMs ?? ours.timing.wallMs);
      const naiveGflops = naive ? gflops(c, naive.timing.gpuMs ?? naive.timing.wallMs) : null;
      const entry = entryPointFor(c, 'blocked');
      rows.push({
        group: c.group,
        layout: c.layout,
        M: c.M,
        N: c.N,
        K: c.K,
        batch: c.batch ?? 1,
        ours_gflops: round(oursGflops),
        naive_gflops: round(naiveGflops),
        ratio: oursGflops !== null && naiveGflops ? round(oursGflops / naiveGflops, 2) : null,
        ours_ms: round(ours.timing.gpuMs ?? ours.timing.wallMs, 4),
        ours_wall_ms: round(ours.timing.wallMs, 4),
        naive_ms: naive ? round(naive.timing.gpuMs ?? naive.timing.wallMs, 4) : null,
        ours_kernel: `${entry.name}/${entry.workgroup}`,
        ours_compile_ms: round(ours.compileMs, 1),
        naive_compile_ms: naive ? round(naive.compileMs, 1) : null,
        repeats: ours.timing.repeats,
        timer: ours.timing.gpuMs === null ? 'wall' : 'timestamp',
      });
    }
    matmul.destroy();
    const find = (g: string, M: number, size: number) =>
      rows.find((r) => r.group === g && r.layout === 'nt' && r.M === M && r.K === size);
    const value = (row: BenchRow | undefined) => (row ? (row.ours_gflops as number | null) : null);
    const decodeMid = [8, 32].flatMap((M) => rows.filter((r) => r.group === 'decode' && r.M === M));
    return {
      keys: ['group', 'layout', 'M', 'N', 'K'],
      rows,
      goals: [
        goal('GFLOP/s at 1024³ (nt)', 'GFLOP/s', 6, value(find('cube', 1024, 1024))),
        goal(
          'GFLOP/s at M = 8..32 (worst decode shape)',
          'GFLOP/s',
          4,
          decodeMid.length ? Math.min(...decodeMid.map((r) => r.ours_gflops as number)) : null,
        ),
        goal('GFLOP/s at M = 1, K = N = 1024', 'GFLOP/s', 1.3, value(find('decode', 1, 1024))),
      ],
      notes: [
        'GFLOP/s = 2·M·N·K / time; time is GPU time from timestamp queries when available, else wall time.',
        "ours_kernel is the entry point / workgroup size; compile_ms is that pipeline's one-time compile (later shapes reuse it).",
      ],
    };
  },
};
