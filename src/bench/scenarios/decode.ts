// Benchmark `decode`: how fast the one generation loop runs on our kernels, for three model sizes
// (L=2,d=128), (L=4,d=256), (L=6,d=384) with head dim 64, SwiGLU F = 8d/3 and 256 positions
// (random weights; speed does not depend on them). Per config:
//   - decode tokens/s at batch 1, 8, 16, 32: B rows x decode steps / decode wall time, through
//     Generator.generate (greedy, a 32-token prompt, readback every 16 steps, positions 32..);
//   - prefill tokens/s: one 256-token chunk through the forward, wall time to onSubmittedWorkDone;
//   - where a batch-1 decode forward's time goes: timestamp-query GPU time per kernel.
// Goal (issue 5): match the dispatch-chain simulation of docs/performance.md §3 at batch 1: 531 / 133 / 45
// tok/s (it used V = 512 and a 4d GELU MLP; we have V = 135 and SwiGLU 8d/3).
import { Generator } from '../../decoding/generate.ts';
import { CommandBatch } from '../../gpu/dispatch.ts';
import { Profiler } from '../../gpu/profiler.ts';
import type { LlamaConfig } from '../../model/config.ts';
import { KvCache } from '../../model/kvCache.ts';
import { randomWeights } from '../../model/parameters.ts';
import { tokenChunk } from '../../model/referenceModel.ts';
import { GpuTransformer } from '../../model/transformer.ts';
import { median } from '../../stats/median.ts';
import { BENCH_SIZES, benchConfig, benchSizeName } from '../modelSizes.ts';
import { type BenchContext, type BenchRow, type BenchScenario, goal, type ScenarioOutput } from '../types.ts';

/** Batch-1 tok/s of docs/performance.md §3's dispatch-chain simulation, per size. */
const SIMULATED = [531, 133, 45];
const SIZES = BENCH_SIZES.map((size, i) => ({ ...size, simulated: SIMULATED[i] }));
const PROMPT = 32;
const SYNC_EVERY = 16;

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

async function decodeRate(
  generator: Generator,
  B: number,
  steps: number,
): Promise<{ tokensPerS: number; msPerStep: number }> {
  const prompts = Array.from({ length: B }, (_, b) =>
    Array.from({ length: PROMPT }, (_, t) => 40 + ((b * 7 + t) % 90)),
  );
  const request = {
    prompts,
    sampling: { temperature: 0, topK: 0, topP: 1 },
    seed: 1,
    maxNewTokens: steps + 1,
    syncEvery: SYNC_EVERY,
  };
  await generator.generate({ ...request, maxNewTokens: 2 });
  const result = await generator.generate(request);
  return {
    tokensPerS: (1000 * B * result.steps) / result.decodeMs,
    msPerStep: result.decodeMs / result.steps,
  };
}

async function prefillRate(
  context: BenchContext,
  model: GpuTransformer,
  config: LlamaConfig,
): Promise<number> {
  const T = config.max_position_embeddings;
  const cache = new KvCache(context.gpu, config, 1);
  const chunk = tokenChunk([Array.from({ length: T }, (_, t) => 40 + (t % 90))], [0], config.pad_token_id);
  const samples: number[] = [];
  try {
    for (let s = 0; s < (context.mode === 'full' ? 5 : 2) + 1; s++) {
      const started = performance.now();
      await model.forward(chunk, cache);
      await context.gpu.device.queue.onSubmittedWorkDone();
      if (s > 0) samples.push(performance.now() - started);
    }
  } finally {
    cache.destroy();
  }
  return (1000 * T) / median(samples);
}

/** GPU ms and dispatches per kernel for one batch-1 decode forward (sampling not included). */
async function profileStep(
  context: BenchContext,
  model: GpuTransformer,
  config: LlamaConfig,
): Promise<Map<string, { ms: number; calls: number }>> {
  const totals = new Map<string, { ms: number; calls: number }>();
  if (!Profiler.isSupported(context.gpu)) return totals;
  const cache = new KvCache(context.gpu, config, 1);
  const profiler = new Profiler(context.gpu, 512);
  try {
    await model.forward(tokenChunk([[40]], [PROMPT], config.pad_token_id), cache);
    const acts = model.activations({ B: 1, T: 1, K: 1, keep: false });
    for (let run = 0; run < 3; run++) {
      const batch = new CommandBatch(context.gpu, 'bench.profile', profiler);
      await model.encodeForward(batch, acts, cache);
      batch.submit();
      for (const { label, ms } of await profiler.read()) {
        const total = totals.get(label) ?? { ms: 0, calls: 0 };
        totals.set(label, { ms: total.ms + ms / 3, calls: total.calls + 1 / 3 });
      }
    }
  } finally {
    profiler.destroy();
    cache.destroy();
  }
  return totals;
}

export const decodeScenario: BenchScenario = {
  name: 'decode',
  description:
    'Tokens/s of the batched generation loop (batch 1..32) and of prefill, with a per-kernel profile.',
  async run(context): Promise<ScenarioOutput> {
    const full = context.mode === 'full';
    const batches = full ? [1, 8, 16, 32] : [1, 8];
    const steps = full ? 64 : 16;
    const rows: BenchRow[] = [];
    const batchOne: number[] = [];
    const sizes = full ? SIZES : SIZES.slice(0, 2);
    for (const [index, size] of sizes.entries()) {
      if (context.isCancelled()) break;
      const config = benchConfig(size);
      const name = benchSizeName(size);
      context.progress({ done: index, total: sizes.length, note: name });
      const model = await GpuTransformer.create(context.gpu, config, randomWeights(config, context.seed));
      const generator = await Generator.create(context.gpu, model);
      try {
        for (const B of batches) {
          const rate = await decodeRate(generator, B, steps);
          if (B === 1) batchOne.push(rate.tokensPerS);
          rows.push({
            group: 'decode',
            config: name,
            B,
            kernel: null,
            tokens_per_s: round(rate.tokensPerS, 1),
            ms_per_step: round(rate.msPerStep, 3),
            share: null,
          });
        }
        rows.push({
          group: 'prefill',
          config: name,
          B: 1,
          kernel: null,
          tokens_per_s: round(await prefillRate(context, model, config), 1),
          ms_per_step: null,
          share: null,
        });
        const profile = await profileStep(context, model, config);
        const total = [...profile.values()].reduce((a, b) => a + b.ms, 0);
        for (const [kernel, { ms, calls }] of [...profile.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
          rows.push({
            group: 'profile',
            config: name,
            B: 1,
            kernel,
            tokens_per_s: null,
            ms_per_step: round(ms, 4),
            share: round((100 * ms) / total, 1),
            dispatches: Math.round(calls),
          });
        }
      } finally {
        generator.destroy();
        model.destroy();
      }
    }
    return {
      keys: ['group', 'config', 'B', 'kernel'],
      rows,
      goals: sizes.map((size, i) =>
        goal(
          `decode tok/s at batch 1, L=${size.layers} d=${size.d} (simulation: ${size.simulated})`,
          'tok/s',
          size.simulated,
          batchOne[i] ?? null,
        ),
      ),
      notes: [
        `decode: B rows x steps / wall time of Generator.generate (greedy, ${PROMPT}-token prompts, readback every ${SYNC_EVERY} steps, ${steps} steps after a warm-up run); positions ${PROMPT}..${PROMPT + steps}.`,
        'prefill: one 256-token chunk through the forward (B = 1), wall time to onSubmittedWorkDone, median of runs after a warm-up.',
        "profile: GPU time per dispatch label from timestamp queries, one batch-1 decode forward at position 32 (each dispatch in its own pass, which adds a few µs each); share is of the profiled total; dispatches: how many of the forward's dispatches carry that label (the sampler's are not counted).",
        'Models: head dim 64, MHA, SwiGLU F = 8d/3 rounded to 8, V = 135, random weights (seeded).',
      ],
    };
  },
};
