// Bind groups, made once per (pipeline, uniform slot, bound buffers) and then reused: a training
// step or a decode submit repeats the same dispatches on the same buffers, and creating a bind
// group (and asking the pipeline for its layout) for every dispatch of every submit costs CPU time
// that SwiftShader's compute threads share. Bounded per pipeline, least recently used out, since
// buffers come and go: a destroyed buffer's groups are never asked for again (a new buffer is a
// new object, with a new id) and age out.
import { type BufferRef, isSlice } from './buffers.ts';

/** Groups kept per pipeline; a 16-token decode submit of the 6-layer model binds ~700. */
export const BIND_GROUPS_PER_PIPELINE = 2048;

const ids = new WeakMap<GPUBuffer, number>();
let nextId = 1;

function idOf(buffer: GPUBuffer): number {
  let id = ids.get(buffer);
  if (id === undefined) {
    id = nextId++;
    ids.set(buffer, id);
  }
  return id;
}

/** What a bind group binds, as a key: buffer ids with each slice's range. */
export function bindingKey(uniforms: GPUBufferBinding, buffers: readonly (BufferRef | null)[]): string {
  const part = (ref: BufferRef | null) => {
    if (!ref) return '-';
    return isSlice(ref) ? `${idOf(ref.buffer)}@${ref.offset}+${ref.size}` : String(idOf(ref));
  };
  return `${idOf(uniforms.buffer)}@${uniforms.offset}+${uniforms.size}|${buffers.map(part).join('|')}`;
}

export class BindGroupCache {
  private readonly groups = new WeakMap<
    GPUComputePipeline,
    { layout: GPUBindGroupLayout; byKey: Map<string, GPUBindGroup> }
  >();

  constructor(
    private readonly device: GPUDevice,
    private readonly capacity = BIND_GROUPS_PER_PIPELINE,
  ) {}

  /** The bind group of `uniforms` at binding 0 and `buffers[i]` at binding i + 1 (null: unbound). */
  get(
    pipeline: GPUComputePipeline,
    label: string,
    uniforms: GPUBufferBinding,
    buffers: readonly (BufferRef | null)[],
  ): GPUBindGroup {
    let forPipeline = this.groups.get(pipeline);
    if (!forPipeline) {
      forPipeline = { layout: pipeline.getBindGroupLayout(0), byKey: new Map() };
      this.groups.set(pipeline, forPipeline);
    }
    const key = bindingKey(uniforms, buffers);
    const { byKey } = forPipeline;
    const found = byKey.get(key);
    if (found) {
      byKey.delete(key);
      byKey.set(key, found);
      return found;
    }
    const group = this.device.createBindGroup({
      label: `${label}.bindGroup`,
      layout: forPipeline.layout,
      entries: [
        { binding: 0, resource: uniforms },
        ...buffers.flatMap((ref, i) =>
          ref ? [{ binding: i + 1, resource: isSlice(ref) ? ref : { buffer: ref } }] : [],
        ),
      ],
    });
    byKey.set(key, group);
    if (byKey.size > this.capacity) byKey.delete(byKey.keys().next().value as string);
    return group;
  }
}
