import { describe, expect, it } from 'vitest';
import { GpuUnavailableError, LabError, NoAdapterError } from './errors.ts';

describe('typed GPU errors', () => {
  it('carry a stable name, a message and a hint', () => {
    const error = new NoAdapterError();
    expect(error).toBeInstanceOf(GpuUnavailableError);
    expect(error).toBeInstanceOf(LabError);
    expect(error.name).toBe('NoAdapterError');
    expect(error.message).toContain('requestAdapter returned null');
    expect(error.hint).toContain('--enable-unsafe-webgpu');
  });
});
