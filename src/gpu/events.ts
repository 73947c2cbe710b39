// Typed events the GPU runtime raises after start-up: a lost device and uncaptured validation or
// memory errors. The engine forwards them to the UI, which shows them as messages.

export type GpuEvent =
  | { type: 'device-lost'; reason: string; message: string }
  | {
      type: 'uncaptured-error';
      kind: 'validation' | 'out-of-memory' | 'internal' | 'unknown';
      message: string;
    };

export type GpuEventListener = (event: GpuEvent) => void;

export class GpuEventHub {
  private readonly listeners = new Set<GpuEventListener>();
  readonly history: GpuEvent[] = [];

  subscribe(listener: GpuEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: GpuEvent): void {
    this.history.push(event);
    for (const listener of this.listeners) listener(event);
  }
}

export function classifyGpuError(error: GPUError): 'validation' | 'out-of-memory' | 'internal' | 'unknown' {
  if (typeof GPUValidationError !== 'undefined' && error instanceof GPUValidationError) return 'validation';
  if (typeof GPUOutOfMemoryError !== 'undefined' && error instanceof GPUOutOfMemoryError)
    return 'out-of-memory';
  if (typeof GPUInternalError !== 'undefined' && error instanceof GPUInternalError) return 'internal';
  return 'unknown';
}
