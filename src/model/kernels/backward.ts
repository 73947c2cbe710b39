// Host side of the backward kernels: shaders/{embedding,rmsnorm,rope,swiglu}_backward.wgsl (attention's
// backward is attentionMatmul.ts).
// One class holds every backward pipeline (compiled in parallel once) and records each op's
// dispatches with its sizes checked against the buffers. Shapes and semantics are in each WGSL
// header; the CPU reference is src/model/referenceBackward.ts.
import embeddingWgsl from '../../../shaders/embedding_backward.wgsl?raw';
import rmsnormWgsl from '../../../shaders/rmsnorm_backward.wgsl?raw';
import ropeWgsl from '../../../shaders/rope_backward.wgsl?raw';
import swigluWgsl from '../../../shaders/swiglu_backward.wgsl?raw';
import type { BufferRef } from '../../gpu/buffers.ts';
import type { GpuContext } from '../../gpu/device.ts';
import {
  type CommandBatch,
  compileKernel,
  gridFor,
  type Kernel,
  requireElements,
} from '../../gpu/dispatch.ts';
import type { Matmul } from '../../gpu/kernels/matmul.ts';
import { type UniformFields, type UniformLayout, uniformLayout } from '../../gpu/uniforms.ts';

const layouts = {
  embedding: uniformLayout('EmbeddingBackwardSizes', { R: 'u32', K: 'u32', V: 'u32' }),
  rmsnorm: uniformLayout('RmsNormBackwardSizes', { R: 'u32', C: 'u32', accumulate: 'u32' }),
  rope: uniformLayout('RopeBackwardSizes', { B: 'u32', T: 'u32', H: 'u32', KV: 'u32', D: 'u32', S: 'u32' }),
  swiglu: uniformLayout('SwigluBackwardSizes', { R: 'u32', F: 'u32' }),
};

/** Per-row kernels run 4 to a workgroup (small grids still reach both SwiftShader threads). */
const ROW_WG = 4;
const ELEMENT_WG = 64;

export interface ChunkShape {
  B: number;
  T: number;
  H: number;
  KV: number;
  /** Even. */
  D: number;
  S: number;
}

type K<F extends UniformFields> = Kernel<F>;

export class BackwardKernels {
  private constructor(
    private readonly matmul: Matmul,
    private readonly k: {
      embedding: K<typeof layouts.embedding.fields>;
      rmsnormDx: K<typeof layouts.rmsnorm.fields>;
      rmsnormDw: K<typeof layouts.rmsnorm.fields>;
      rope: K<typeof layouts.rope.fields>;
      swiglu: K<typeof layouts.swiglu.fields>;
    },
  ) {}

  /** `matmul` records the table gradient of the input gather. */
  static async create(gpu: GpuContext, matmul: Matmul): Promise<BackwardKernels> {
    const compile = <F extends UniformFields>(
      label: string,
      wgsl: string,
      entryPoint: string,
      uniforms: UniformLayout<F>,
      WG: number,
    ) => compileKernel(gpu, { label, wgsl, entryPoint, uniforms, constants: { WG } });
    const [embedding, rmsnormDx, rmsnormDw, rope, swiglu] = await Promise.all([
      compile(
        'embedding.mixtureRows',
        embeddingWgsl,
        'embedding_mixture_rows',
        layouts.embedding,
        ELEMENT_WG,
      ),
      compile('rmsnorm.backwardDx', rmsnormWgsl, 'rmsnorm_backward_dx', layouts.rmsnorm, ROW_WG),
      compile('rmsnorm.backwardDw', rmsnormWgsl, 'rmsnorm_backward_dw', layouts.rmsnorm, ROW_WG),
      compile('rope.backward', ropeWgsl, 'rope_qkv_backward', layouts.rope, ELEMENT_WG),
      compile('swiglu.backward', swigluWgsl, 'swiglu_backward', layouts.swiglu, ELEMENT_WG),
    ]);
    return new BackwardKernels(matmul, {
      embedding,
      rmsnormDx,
      rmsnormDw,
      rope,
      swiglu,
    });
  }

  /**
   * dTable (+)= scatter of weights · dOut into the K rows of each position: the mixtures as a dense
   * [R, V] matrix (`mix`, scratch), then dTable (+)= mixᵀ · dOut.
   */
  async embedding(
    batch: CommandBatch,
    sizes: { R: number; C: number; K: number; V: number; accumulate: boolean },
    b: { indices: BufferRef; weights: BufferRef; dOut: BufferRef; mix: BufferRef; dTable: BufferRef },
  ): Promise<void> {
    const { R, C, K, V } = sizes;
    const label = 'embedding.backward';
    requireElements(label, 'indices', b.indices, R * K);
    requireElements(label, 'weights', b.weights, R * K);
    requireElements(label, 'mix', b.mix, R * V);
    batch.dispatch(this.k.embedding, { R, K, V }, [b.indices, b.weights, b.mix], gridFor(R * V, ELEMENT_WG));
    await this.matmul.encode(
      batch,
      { layout: 'tn', M: V, N: C, K: R, accumulate: sizes.accumulate },
      { a: b.mix, b: b.dOut, c: b.dTable },
    );
  }

  /** dx (+)= (accumulateDx) and dw += (weight gradients always accumulate) of y = rmsnorm(x) * w. */
  rmsnorm(
    batch: CommandBatch,
    sizes: { R: number; C: number; accumulateDx: boolean },
    b: { dy: BufferRef; x: BufferRef; w: BufferRef; rstd: BufferRef; dx: BufferRef; dw: BufferRef },
  ): void {
    const { R, C } = sizes;
    for (const [name, n] of [
      ['dy', R * C],
      ['x', R * C],
      ['w', C],
      ['rstd', R],
      ['dx', R * C],
      ['dw', C],
    ] as const) {
      requireElements('rmsnorm.backward', name, b[name], n);
    }
    const dxUniforms = { R, C, accumulate: sizes.accumulateDx ? 1 : 0 };
    batch.dispatch(this.k.rmsnormDx, dxUniforms, [b.dy, b.x, b.w, b.rstd, b.dx], gridFor(R, ROW_WG));
    // The dw entry point does not read w: its binding is left out of the group.
    batch.dispatch(
      this.k.rmsnormDw,
      { R, C, accumulate: 1 },
      [b.dy, b.x, null, b.rstd, b.dw],
      gridFor(C, ROW_WG),
    );
  }

  /** dqkv (written) from dq and the cache-layout dk, dv. */
  rope(
    batch: CommandBatch,
    shape: ChunkShape,
    b: {
      dq: BufferRef;
      dkCache: BufferRef;
      dvCache: BufferRef;
      seqs: BufferRef;
      cos: BufferRef;
      sin: BufferRef;
      dqkv: BufferRef;
    },
  ): void {
    const { B, T, H, KV, D, S } = shape;
    const rows = B * T;
    const label = 'rope.backward';
    requireElements(label, 'dq', b.dq, rows * H * D);
    requireElements(label, 'dkCache', b.dkCache, B * KV * S * D);
    requireElements(label, 'dvCache', b.dvCache, B * KV * S * D);
    requireElements(label, 'seqs', b.seqs, 2 * B);
    requireElements(label, 'dqkv', b.dqkv, rows * (H + 2 * KV) * D);
    batch.dispatch(
      this.k.rope,
      shape,
      [b.dq, b.dkCache, b.dvCache, b.seqs, b.cos, b.sin, b.dqkv],
      gridFor((rows * (H + 2 * KV) * D) / 2, ELEMENT_WG),
    );
  }

  /** dgu (written) from dh. */
  swiglu(
    batch: CommandBatch,
    sizes: { R: number; F: number },
    b: { gu: BufferRef; dh: BufferRef; dgu: BufferRef },
  ): void {
    const { R, F } = sizes;
    requireElements('swiglu.backward', 'gu', b.gu, R * 2 * F);
    requireElements('swiglu.backward', 'dh', b.dh, R * F);
    requireElements('swiglu.backward', 'dgu', b.dgu, R * 2 * F);
    batch.dispatch(this.k.swiglu, sizes, [b.gu, b.dh, b.dgu], gridFor(R * Math.ceil(F / 4), ELEMENT_WG));
  }
}
