import { afterEach, describe, expect, it } from 'vitest';
import { failStorage, plannedFault } from './storageFaults.ts';

afterEach(() => failStorage(null));

describe('storage faults', () => {
  it('let every write through while no plan is on', () => {
    expect(plannedFault('checkpoints', 1e9)).toBeNull();
  });

  it('fail the next write with a QuotaExceededError by default', () => {
    failStorage({});
    const fault = plannedFault('metrics', 1);
    expect(fault).toBeInstanceOf(DOMException);
    expect(fault?.name).toBe('QuotaExceededError');
  });

  it('spend a byte budget: writes that fit go through, one that does not fails, smaller ones still fit', () => {
    failStorage({ afterBytes: 100 });
    expect(plannedFault('metrics', 60)).toBeNull();
    expect(plannedFault('checkpoints', 50)?.name).toBe('QuotaExceededError');
    expect(plannedFault('metrics', 40)).toBeNull();
    expect(plannedFault('metrics', 1)?.name).toBe('QuotaExceededError');
  });

  it('fail only the stores named', () => {
    failStorage({ stores: ['checkpoints'] });
    expect(plannedFault('runs', 500)).toBeNull();
    expect(plannedFault('checkpoints', 500)?.name).toBe('QuotaExceededError');
    failStorage(null);
    expect(plannedFault('checkpoints', 500)).toBeNull();
  });
});
