import { describe, expect, it } from 'vitest';
import { connectEngine } from './client.ts';
import { BenchError, EngineNotReadyError, LabError } from './errors.ts';

describe('the engine worker', () => {
  it('acquires the GPU inside the worker and reports the adapter', async () => {
    const engine = connectEngine();
    const status = await engine.init();
    expect(status.adapter.vendor.length + status.adapter.architecture.length).toBeGreaterThan(0);
    expect(status.adapter.features).toEqual([...status.adapter.features].sort());
    expect(['gpu', 'swiftshader']).toContain(status.adapter.rung);
  });

  it('runs the kernel self-check and every kernel matches the CPU reference', async () => {
    const checks = await connectEngine().checkKernels(1);
    expect(checks.length).toBeGreaterThanOrEqual(4);
    for (const check of checks)
      expect(check.ok, `${check.kernel} ${check.shape}: ${check.maxAbsDiff}`).toBe(true);
  });

  it('keeps the class, message and hint of a typed error thrown in the worker', async () => {
    const error = await connectEngine()
      .runBench('no-such-scenario', { mode: 'quick', seed: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BenchError);
    expect(error).toBeInstanceOf(LabError);
    expect((error as BenchError).name).toBe('BenchError');
    expect((error as BenchError).message).toContain('no-such-scenario');
    expect((error as BenchError).hint).toContain('matmul');
  });
});

describe('an engine without a GPU yet', () => {
  it('refuses work with EngineNotReadyError', async () => {
    const { Engine } = await import('./engine.ts');
    await expect(new Engine().status()).rejects.toBeInstanceOf(EngineNotReadyError);
  });
});
