// The Kernels page's model self-check: a seeded random prompt through the loaded model's GPU
// forward and through the CPU reference model, compared logit by logit.
import type { GpuContext } from '../gpu/device.ts';
import { readF32 } from '../gpu/readback.ts';
import { CheckpointError } from '../model/checkpointError.ts';
import { KvCache } from '../model/kvCache.ts';
import { ReferenceKvCache, referenceForward, tokenChunk } from '../model/referenceModel.ts';
import { relativeError } from '../testing/allclose.ts';
import { mulberry32 } from '../testing/random.ts';
import type { LoadedModel } from './modelService.ts';

export interface ModelCheck {
  model: string;
  seed: number;
  /** Tokens in the seeded random prompt. */
  tokens: number;
  /** max |GPU − CPU| / max |CPU| over every logit. */
  relativeError: number;
  bound: number;
  ok: boolean;
  /** The first run, with pipeline compiles, upload and readback. */
  firstGpuMs: number;
  /** A second run of the same prompt, with upload and readback. */
  gpuMs: number;
  cpuMs: number;
}

/** The GPU forward's aim against the CPU reference (transformer.gpu.test.ts states the same). */
const RELATIVE_ERROR_BOUND = 1e-4;

export async function checkModel(gpu: GpuContext, model: LoadedModel, seed: number): Promise<ModelCheck> {
  if (!model.gpu) {
    throw new CheckpointError(
      'The model runs on the CPU rung: there is no GPU forward to check.',
      'This needs WebGPU.',
    );
  }
  const { config } = model;
  const transformer = model.gpu.transformer;
  const next = mulberry32(seed);
  const length = Math.min(24, config.max_position_embeddings);
  const prompt = Array.from({ length }, () => Math.floor(next() * config.vocab_size));
  const input = tokenChunk([prompt], [0], config.pad_token_id);
  const cache = new KvCache(gpu, config, 1);
  try {
    const run = async () => {
      const started = performance.now();
      const acts = await transformer.forward(input, cache);
      const logits = await readF32(gpu, acts.logits, length * config.vocab_size);
      return { logits, ms: performance.now() - started };
    };
    const first = await run();
    const { logits: actual, ms: gpuMs } = await run();
    const cpuStarted = performance.now();
    const expected = referenceForward(config, model.weights, input, new ReferenceKvCache(config, 1)).logits;
    const cpuMs = performance.now() - cpuStarted;
    const error = relativeError(actual, expected);
    return {
      model: model.info.name,
      seed,
      tokens: length,
      relativeError: error,
      bound: RELATIVE_ERROR_BOUND,
      ok: error <= RELATIVE_ERROR_BOUND,
      firstGpuMs: first.ms,
      gpuMs,
      cpuMs,
    };
  } finally {
    cache.destroy();
  }
}
