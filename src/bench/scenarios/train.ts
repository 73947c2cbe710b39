// Benchmark `train`: training tokens/s on our kernels — forward, backward and AdamW (with
// global-norm clipping) — for the three bench sizes at batch 8 x 256 (2,048 tokens a step), from
// seeded random weights on a seeded random-token batch (trainData.ts), constant lr 1e-3. One
// untimed step first (pipeline compiles), then timed steps; the losses of every step are kept so
// the Node side can check the PyTorch peer (bench/peers/) reaches the same ones from the same
// weights. Goal (issue 7): the dispatch-chain simulation of docs/performance.md §3: 1455 / 250 / 84 tok/s.

import { type ProfileEntry, Profiler } from '../../gpu/profiler.ts';
import { randomWeights } from '../../model/parameters.ts';
import type { TrainingBatch } from '../../model/referenceTrain.ts';
import { GpuTransformer } from '../../model/transformer.ts';
import { DEFAULT_ADAMW } from '../../train/optimizerReference.ts';
import { TrainStep } from '../../train/trainStep.ts';
import { benchConfig, benchSizeName } from '../modelSizes.ts';
import { gflopsOf, isolatedGflops, stepMatmuls } from '../stepMatmuls.ts';
import { trainBenchBatch } from '../trainData.ts';
import { TRAIN_BATCH, TRAIN_LR, trainSizes, trainSteps } from '../trainSettings.ts';
import { type BenchContext, type BenchRow, type BenchScenario, goal, type ScenarioOutput } from '../types.ts';

const SIMULATED = [1455, 250, 84];

/** Every dispatch of one more training step, timed by timestamp queries (empty without). */
async function profileStep(
  context: BenchContext,
  trainer: TrainStep,
  batch: TrainingBatch,
): Promise<ProfileEntry[]> {
  if (!Profiler.isSupported(context.gpu)) return [];
  const profiler = new Profiler(context.gpu, 1024);
  try {
    await trainer.step([batch], TRAIN_LR, { profiler });
    return await profiler.read();
  } finally {
    profiler.destroy();
  }
}

function msPerLabel(entries: ProfileEntry[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { label, ms } of entries) totals.set(label, (totals.get(label) ?? 0) + ms);
  return totals;
}

/** One row per matmul kernel and shape of the profiled step: its rate there and alone. */
async function matmulRows(
  context: BenchContext,
  config: string,
  entries: ProfileEntry[],
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const m of stepMatmuls(entries)) {
    if (context.isCancelled()) break;
    const inStep = gflopsOf(m.flops, m.ms);
    const alone = await isolatedGflops(context, m.shape);
    rows.push({
      config,
      kernel: m.kernel,
      shape: m.shape,
      calls: m.calls,
      ours_ms_per_step: Number(m.ms.toFixed(2)),
      step_gflops: inStep === null ? null : Number(inStep.toFixed(2)),
      isolated_gflops: alone === null ? null : Number(alone.toFixed(2)),
    });
  }
  return rows;
}

export const trainScenario: BenchScenario = {
  name: 'train',
  description: 'Training tokens/s (forward + backward + AdamW) at batch 8 x 256 for three model sizes.',
  async run(context): Promise<ScenarioOutput> {
    const { B, T } = TRAIN_BATCH;
    const steps = trainSteps(context.mode);
    const sizes = trainSizes(context.mode);
    const rows: BenchRow[] = [];
    for (const [index, size] of sizes.entries()) {
      if (context.isCancelled()) break;
      const name = benchSizeName(size);
      context.progress({ done: index, total: sizes.length, note: name });
      const config = benchConfig(size);
      const model = await GpuTransformer.create(context.gpu, config, randomWeights(config, context.seed));
      const trainer = await TrainStep.create(context.gpu, model, DEFAULT_ADAMW);
      try {
        const batch = trainBenchBatch(context.seed, B, T, config.vocab_size);
        const losses = [(await trainer.step([batch], TRAIN_LR)).loss];
        const started = performance.now();
        for (let s = 0; s < steps; s++) losses.push((await trainer.step([batch], TRAIN_LR)).loss);
        const msPerStep = (performance.now() - started) / steps;
        const entries = await profileStep(context, trainer, batch);
        const profile = msPerLabel(entries);
        rows.push({
          config: name,
          ours_tokens_per_s: Number(((1000 * B * T) / msPerStep).toFixed(1)),
          ours_ms_per_step: Number(msPerStep.toFixed(1)),
          ours_loss_first: Number(losses[0].toFixed(5)),
          ours_loss_last: Number((losses.at(-1) as number).toFixed(5)),
          steps: steps + 1,
          losses: losses.map((l) => l.toFixed(6)).join(' '),
          kernel: null,
          share: null,
        });
        const total = [...profile.values()].reduce((a, b) => a + b, 0);
        for (const [kernel, ms] of [...profile.entries()].sort((a, b) => b[1] - a[1])) {
          rows.push({
            config: name,
            kernel,
            ours_ms_per_step: Number(ms.toFixed(2)),
            share: Number(((100 * ms) / total).toFixed(1)),
          });
        }
        rows.push(...(await matmulRows(context, name, entries)));
      } finally {
        trainer.destroy();
        model.destroy();
      }
    }
    return {
      keys: ['config', 'kernel', 'shape'],
      rows,
      goals: sizes.map((size, i) =>
        goal(
          `training tok/s, ${benchSizeName(size)} at 8 x 256 (simulation: ${SIMULATED[i]})`,
          'tok/s',
          SIMULATED[i],
          (rows.find((r) => r.config === benchSizeName(size) && r.kernel === null)?.ours_tokens_per_s as
            | number
            | undefined) ?? null,
        ),
      ),
      notes: [
        `tokens/s = 2,048 tokens x ${steps} timed steps / their wall time, after one untimed step (compiles); each step is forward (keep activations), masked cross-entropy, backward, global-norm clip and AdamW (betas 0.9/0.95, wd 0.1 on matrices, clip 1.0), lr ${TRAIN_LR}.`,
        'losses: the loss of every step, first untimed; the peer columns come from bench/peers/train_torch.py (PyTorch on the CPU, 2 threads) on the same weights (our safetensors) and batch.',
        'kernel rows: GPU ms per dispatch label over one further (profiled) step, timestamp queries with each dispatch in its own pass; share is of the profiled total.',
        "shape rows: the same step's matmuls per kernel and shape (layout M x N x K, x batch): calls, GPU ms, GFLOP/s in the step, and GFLOP/s of the same kernel on that shape alone (random operands, dispatches back to back in one pass, as bench matmul).",
      ],
    };
  },
};
