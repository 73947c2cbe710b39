// The GPU context shared by the .gpu.test.ts files of one browser page. A missing adapter fails
// the test (it is never skipped): the gpu project exists to run on WebGPU.
import { acquireGpu, type GpuContext } from '../gpu/device.ts';
import { CommandBatch } from '../gpu/dispatch.ts';
import { readF32 } from '../gpu/readback.ts';

let shared: Promise<GpuContext> | null = null;

export function testGpu(): Promise<GpuContext> {
  shared ??= acquireGpu();
  return shared;
}

/** Fails when the GPU reported an uncaptured error (e.g. a validation error) since the last call. */
export async function expectNoGpuErrors(): Promise<void> {
  const gpu = await testGpu();
  const errors = gpu.events.history.splice(0);
  if (errors.length > 0) throw new Error(`GPU reported: ${errors.map((e) => JSON.stringify(e)).join('; ')}`);
}

/**
 * Uploads inputs, creates NaN-filled buffers for the outputs not among them, runs `record`, reads
 * back every output (name -> element count; an input named there is read back too), frees all.
 */
export async function runKernels(
  inputs: Record<string, Float32Array | Uint32Array>,
  outputs: Record<string, number>,
  record: (batch: CommandBatch, buffers: Record<string, GPUBuffer>) => void | Promise<void>,
): Promise<Record<string, Float32Array>> {
  const gpu = await testGpu();
  const buffers: Record<string, GPUBuffer> = {};
  for (const [name, data] of Object.entries(inputs)) buffers[name] = gpu.buffers.upload(`test.${name}`, data);
  for (const [name, n] of Object.entries(outputs)) {
    buffers[name] ??= gpu.buffers.upload(`test.${name}`, new Float32Array(n).fill(Number.NaN));
  }
  const batch = new CommandBatch(gpu, 'test');
  await record(batch, buffers);
  batch.submit();
  const result: Record<string, Float32Array> = {};
  for (const [name, n] of Object.entries(outputs)) result[name] = await readF32(gpu, buffers[name], n);
  for (const buffer of Object.values(buffers)) gpu.buffers.destroy(buffer);
  return result;
}
