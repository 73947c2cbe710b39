// Kernels and the one way to run them. A kernel is a WGSL entry point plus the typed layout of its
// uniform struct of sizes (binding 0; storage buffers follow at bindings 1..n). A CommandBatch
// records many dispatches and submits them as one command buffer: their uniforms are packed into
// one arena buffer at aligned offsets and uploaded with a single write, so a whole forward pass
// costs one submit and no syncs.
import { BindGroupCache } from './bindGroups.ts';
import { type BufferRef, labelOf } from './buffers.ts';
import type { GpuContext } from './device.ts';
import { KernelArgumentError } from './errors.ts';
import type { DispatchWork, Profiler } from './profiler.ts';
import { assertMatchesWgsl, type UniformFields, type UniformLayout, type UniformValues } from './uniforms.ts';

export interface KernelDefinition<F extends UniformFields> {
  /** `family.variant`, e.g. `matmul.nt`; names the pipeline in errors and profiles. */
  label: string;
  wgsl: string;
  entryPoint: string;
  uniforms: UniformLayout<F>;
  /** Values for the WGSL `override` constants. */
  constants?: Record<string, number>;
}

export interface Kernel<F extends UniformFields> {
  definition: KernelDefinition<F>;
  pipeline: GPUComputePipeline;
  compileMs: number;
}

export async function compileKernel<F extends UniformFields>(
  gpu: GpuContext,
  definition: KernelDefinition<F>,
): Promise<Kernel<F>> {
  assertMatchesWgsl(definition.uniforms as UniformLayout<UniformFields>, definition.wgsl);
  const compiled = await gpu.pipelines.get(definition);
  return { definition, pipeline: compiled.pipeline, compileMs: compiled.compileMs };
}

export type Workgroups = readonly [number, number?, number?];

interface RecordedDispatch {
  kind: 'dispatch';
  kernel: Kernel<UniformFields>;
  uniformOffset: number;
  buffers: readonly (BufferRef | null)[];
  workgroups: [number, number, number];
  work?: DispatchWork;
}

interface RecordedClear {
  kind: 'clear';
  buffer: GPUBuffer;
}

interface RecordedCopy {
  kind: 'copy';
  source: GPUBuffer;
  sourceOffset: number;
  destination: GPUBuffer;
  destinationOffset: number;
  size: number;
}

/** Bind groups per device, reused by every batch (bindGroups.ts). */
const bindGroupCaches = new WeakMap<GPUDevice, BindGroupCache>();

function bindGroupsOf(device: GPUDevice): BindGroupCache {
  let cache = bindGroupCaches.get(device);
  if (!cache) {
    cache = new BindGroupCache(device);
    bindGroupCaches.set(device, cache);
  }
  return cache;
}

/** One uniform buffer per device, reused by every batch; queue order makes rewriting it safe. */
const arenas = new WeakMap<GPUDevice, { buffer: GPUBuffer; size: number }>();

function uniformArena(gpu: GpuContext, size: number): GPUBuffer {
  const existing = arenas.get(gpu.device);
  if (existing && existing.size >= size) return existing.buffer;
  if (existing) gpu.buffers.destroy(existing.buffer);
  const grown = Math.max(size, (existing?.size ?? 0) * 2, 64 * 1024);
  const buffer = gpu.buffers.create(
    'dispatch.uniformArena',
    grown,
    GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  );
  arenas.set(gpu.device, { buffer, size: grown });
  return buffer;
}

export class CommandBatch {
  private readonly dispatches: (RecordedDispatch | RecordedCopy | RecordedClear)[] = [];
  private uniformBytes = new ArrayBuffer(4096);
  private uniformEnd = 0;
  private readonly alignment: number;

  /**
   * With a profiler, `timing` says what one timestamp pair brackets: 'dispatch' puts every
   * dispatch in its own pass (per-kernel times, ~0.01-0.1 ms more each on SwiftShader);
   * 'pass' keeps back-to-back dispatches in one pass and times the pass as a whole.
   */
  constructor(
    private readonly gpu: GpuContext,
    private readonly label: string,
    private readonly profiler?: Profiler,
    private readonly timing: 'dispatch' | 'pass' = 'dispatch',
  ) {
    this.alignment = gpu.device.limits.minUniformBufferOffsetAlignment;
  }

  get length(): number {
    return this.dispatches.length;
  }

  /**
   * Records one dispatch: `buffers[i]` (a buffer or a slice of one) is bound at binding i + 1; a
   * null leaves that binding out, for entry points that share a module's numbering but not all of
   * its variables. `work` names the problem solved, for the profiler's per-shape rates.
   */
  dispatch<F extends UniformFields>(
    kernel: Kernel<F>,
    uniforms: UniformValues<F>,
    buffers: readonly (BufferRef | null)[],
    workgroups: Workgroups,
    work?: DispatchWork,
  ): void {
    const [x, y = 1, z = 1] = workgroups;
    const max = this.gpu.device.limits.maxComputeWorkgroupsPerDimension;
    for (const count of [x, y, z]) {
      if (!Number.isInteger(count) || count < 0 || count > max) {
        throw new KernelArgumentError(kernel.definition.label, `workgroup count ${count} outside 0..${max}`);
      }
    }
    const layout = kernel.definition.uniforms;
    const offset = this.uniformEnd;
    this.reserveUniforms(offset + layout.byteLength);
    layout.pack(uniforms, new DataView(this.uniformBytes), offset);
    this.uniformEnd = offset + Math.ceil(layout.byteLength / this.alignment) * this.alignment;
    this.dispatches.push({
      kind: 'dispatch',
      kernel: kernel as unknown as Kernel<UniformFields>,
      uniformOffset: offset,
      buffers,
      workgroups: [x, y, z],
      work,
    });
  }

  /** Records a buffer-to-buffer copy (byte offsets and size, multiples of 4) in dispatch order. */
  copy(
    source: GPUBuffer,
    sourceOffset: number,
    destination: GPUBuffer,
    destinationOffset: number,
    size: number,
  ): void {
    for (const [name, value] of Object.entries({ sourceOffset, destinationOffset, size })) {
      if (!Number.isInteger(value) || value < 0 || value % 4 !== 0) {
        throw new KernelArgumentError(
          'batch.copy',
          `${name} = ${value} must be a non-negative multiple of 4`,
        );
      }
    }
    if (sourceOffset + size > source.size || destinationOffset + size > destination.size) {
      throw new KernelArgumentError(
        'batch.copy',
        `copy of ${size} bytes from ${source.label}@${sourceOffset} to ${destination.label}@${destinationOffset} ` +
          `runs past a buffer (${source.size} and ${destination.size} bytes)`,
      );
    }
    this.dispatches.push({ kind: 'copy', source, sourceOffset, destination, destinationOffset, size });
  }

  /** Records zeroing a whole buffer (e.g. a gradient pool before a step), in dispatch order. */
  clear(buffer: GPUBuffer): void {
    this.dispatches.push({ kind: 'clear', buffer });
  }

  /** Encodes every recorded dispatch, copy and clear into one command buffer and submits it. Does not wait. */
  submit(): void {
    if (this.gpu.lost) throw this.gpu.lost;
    const { device } = this.gpu;
    const arena = uniformArena(this.gpu, Math.max(this.uniformEnd, 16));
    device.queue.writeBuffer(arena, 0, this.uniformBytes, 0, this.uniformEnd);
    const encoder = device.createCommandEncoder({ label: `${this.label}.encoder` });
    let pass: GPUComputePassEncoder | null = null;
    for (const d of this.dispatches) {
      if (d.kind === 'copy' || d.kind === 'clear') {
        pass?.end();
        pass = null;
        if (d.kind === 'clear') encoder.clearBuffer(d.buffer);
        else if (d.size > 0)
          encoder.copyBufferToBuffer(d.source, d.sourceOffset, d.destination, d.destinationOffset, d.size);
        continue;
      }
      if (this.profiler && this.timing === 'pass') {
        pass ??= encoder.beginComputePass({
          label: `${this.label}.pass`,
          timestampWrites: this.profiler.slot({
            label: this.label,
            file: shaderFile(d.kernel.definition.wgsl),
            entryPoint: d.kernel.definition.entryPoint,
          }),
        });
      } else if (this.profiler) {
        pass = encoder.beginComputePass({
          label: d.kernel.definition.label,
          timestampWrites: this.profiler.slot({
            label: d.kernel.definition.label,
            file: shaderFile(d.kernel.definition.wgsl),
            entryPoint: d.kernel.definition.entryPoint,
            work: d.work,
          }),
        });
      } else if (!pass) {
        pass = encoder.beginComputePass({ label: `${this.label}.pass` });
      }
      const uniforms = {
        buffer: arena,
        offset: d.uniformOffset,
        size: d.kernel.definition.uniforms.byteLength,
      };
      const bindGroup = bindGroupsOf(device).get(
        d.kernel.pipeline,
        d.kernel.definition.label,
        uniforms,
        d.buffers,
      );
      pass.setPipeline(d.kernel.pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(...d.workgroups);
      if (this.profiler && this.timing === 'dispatch') {
        pass.end();
        pass = null;
      }
    }
    pass?.end();
    this.profiler?.resolve(encoder);
    device.queue.submit([encoder.finish()]);
    this.dispatches.length = 0;
    this.uniformEnd = 0;
  }

  private reserveUniforms(bytes: number): void {
    if (bytes <= this.uniformBytes.byteLength) return;
    const grown = new ArrayBuffer(Math.max(bytes, this.uniformBytes.byteLength * 2));
    new Uint8Array(grown).set(new Uint8Array(this.uniformBytes, 0, this.uniformEnd));
    this.uniformBytes = grown;
  }
}

/** The shader file a kernel's WGSL comes from: every file opens with `// <name>.wgsl: …`. */
export function shaderFile(wgsl: string): string {
  return /^\/\/ ([\w-]+\.wgsl)/.exec(wgsl)?.[1] ?? 'unknown.wgsl';
}

/** Workgroups needed to cover `n` items with `perGroup` items each. */
export function groupsFor(n: number, perGroup: number): number {
  return Math.ceil(n / perGroup);
}

/**
 * Workgroups covering `items` items, `perGroup` per workgroup, spread over x and y because one
 * dimension holds at most 65535; kernels index item = x + y * (x workgroups) * perGroup and guard.
 */
export function gridFor(items: number, perGroup: number, z = 1): Workgroups {
  const groups = Math.max(1, groupsFor(items, perGroup));
  const x = Math.min(groups, 65535);
  return [x, Math.ceil(groups / x), z];
}

/** Throws a KernelArgumentError unless `ref` holds `elements` 4-byte values. */
export function requireElements(kernel: string, name: string, ref: BufferRef, elements: number): void {
  if (ref.size < 4 * elements) {
    throw new KernelArgumentError(
      kernel,
      `buffer ${name} (${labelOf(ref)}) has ${ref.size} bytes, needs ${4 * elements}`,
    );
  }
}
