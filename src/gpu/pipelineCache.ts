// Compute pipelines, compiled once per (WGSL text, entry point, override constants) and shared:
// concurrent requests for the same key wait on one in-flight compile. Compiling on SwiftShader
// takes 80-900 ms, so nothing else may compile per call. A failed compile reports every WGSL
// message as [error at line:col] with the offending source line.
import { PipelineCompileError } from './errors.ts';

export interface PipelineKey {
  label: string;
  wgsl: string;
  entryPoint: string;
  constants?: Record<string, number>;
}

export interface CompiledPipeline {
  pipeline: GPUComputePipeline;
  label: string;
  compileMs: number;
}

export function pipelineCacheKey(key: PipelineKey): string {
  const constants = Object.entries(key.constants ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join(',');
  return `${key.entryPoint}|${constants}|${key.wgsl}`;
}

/** Formats compilation messages as `[error at 12:5] message` followed by the source line. */
export function formatCompilationMessages(messages: readonly GPUCompilationMessage[], wgsl: string): string {
  const lines = wgsl.split('\n');
  return messages
    .map((m) => {
      const source = m.lineNum > 0 ? `\n    ${lines[m.lineNum - 1]?.trimEnd() ?? ''}` : '';
      return `[${m.type} at ${m.lineNum}:${m.linePos}] ${m.message}${source}`;
    })
    .join('\n');
}

export class PipelineCache {
  private readonly entries = new Map<string, Promise<CompiledPipeline>>();

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: PipelineKey): Promise<CompiledPipeline> {
    const cacheKey = pipelineCacheKey(key);
    let entry = this.entries.get(cacheKey);
    if (!entry) {
      entry = this.compile(key);
      this.entries.set(cacheKey, entry);
      // A failed compile is not cached: the next request tries again and reports again.
      entry.catch(() => this.entries.delete(cacheKey));
    }
    return entry;
  }

  private async compile(key: PipelineKey): Promise<CompiledPipeline> {
    const started = performance.now();
    this.device.pushErrorScope('validation');
    const module = this.device.createShaderModule({ label: `${key.label}.module`, code: key.wgsl });
    const info = await module.getCompilationInfo();
    const moduleError = await this.device.popErrorScope();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length > 0 || moduleError) {
      const report =
        errors.length > 0 ? formatCompilationMessages(errors, key.wgsl) : (moduleError?.message ?? '');
      throw new PipelineCompileError(key.label, report);
    }
    try {
      const pipeline = await this.device.createComputePipelineAsync({
        label: `${key.label}.pipeline`,
        layout: 'auto',
        compute: { module, entryPoint: key.entryPoint, constants: key.constants ?? {} },
      });
      return { pipeline, label: key.label, compileMs: performance.now() - started };
    } catch (error) {
      throw new PipelineCompileError(key.label, error instanceof Error ? error.message : String(error));
    }
  }
}
