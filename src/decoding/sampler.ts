// Host side of shaders/sample.wgsl and shaders/crowding.wgsl: one sampling step for every sequence
// of a batch, on the GPU — ranking with temperature, top-k, top-p and min-p (rank_step), then
// CraEG's crowding reweighting or only its measurement when asked (craeg_step), then the seeded
// draw, the records and the state update (draw_step). Three dispatches, no readback.
import crowdingWgsl from '../../shaders/crowding.wgsl?raw';
import rngWgsl from '../../shaders/rng.wgsl?raw';
import sampleWgsl from '../../shaders/sample.wgsl?raw';
import type { BufferRef } from '../gpu/buffers.ts';
import type { GpuContext } from '../gpu/device.ts';
import { type CommandBatch, compileKernel, gridFor, type Kernel, requireElements } from '../gpu/dispatch.ts';
import { KernelArgumentError } from '../gpu/errors.ts';
import { uniformLayout } from '../gpu/uniforms.ts';
import { MAX_CROWDING_CANDIDATES } from './crowdingReference.ts';
import type { SamplingParams } from './samplerReference.ts';

/** The largest vocabulary the sampler takes (the dist buffer is sized by V, any V works). */
export const MAX_VOCAB = 1 << 16;

/** Floats the crowding record holds per step: C_t, λ_t, n, then c_v of 32 candidate ranks. */
export const CROWDING_RECORD = 3 + MAX_CROWDING_CANDIDATES;

/** Stage snapshots per step: raw, temperature, truncated, final. */
export const STAGES = ['raw', 'temperature', 'truncation', 'final'] as const;

const sampleUniforms = uniformLayout('SampleSizes', {
  N: 'u32',
  V: 'u32',
  temperature: 'f32',
  topK: 'u32',
  topP: 'f32',
  minP: 'f32',
  seed: 'u32',
  maxNew: 'u32',
  eos: 'u32',
  S: 'u32',
  C: 'u32',
  logSoftmax: 'u32',
  stages: 'u32',
});

const crowdingUniforms = uniformLayout('CrowdingSizes', {
  N: 'u32',
  V: 'u32',
  d: 'u32',
  epsilon: 'f32',
  tau: 'f32',
  kappa: 'f32',
  delta: 'f32',
  nonlinear: 'u32',
  reweight: 'u32',
  maxNew: 'u32',
  record: 'u32',
});

/** Crowding uniforms with nothing switched on (each dispatch overrides what it uses). */
const IDLE_CROWDING = {
  N: 0,
  V: 0,
  d: 0,
  epsilon: 0,
  tau: 0,
  kappa: 0,
  delta: 0,
  nonlinear: 0,
  reweight: 0,
  maxNew: 0,
  record: 0,
};

/** Status codes of the state buffer (sample.wgsl). */
export const STATUS = {
  running: 0,
  eos: 1,
  length: 2,
  context: 3,
  stopped: 4,
  nonFinite: 5,
  held: 6,
} as const;

export interface SampleStep extends SamplingParams {
  N: number;
  V: number;
  seed: number;
  /** Record slots per row: a row draws at most maxNew times (its `generated` count indexes them). */
  maxNew: number;
  eos: number;
  /** Positions of the model (KV-cache capacity). */
  S: number;
  /** Top candidates to record per step (0: none). */
  candidates: number;
  logSoftmax: boolean;
  /** Record the stage snapshots of the top candidates (needs candidates > 0). */
  stages?: boolean;
  /** Record crowding per step (also without CraEG: then it only measures). */
  crowding?: boolean;
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
  /** u32 [N, V, 2]: the processed distribution by rank (scratch between the stages) */
  dist: GPUBuffer;
  /** u32 [N]: ranks kept by truncation */
  kept: GPUBuffer;
  /** u32 [N, maxNew, C, 3], when candidates > 0 */
  candidates?: GPUBuffer;
  /** f32 [N, maxNew, V], when logSoftmax */
  rawLogSoftmax?: GPUBuffer;
  /** f32 [N, maxNew, 4, C], when stages */
  stages?: GPUBuffer;
  /** f32 [N, maxNew, CROWDING_RECORD], when crowding */
  crowding?: GPUBuffer;
  /** f32 [V, V]: encodeSimilarity's table, when CraEG or crowding runs */
  similarity?: BufferRef;
}

type Optional = 'candidates' | 'rawLogSoftmax' | 'stages' | 'crowding';

type SampleKernel = Kernel<typeof sampleUniforms.fields>;

export class Sampler {
  private crowdingKernels: Record<'step' | 'table', Kernel<typeof crowdingUniforms.fields>> | null = null;

  private constructor(
    private readonly rank: SampleKernel,
    private readonly draw: SampleKernel,
    /** Bound in place of optional outputs: one each, since writable bindings may not alias. */
    private readonly dummies: Record<Optional, GPUBuffer>,
    private readonly gpu: GpuContext,
  ) {}

  static async create(gpu: GpuContext): Promise<Sampler> {
    const kernel = (entryPoint: string) =>
      compileKernel(gpu, {
        label: `sample.${entryPoint}`,
        wgsl: `${sampleWgsl}\n${rngWgsl}`,
        entryPoint,
        uniforms: sampleUniforms,
      });
    const [rank, draw] = await Promise.all([kernel('rank_step'), kernel('draw_step')]);
    const dummy = (name: string) => gpu.buffers.create(`sample.no${name}`, 16);
    return new Sampler(
      rank,
      draw,
      {
        candidates: dummy('Candidates'),
        rawLogSoftmax: dummy('LogSoftmax'),
        stages: dummy('Stages'),
        crowding: dummy('Crowding'),
      },
      gpu,
    );
  }

  /** Compiles the crowding kernel (once) before a generation that uses CraEG or measures crowding. */
  async prepareCrowding(): Promise<void> {
    const kernel = (entryPoint: string) =>
      compileKernel(this.gpu, {
        label: `crowding.${entryPoint}`,
        wgsl: crowdingWgsl,
        entryPoint,
        uniforms: crowdingUniforms,
      });
    if (!this.crowdingKernels) {
      const [step, table] = await Promise.all([kernel('craeg_step'), kernel('similarity_table')]);
      this.crowdingKernels = { step, table };
    }
  }

  /**
   * Fills `similarity` (f32 [V, V]) with max(0, cos) of every pair of embedding rows: once per
   * generation, before the first step that uses CraEG or measures crowding.
   */
  encodeSimilarity(
    batch: CommandBatch,
    embedding: { table: BufferRef; d: number },
    similarity: BufferRef,
    V: number,
  ): void {
    const label = 'crowding.similarity_table';
    if (!this.crowdingKernels) throw new KernelArgumentError(label, 'call prepareCrowding() first');
    requireElements(label, 'embedding', embedding.table, V * embedding.d);
    requireElements(label, 'similarity', similarity, V * V);
    batch.dispatch(
      this.crowdingKernels.table,
      { ...IDLE_CROWDING, V, d: embedding.d },
      [null, null, null, embedding.table, null, similarity],
      gridFor(V * V, 64),
    );
  }

  encode(batch: CommandBatch, step: SampleStep, b: SamplerBuffers): void {
    const { N, V, maxNew, candidates: C } = step;
    const label = 'sample.step';
    if (V > MAX_VOCAB) throw new KernelArgumentError(label, `vocabulary ${V} exceeds ${MAX_VOCAB}`);
    requireElements(label, 'logitRows', b.logitRows, N);
    requireElements(label, 'state', b.state, 4 * N);
    requireElements(label, 'seqs', b.seqs, 2 * N);
    requireElements(label, 'next', b.next, N);
    requireElements(label, 'record', b.record, 3 * N * maxNew);
    requireElements(label, 'dist', b.dist, 2 * N * V);
    requireElements(label, 'kept', b.kept, N);
    const optional = (name: Optional, on: boolean, elements: number) => {
      if (!on) return this.dummies[name];
      const buffer = b[name];
      if (!buffer) throw new KernelArgumentError(label, `the requested ${name} output has no buffer`);
      requireElements(label, name, buffer, elements);
      return buffer;
    };
    const stagesOn = (step.stages ?? false) && C > 0;
    const candidates = optional('candidates', C > 0, 3 * N * maxNew * C);
    const rawLogSoftmax = optional('rawLogSoftmax', step.logSoftmax, N * maxNew * V);
    const stages = optional('stages', stagesOn, 4 * N * maxNew * C);
    const sizes = {
      N,
      V,
      temperature: step.temperature,
      topK: step.topK,
      topP: step.topP,
      minP: step.minP ?? 0,
      seed: step.seed >>> 0,
      maxNew,
      eos: step.eos,
      S: step.S,
      C,
      logSoftmax: step.logSoftmax ? 1 : 0,
      stages: stagesOn ? 1 : 0,
    };
    const grid = gridFor(N, 1);
    batch.dispatch(
      this.rank,
      sizes,
      [b.logits, b.logitRows, b.state, b.seqs, null, null, candidates, rawLogSoftmax, b.dist, b.kept, stages],
      grid,
    );
    if (step.craeg || step.crowding) this.encodeCrowding(batch, step, b);
    batch.dispatch(
      this.draw,
      sizes,
      [null, null, b.state, b.seqs, b.next, b.record, candidates, null, b.dist, b.kept, stages],
      grid,
    );
  }

  private encodeCrowding(batch: CommandBatch, step: SampleStep, b: SamplerBuffers): void {
    const label = 'crowding.craeg_step';
    const kernel = this.crowdingKernels?.step;
    if (!kernel) throw new KernelArgumentError(label, 'call prepareCrowding() first');
    if (!b.similarity) throw new KernelArgumentError(label, 'crowding needs the similarity table');
    requireElements(label, 'similarity', b.similarity, step.V * step.V);
    const params = step.craeg ?? null;
    const measure = step.crowding ?? false;
    const record = measure ? b.crowding : this.dummies.crowding;
    if (!record) throw new KernelArgumentError(label, 'the requested crowding output has no buffer');
    if (measure) requireElements(label, 'crowding', record, step.N * step.maxNew * CROWDING_RECORD);
    const p = params ?? { epsilon: 0, tau: 0, kappa: 0, delta: 0, weighting: 'linear' as const };
    batch.dispatch(
      kernel,
      {
        ...IDLE_CROWDING,
        N: step.N,
        V: step.V,
        epsilon: p.epsilon,
        tau: p.tau,
        kappa: p.kappa,
        delta: p.delta,
        nonlinear: p.weighting === 'nonlinear' ? 1 : 0,
        reweight: params ? 1 : 0,
        maxNew: step.maxNew,
        record: measure ? 1 : 0,
      },
      [b.state, b.dist, b.kept, null, record, b.similarity],
      gridFor(step.N, 1),
    );
  }

  destroy(): void {
    for (const dummy of Object.values(this.dummies)) this.gpu.buffers.destroy(dummy);
  }
}
