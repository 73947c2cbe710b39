import { afterEach, describe, expect, it } from 'vitest';
import { expectNoGpuErrors, testGpu } from '../testing/gpu.ts';
import { CommandBatch, compileKernel } from './dispatch.ts';
import { KernelArgumentError, PipelineCompileError } from './errors.ts';
import { Profiler } from './profiler.ts';
import { readF32, readU32 } from './readback.ts';
import { uniformLayout } from './uniforms.ts';

afterEach(expectNoGpuErrors);

const SCALE_WGSL = /* wgsl */ `
struct ScaleSizes { n: u32, factor: f32, }
@group(0) @binding(0) var<uniform> s: ScaleSizes;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@compute @workgroup_size(64)
fn scale(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= s.n) { return; }
  x[gid.x] = x[gid.x] * s.factor;
}`;
const scaleUniforms = uniformLayout('ScaleSizes', { n: 'u32', factor: 'f32' });

describe('the GPU runtime', () => {
  it('reports the adapter it runs on', async () => {
    const gpu = await testGpu();
    expect(gpu.facts.rung).toBe('swiftshader');
    expect(gpu.facts.isFallbackAdapter).toBe(true);
    expect(gpu.facts.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
  });

  it('shares one in-flight compile between concurrent requests for the same pipeline', async () => {
    const gpu = await testGpu();
    const key = { label: 'test.shared', wgsl: `${SCALE_WGSL}\n// shared`, entryPoint: 'scale' };
    const [a, b] = await Promise.all([gpu.pipelines.get(key), gpu.pipelines.get({ ...key })]);
    expect(a).toBe(b);
    const other = await gpu.pipelines.get({ ...key, constants: {}, wgsl: `${key.wgsl}\n// other` });
    expect(other).not.toBe(a);
  });

  it('reports a WGSL error with line:column and the offending line', async () => {
    const gpu = await testGpu();
    const broken = 'fn f() -> f32 {\n  return 1.0 +;\n}\n@compute @workgroup_size(1) fn main() {}';
    const error = await gpu.pipelines
      .get({ label: 'test.broken', wgsl: broken, entryPoint: 'main' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineCompileError);
    expect((error as Error).message).toMatch(/\[error at 2:\d+\]/);
    expect((error as Error).message).toContain('return 1.0 +;');
  });

  it('runs many dispatches in one batch, each with its own uniforms', async () => {
    const gpu = await testGpu();
    const kernel = await compileKernel(gpu, {
      label: 'test.scale',
      wgsl: SCALE_WGSL,
      entryPoint: 'scale',
      uniforms: scaleUniforms,
    });
    const n = 131;
    const x = gpu.buffers.upload('test.x', new Float32Array(n).fill(1));
    const batch = new CommandBatch(gpu, 'test');
    for (const factor of [2, 3, 0.5, 10]) batch.dispatch(kernel, { n, factor }, [x], [Math.ceil(n / 64)]);
    expect(batch.length).toBe(4);
    batch.submit();
    const out = await readF32(gpu, x, n);
    expect(out.every((v) => v === 30)).toBe(true);
    gpu.buffers.destroy(x);
  });

  it('runs copies and clears in order between dispatches of one batch', async () => {
    const gpu = await testGpu();
    const kernel = await compileKernel(gpu, {
      label: 'test.scale',
      wgsl: SCALE_WGSL,
      entryPoint: 'scale',
      uniforms: scaleUniforms,
    });
    const n = 67;
    const x = gpu.buffers.upload('test.x', new Float32Array(n).fill(1));
    const saved = gpu.buffers.create('test.saved', 4 * n);
    const batch = new CommandBatch(gpu, 'test');
    batch.dispatch(kernel, { n, factor: 3 }, [x], [2]);
    batch.copy(x, 0, saved, 0, 4 * n);
    batch.dispatch(kernel, { n, factor: 5 }, [x], [2]);
    batch.submit();
    expect((await readF32(gpu, saved, n)).every((v) => v === 3)).toBe(true);
    expect((await readF32(gpu, x, n)).every((v) => v === 15)).toBe(true);
    expect(() => batch.copy(x, 0, saved, 8, 4 * n)).toThrow(KernelArgumentError);
    batch.dispatch(kernel, { n, factor: 2 }, [x], [2]);
    batch.clear(saved);
    batch.copy(x, 0, saved, 0, 8);
    batch.submit();
    const after = await readF32(gpu, saved, n);
    expect([after[0], after[1], after[2], after[n - 1]]).toEqual([30, 30, 0, 0]);
    gpu.buffers.destroy(x);
    gpu.buffers.destroy(saved);
  });

  it('refuses a workgroup count past the device limit, naming the kernel', async () => {
    const gpu = await testGpu();
    const kernel = await compileKernel(gpu, {
      label: 'test.scale',
      wgsl: SCALE_WGSL,
      entryPoint: 'scale',
      uniforms: scaleUniforms,
    });
    const x = gpu.buffers.create('test.x', 16);
    expect(() => new CommandBatch(gpu, 't').dispatch(kernel, { n: 1, factor: 1 }, [x], [70000])).toThrow(
      KernelArgumentError,
    );
    gpu.buffers.destroy(x);
  });

  it('labels buffers module.thing, pads them to 16 bytes and counts live ones', async () => {
    const gpu = await testGpu();
    const before = gpu.buffers.liveCount;
    const buffer = gpu.buffers.create('test.padded', 5);
    expect(buffer.size).toBe(16);
    expect(buffer.label).toBe('test.padded');
    expect(gpu.buffers.liveCount).toBe(before + 1);
    gpu.buffers.destroy(buffer);
    expect(gpu.buffers.liveCount).toBe(before);
    expect(() => gpu.buffers.create('nolabel', 4)).toThrow(/module\.thing/);
  });

  it('reads back exactly what was written, at an offset', async () => {
    const gpu = await testGpu();
    const data = Uint32Array.from({ length: 37 }, (_, i) => i * 7);
    const buffer = gpu.buffers.upload('test.read', data);
    expect([...(await readU32(gpu, buffer, 5, 30))]).toEqual([210, 217, 224, 231, 238]);
    gpu.buffers.destroy(buffer);
  });

  it('times each dispatch, or a whole pass of them, with timestamp queries', async () => {
    const gpu = await testGpu();
    expect(Profiler.isSupported(gpu)).toBe(true);
    const kernel = await compileKernel(gpu, {
      label: 'test.scale',
      wgsl: SCALE_WGSL,
      entryPoint: 'scale',
      uniforms: scaleUniforms,
    });
    const n = 1 << 16;
    const x = gpu.buffers.upload('test.x', new Float32Array(n).fill(1));
    const profiler = new Profiler(gpu, 4);
    const batch = new CommandBatch(gpu, 'test', profiler);
    batch.dispatch(kernel, { n, factor: 2 }, [x], [n / 64]);
    batch.dispatch(kernel, { n, factor: 2 }, [x], [n / 64]);
    batch.submit();
    const entries = await profiler.read();
    expect(entries.map((e) => e.label)).toEqual(['test.scale', 'test.scale']);
    for (const entry of entries) expect(entry.ms).toBeGreaterThan(0);

    const whole = new CommandBatch(gpu, 'test.whole', profiler, 'pass');
    for (let r = 0; r < 3; r++) whole.dispatch(kernel, { n, factor: 0.5 }, [x], [n / 64]);
    whole.submit();
    const [pass, ...rest] = await profiler.read();
    expect(rest).toEqual([]);
    expect(pass).toMatchObject({ label: 'test.whole', entryPoint: 'scale' });
    expect(pass.ms).toBeGreaterThan(0);
    expect([...(await readF32(gpu, x, 4))]).toEqual([0.5, 0.5, 0.5, 0.5]);
    profiler.destroy();
    gpu.buffers.destroy(x);
  });

  it('does not leak buffers across repeated batches', async () => {
    const gpu = await testGpu();
    const kernel = await compileKernel(gpu, {
      label: 'test.scale',
      wgsl: SCALE_WGSL,
      entryPoint: 'scale',
      uniforms: scaleUniforms,
    });
    const x = gpu.buffers.create('test.x', 4 * 64);
    await readF32(gpu, x, 1);
    const before = gpu.buffers.liveCount;
    for (let step = 0; step < 20; step++) {
      const batch = new CommandBatch(gpu, 'test');
      batch.dispatch(kernel, { n: 64, factor: 1 }, [x], [1]);
      batch.submit();
      await readF32(gpu, x, 1);
    }
    expect(gpu.buffers.liveCount).toBe(before);
    gpu.buffers.destroy(x);
  });
});
