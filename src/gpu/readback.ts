// Reading GPU buffers back to the CPU. Each read is a submit -> mapAsync round trip (~2.4 ms on
// SwiftShader), so callers read once per many steps, never per kernel.
import type { GpuContext } from './device.ts';

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
    const encoder = gpu.device.createCommandEncoder({ label: 'readback.encoder' });
    encoder.copyBufferToBuffer(source, byteOffset, staging, 0, size);
    gpu.device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ, 0, size);
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
