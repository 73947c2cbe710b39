// The GPU context shared by the .gpu.test.ts files of one browser page. A missing adapter fails
// the test (it is never skipped): the gpu project exists to run on WebGPU.
import { acquireGpu, type GpuContext } from '../gpu/device.ts';

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
