// Host side of shaders/sample.wgsl: one sampling step for every sequence of a batch, on the GPU —
// ranking, temperature, top-k, top-p, the seeded draw, the records and the state update.
import rngWgsl from '../../shaders/rng.wgsl?raw';
import sampleWgsl from '../../shaders/sample.wgsl?raw';
import type { GpuContext } from '../gpu/device.ts';
import { type CommandBatch, compileKernel, gridFor, type Kernel, requireElements } from '../gpu/dispatch.ts';
import { KernelArgumentError } from '../gpu/errors.ts';
import { uniformLayout } from '../gpu/uniforms.ts';
import type { SamplingParams } from './samplerReference.ts';

/** The sort's capacity: vocabularies up to this size. */
export const MAX_VOCAB = 1024;

const uniforms = uniformLayout('SampleSizes', {
  N: 'u32',
  V: 'u32',
  temperature: 'f32',
  topK: 'u32',
  topP: 'f32',
  seed: 'u32',
  step: 'u32',
  maxNew: 'u32',
  eos: 'u32',
  S: 'u32',
  C: 'u32',
  logSoftmax: 'u32',
});

/** Status codes of the state buffer (sample.wgsl). */
export const STATUS = { running: 0, eos: 1, length: 2, context: 3, stopped: 4, nonFinite: 5 } as const;

export interface SampleStep extends SamplingParams {
  N: number;
  V: number;
  seed: number;
  step: number;
  maxNew: number;
  eos: number;
  /** Positions of the model (KV-cache capacity). */
  S: number;
  /** Top candidates to record per step (0: none). */
  candidates: number;
  logSoftmax: boolean;
}

export interface SamplerBuffers {
  /** [*, V] */
  logits: GPUBuffer;
  /** u32 [N]: the logits row each sequence samples from */
  logitRows: GPUBuffer;
  /** u32 [N, 4]: (rng sequence, status, generated, next position) */
  state: GPUBuffer;
  /** u32 [N, 2]: the next decode chunk's (offset, count) */
  seqs: GPUBuffer;
  /** u32 [N]: the next decode chunk's input token */
  next: GPUBuffer;
  /** u32 [N, maxNew, 3] */
  record: GPUBuffer;
  /** u32 [N, maxNew, C, 3], when candidates > 0 */
  candidates?: GPUBuffer;
  /** f32 [N, maxNew, V], when logSoftmax */
  rawLogSoftmax?: GPUBuffer;
}

export class Sampler {
  private constructor(
    private readonly kernel: Kernel<typeof uniforms.fields>,
    /** Bound in place of the optional outputs: two, since writable bindings may not alias. */
    private readonly dummies: [GPUBuffer, GPUBuffer],
    private readonly gpu: GpuContext,
  ) {}

  static async create(gpu: GpuContext): Promise<Sampler> {
    const kernel = await compileKernel(gpu, {
      label: 'sample.step',
      wgsl: `${sampleWgsl}\n${rngWgsl}`,
      entryPoint: 'sample_step',
      uniforms,
      constants: { MAX_V: MAX_VOCAB },
    });
    const dummy = (name: string) => gpu.buffers.create(`sample.${name}`, 16);
    return new Sampler(kernel, [dummy('noCandidates'), dummy('noLogSoftmax')], gpu);
  }

  encode(batch: CommandBatch, step: SampleStep, b: SamplerBuffers): void {
    const { N, V, maxNew, candidates: C } = step;
    const label = 'sample.step';
    if (V > MAX_VOCAB)
      throw new KernelArgumentError(label, `vocabulary ${V} exceeds the sort's ${MAX_VOCAB}`);
    if (step.step >= maxNew) throw new KernelArgumentError(label, `step ${step.step} >= maxNew ${maxNew}`);
    requireElements(label, 'logitRows', b.logitRows, N);
    requireElements(label, 'state', b.state, 4 * N);
    requireElements(label, 'seqs', b.seqs, 2 * N);
    requireElements(label, 'next', b.next, N);
    requireElements(label, 'record', b.record, 3 * N * maxNew);
    const candidates = C > 0 ? b.candidates : this.dummies[0];
    const rawLogSoftmax = step.logSoftmax ? b.rawLogSoftmax : this.dummies[1];
    if (!candidates || !rawLogSoftmax)
      throw new KernelArgumentError(label, 'a requested output has no buffer');
    if (C > 0) requireElements(label, 'candidates', candidates, 3 * N * maxNew * C);
    if (step.logSoftmax) requireElements(label, 'rawLogSoftmax', rawLogSoftmax, N * maxNew * V);
    batch.dispatch(
      this.kernel,
      {
        N,
        V,
        temperature: step.temperature,
        topK: step.topK,
        topP: step.topP,
        seed: step.seed >>> 0,
        step: step.step,
        maxNew,
        eos: step.eos,
        S: step.S,
        C,
        logSoftmax: step.logSoftmax ? 1 : 0,
      },
      [b.logits, b.logitRows, b.state, b.seqs, b.next, b.record, candidates, rawLogSoftmax],
      gridFor(N, 1),
    );
  }

  destroy(): void {
    for (const dummy of this.dummies) this.gpu.buffers.destroy(dummy);
  }
}
