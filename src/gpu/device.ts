// Acquires the WebGPU adapter and device, with a typed error for each way that can fail, and
// turns device loss and uncaptured errors into GpuEvents. The returned GpuContext is what every
// other module of the runtime takes: the device plus its buffer registry and pipeline cache.
import { type AdapterFacts, readAdapterFacts } from './adapterFacts.ts';
import { BufferRegistry } from './buffers.ts';
import {
  DeviceRequestError,
  GpuDeviceLostError,
  InsecureContextError,
  NoAdapterError,
  NoWebGpuError,
} from './errors.ts';
import { classifyGpuError, GpuEventHub } from './events.ts';
import { gpuMemoryBudget } from './memoryBudget.ts';
import { PipelineCache } from './pipelineCache.ts';

export interface GpuContext {
  device: GPUDevice;
  adapter: GPUAdapter;
  facts: AdapterFacts;
  events: GpuEventHub;
  buffers: BufferRegistry;
  pipelines: PipelineCache;
  /** Set once the device is lost; every later use should fail with it. */
  lost: GpuDeviceLostError | null;
}

/** Limits the lab asks for: the adapter's maximum of each (defaults are too small for weights). */
const RAISED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
] as const;

const OPTIONAL_FEATURES: GPUFeatureName[] = ['timestamp-query'];

export async function acquireGpu(): Promise<GpuContext> {
  if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) {
    if (typeof isSecureContext !== 'undefined' && !isSecureContext) {
      throw new InsecureContextError(typeof location === 'undefined' ? 'this page' : location.origin);
    }
    throw new NoWebGpuError();
  }
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new NoAdapterError();

  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = Number(adapter.limits[name]);
  const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f));
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ label: 'lab.device', requiredLimits, requiredFeatures });
  } catch (error) {
    throw new DeviceRequestError(error instanceof Error ? error.message : String(error));
  }

  const events = new GpuEventHub();
  const facts = readAdapterFacts(adapter);
  const context: GpuContext = {
    device,
    adapter,
    facts,
    events,
    buffers: new BufferRegistry(device, gpuMemoryBudget(facts)),
    pipelines: new PipelineCache(device),
    lost: null,
  };
  device.lost.then((info) => {
    context.lost = new GpuDeviceLostError(info.reason, info.message);
    events.emit({ type: 'device-lost', reason: info.reason, message: info.message });
  });
  device.addEventListener('uncapturederror', (event) => {
    const error = (event as GPUUncapturedErrorEvent).error;
    events.emit({ type: 'uncaptured-error', kind: classifyGpuError(error), message: error.message });
  });
  return context;
}
