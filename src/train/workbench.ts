// What a method holds of the GPU: the engine (or the bench) makes a Workbench from its device and
// hands it to a method's jobs and scenarios, which build their GPU objects through it (weights on
// the GPU, a generator, a trainer, a GRPO job) without seeing a device, buffer or pipeline (design
// §2: methods never import gpu/). Each object it returns is the caller's to destroy.
import { Generator } from '../decoding/generate.ts';
import type { GpuContext } from '../gpu/device.ts';
import type { LlamaConfig } from '../model/config.ts';
import type { ModelWeights } from '../model/parameters.ts';
import { GpuTransformer } from '../model/transformer.ts';
import { createGrpoJob, type GrpoCoreSettings, type GrpoJob, type GrpoTask } from './grpo/grpoJob.ts';
import type { GrpoCheckpoint, GrpoHooks } from './grpo/grpoRun.ts';
import type { AdamWSettings } from './optimizerReference.ts';
import { TrainStep } from './trainStep.ts';

export class Workbench {
  constructor(private readonly gpu: GpuContext) {}

  /** The weights on the GPU, ready for forward passes, generation and training. */
  model(config: LlamaConfig, weights: ModelWeights): Promise<GpuTransformer> {
    return GpuTransformer.create(this.gpu, config, weights);
  }

  /** The one generation loop over `model`. */
  generator(model: GpuTransformer): Promise<Generator> {
    return Generator.create(this.gpu, model);
  }

  /** Forward, backward and AdamW over `model`'s weights (train/trainStep.ts). */
  trainStep(model: GpuTransformer, adamw: AdamWSettings): Promise<TrainStep> {
    return TrainStep.create(this.gpu, model, adamw);
  }

  /** A GRPO job from `start` on `task` (train/grpo/grpoJob.ts). */
  grpoJob(
    config: LlamaConfig,
    start: ModelWeights,
    settings: GrpoCoreSettings,
    task: GrpoTask,
    hooks?: GrpoHooks,
    resume?: { checkpoint: GrpoCheckpoint; reference: ModelWeights },
  ): Promise<GrpoJob> {
    return createGrpoJob(this.gpu, config, start, settings, task, hooks, resume);
  }
}
