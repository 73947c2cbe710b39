// Reading GPU buffers back to the CPU. Each read is a submit -> mapAsync round trip (~2.4 ms on
// SwiftShader), so callers read once per many steps, never per kernel. A map that fails (an
// earlier error left a buffer invalid, or the device was lost) or a copy that fails validation (a
// destroyed source) becomes a typed error, never WebGPU's raw text nor zeros read as data; the
// validation scope is popped while the map is pending, so it adds no round trip.
import type { GpuContext } from './device.ts';
import { GpuOperationError } from './errors.ts';

/** How long a failed read waits for a device loss to be reported before calling it something else. */
const LOST_GRACE_MS = 100;

export async function readBytes(
  gpu: GpuContext,
  source: GPUBuffer,
  byteLength = source.size,
  byteOffset = 0,
): Promise<ArrayBuffer> {
  if (gpu.lost) throw gpu.lost;
  const size = Math.ceil(byteLength / 4) * 4;
  const staging = gpu.buffers.create(
    'readback.staging',
    size,
    GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  );
  try {
    gpu.device.pushErrorScope('validation');
    const encoder = gpu.device.createCommandEncoder({ label: 'readback.encoder' });
    encoder.copyBufferToBuffer(source, byteOffset, staging, 0, size);
    gpu.device.queue.submit([encoder.finish()]);
    // On a lost device the scope cannot be popped; the loss is reported below.
    const invalid = gpu.device.popErrorScope().catch(() => null);
    const mapped = staging.mapAsync(GPUMapMode.READ, 0, size).then(
      () => null,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    const [validation, mapFailure] = await Promise.all([invalid, mapped]);
    if (validation || mapFailure) {
      // A map fails before device.lost settles when the device goes away: give it a moment, so a
      // lost device is reported as that.
      await Promise.race([gpu.device.lost, new Promise((settle) => setTimeout(settle, LOST_GRACE_MS))]);
      if (gpu.lost) throw gpu.lost;
      if (!mapFailure) staging.unmap();
      throw new GpuOperationError(`read ${source.label} back`, validation?.message ?? (mapFailure as string));
    }
    const copy = staging.getMappedRange(0, size).slice(0, byteLength);
    staging.unmap();
    return copy;
  } finally {
    gpu.buffers.destroy(staging);
  }
}

export async function readF32(
  gpu: GpuContext,
  source: GPUBuffer,
  length: number,
  offset = 0,
): Promise<Float32Array> {
  return new Float32Array(await readBytes(gpu, source, length * 4, offset * 4));
}

export async function readU32(
  gpu: GpuContext,
  source: GPUBuffer,
  length: number,
  offset = 0,
): Promise<Uint32Array> {
  return new Uint32Array(await readBytes(gpu, source, length * 4, offset * 4));
}
