import { describe, expect, it } from 'vitest';
import { BenchError, deserializeError, GpuDeviceLostError, LabError, serializeError } from './errors.ts';

describe('errors across the worker boundary', () => {
  it('round-trip with their class, message, hint and details', () => {
    const original = new GpuDeviceLostError('destroyed', 'gone');
    const copy = deserializeError(structuredClone(serializeError(original)));
    expect(copy).toBeInstanceOf(GpuDeviceLostError);
    expect(copy).toBeInstanceOf(LabError);
    expect(copy.message).toBe(original.message);
    expect((copy as GpuDeviceLostError).hint).toBe(original.hint);
    expect((copy as GpuDeviceLostError).details).toEqual({ reason: 'destroyed' });
  });

  it('keep the name of classes the engine defines', () => {
    expect(deserializeError(serializeError(new BenchError('x', 'y')))).toBeInstanceOf(BenchError);
  });

  it('turn unknown errors into a plain Error with the same name and message', () => {
    const copy = deserializeError({ name: 'WeirdError', message: 'odd' });
    expect(copy).toBeInstanceOf(Error);
    expect([copy.name, copy.message]).toEqual(['WeirdError', 'odd']);
  });
});
