// The model with its sampling kernels, ready to generate: it opens step-level generation sessions
// (session.ts) and runs generate(), the batch case, as a driver over one (generationDriver.ts):
// B prompts of different lengths are prefilled in one chunk, each prompt's KV cache is copied into
// the rows of its G samples, then every step decodes all N = B*G rows with the sampling on the
// GPU, reading back every `syncEvery` steps to stream tokens, apply stop strings and cancellation.
// The CPU reference of this loop is generateReference.ts; both draw the same random numbers.
import type { GpuContext } from '../gpu/device.ts';
import type { GpuTransformer } from '../model/transformer.ts';
import type { GenerateRequest, GenerationResult } from './generation.ts';
import { driveGeneration, sessionOptions } from './generationDriver.ts';
import { Multiplexer } from './multiplex.ts';
import { Sampler } from './sampler.ts';
import { GenerationSession } from './session.ts';
import type { SessionOptions } from './sessionTypes.ts';

/** A model with its sampling pipeline, ready to generate. */
export class Generator {
  private multiplexer: Promise<Multiplexer> | null = null;

  private constructor(
    private readonly gpu: GpuContext,
    readonly model: GpuTransformer,
    private readonly sampler: Sampler,
  ) {}

  static async create(gpu: GpuContext, model: GpuTransformer): Promise<Generator> {
    return new Generator(gpu, model, await Sampler.create(gpu));
  }

  destroy(): void {
    this.sampler.destroy();
  }

  /** A generation session over this model; the caller destroys it. @throws RangeError for a bad option */
  async openSession(options: SessionOptions): Promise<GenerationSession> {
    if (options.multiplex) this.multiplexer ??= Multiplexer.create(this.gpu);
    const multiplexer = options.multiplex ? await this.multiplexer : null;
    return GenerationSession.create(this.gpu, this.model, { sampler: this.sampler, multiplexer }, options);
  }

  /** @throws RangeError naming what is wrong with the request */
  async generate(request: GenerateRequest): Promise<GenerationResult> {
    const session = await this.openSession(sessionOptions(request, this.model.config));
    try {
      return await driveGeneration(session, request, this.model.config);
    } finally {
      session.destroy();
    }
  }
}
