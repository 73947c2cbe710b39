// Where the time of one step goes, kernel by kernel, from timestamp queries: the forward of one
// batch-1 decode step of the loaded model (sampling excluded), and one training step (forward,
// backward, AdamW) of the same model on a seeded random batch. Each entry names its WGSL file and
// entry point, with its start and duration on the GPU timeline. Without 'timestamp-query' it
// says so and measures nothing.
import { trainBenchBatch } from '../bench/trainData.ts';
import type { GpuContext } from '../gpu/device.ts';
import { CommandBatch } from '../gpu/dispatch.ts';
import { type ProfileEntry, Profiler } from '../gpu/profiler.ts';
import { KvCache } from '../model/kvCache.ts';
import { tokenChunk } from '../model/referenceModel.ts';
import { GpuTransformer } from '../model/transformer.ts';
import { DEFAULT_ADAMW } from '../train/optimizerReference.ts';
import { TrainStep } from '../train/trainStep.ts';
import type { LoadedModel } from './modelService.ts';

export interface StepProfiles {
  /** False when the adapter has no timestamp queries: then both lists are empty. */
  supported: boolean;
  model: string;
  decode: ProfileEntry[];
  train: ProfileEntry[];
  /** e.g. "4 x 64 positions". */
  trainBatch: string;
}

const PROMPT = 8;

export async function profileSteps(gpu: GpuContext, loaded: LoadedModel): Promise<StepProfiles> {
  const empty = { model: loaded.info.name, decode: [], train: [], trainBatch: '' };
  if (!Profiler.isSupported(gpu) || !loaded.gpu) return { supported: false, ...empty };
  const { transformer } = loaded.gpu;
  const profiler = new Profiler(gpu, 2048);
  const cache = new KvCache(gpu, loaded.config, 1);
  try {
    await transformer.forward(tokenChunk([Array.from({ length: PROMPT }, (_, t) => 40 + t)], [0], 2), cache);
    await transformer.forward(tokenChunk([[40]], [PROMPT], loaded.config.pad_token_id), cache);
    const acts = transformer.activations({ B: 1, T: 1, K: 1, keep: false });
    const batch = new CommandBatch(gpu, 'profile.decode', profiler);
    await transformer.encodeForward(batch, acts, cache);
    batch.submit();
    const decode = await profiler.read();

    const T = Math.min(64, loaded.config.max_position_embeddings);
    const B = 4;
    const copy = await GpuTransformer.create(gpu, loaded.config, loaded.weights);
    const trainer = await TrainStep.create(gpu, copy, DEFAULT_ADAMW);
    try {
      const micro = [trainBenchBatch(1, B, T, loaded.config.vocab_size)];
      await trainer.step(micro, 1e-4);
      await trainer.step(micro, 1e-4, { profiler });
      const train = await profiler.read();
      return { supported: true, model: loaded.info.name, decode, train, trainBatch: `${B} x ${T} positions` };
    } finally {
      trainer.destroy();
      copy.destroy();
    }
  } finally {
    cache.destroy();
    profiler.destroy();
  }
}
