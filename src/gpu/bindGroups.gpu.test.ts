import { afterEach, describe, expect, it } from 'vitest';
import { expectNoGpuErrors, testGpu } from '../testing/gpu.ts';
import { BindGroupCache, bindingKey } from './bindGroups.ts';
import { CommandBatch, compileKernel } from './dispatch.ts';
import { readF32 } from './readback.ts';
import { uniformLayout } from './uniforms.ts';

afterEach(expectNoGpuErrors);

const ADD_WGSL = /* wgsl */ `
struct AddSizes { n: u32, value: f32, }
@group(0) @binding(0) var<uniform> s: AddSizes;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@compute @workgroup_size(64)
fn add(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= s.n) { return; }
  x[gid.x] = x[gid.x] + s.value;
}`;
const addUniforms = uniformLayout('AddSizes', { n: 'u32', value: 'f32' });

async function addKernel() {
  const gpu = await testGpu();
  return {
    gpu,
    kernel: await compileKernel(gpu, {
      label: 'test.add',
      wgsl: ADD_WGSL,
      entryPoint: 'add',
      uniforms: addUniforms,
    }),
  };
}

describe('bind groups are made once and reused', () => {
  it('keys a binding by buffer identity and slice range, not by label', async () => {
    const gpu = await testGpu();
    const a = gpu.buffers.create('test.a', 64);
    const b = gpu.buffers.create('test.a', 64);
    const uniforms = { buffer: a, offset: 0, size: 16 };
    expect(bindingKey(uniforms, [b])).toBe(bindingKey(uniforms, [b]));
    expect(bindingKey(uniforms, [b])).not.toBe(bindingKey(uniforms, [a]));
    expect(bindingKey(uniforms, [{ buffer: b, offset: 0, size: 16 }])).not.toBe(
      bindingKey(uniforms, [{ buffer: b, offset: 16, size: 16 }]),
    );
    expect(bindingKey(uniforms, [null, b])).not.toBe(bindingKey(uniforms, [b, null]));
    gpu.buffers.destroy(a);
    gpu.buffers.destroy(b);
  });

  it('returns the same group for the same pipeline and buffers, a new one otherwise, and forgets the oldest', async () => {
    const { gpu, kernel } = await addKernel();
    const cache = new BindGroupCache(gpu.device, 2);
    const uniforms = gpu.buffers.create(
      'test.uniforms',
      256,
      GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    );
    const [x, y, z] = ['x', 'y', 'z'].map((name) => gpu.buffers.create(`test.${name}`, 64));
    const slot = { buffer: uniforms, offset: 0, size: 16 };
    const first = cache.get(kernel.pipeline, 'test.add', slot, [x]);
    expect(cache.get(kernel.pipeline, 'test.add', slot, [x])).toBe(first);
    expect(cache.get(kernel.pipeline, 'test.add', slot, [y])).not.toBe(first);
    cache.get(kernel.pipeline, 'test.add', slot, [z]);
    // Capacity 2: x was the least recently used, so it is made again.
    expect(cache.get(kernel.pipeline, 'test.add', slot, [x])).not.toBe(first);
    for (const buffer of [uniforms, x, y, z]) gpu.buffers.destroy(buffer);
  });

  it('runs repeated submits on reused groups with each submit its own uniform values', async () => {
    const { gpu, kernel } = await addKernel();
    const x = gpu.buffers.upload('test.x', new Float32Array([1, 2, 3]));
    for (const value of [10, 100, 1000]) {
      const batch = new CommandBatch(gpu, 'test');
      batch.dispatch(kernel, { n: 3, value }, [x], [1]);
      batch.dispatch(kernel, { n: 3, value: -1 }, [x], [1]);
      batch.submit();
    }
    expect(Array.from(await readF32(gpu, x, 3))).toEqual([1108, 1109, 1110]);
    gpu.buffers.destroy(x);
  });
});
