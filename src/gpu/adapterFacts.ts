// What the UI and every benchmark record about the adapter: vendor, architecture, the limits the
// lab depends on, features, and whether it is a software fallback (SwiftShader) or a real GPU.
import { isSwiftShader } from './swiftshader.ts';

export type Rung = 'gpu' | 'swiftshader';

export interface AdapterFacts {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  /** 'swiftshader' when WebGPU runs on SwiftShader's CPU Vulkan, else 'gpu'. */
  rung: Rung;
  features: string[];
  limits: Record<string, number>;
}

const REPORTED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'minUniformBufferOffsetAlignment',
] as const;

export function readAdapterFacts(adapter: GPUAdapter): AdapterFacts {
  const info = adapter.info;
  const limits: Record<string, number> = {};
  for (const name of REPORTED_LIMITS) limits[name] = Number(adapter.limits[name]);
  const isFallbackAdapter = Boolean(
    (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter,
  );
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter,
    rung: isSwiftShader(info) ? 'swiftshader' : 'gpu',
    features: [...adapter.features].sort(),
    limits,
  };
}
