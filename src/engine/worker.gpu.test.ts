import { describe, expect, it } from 'vitest';
import { connectEngine } from './client.ts';
import { BenchError, CheckpointError, EngineNotReadyError, LabError } from './errors.ts';

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

describe('the model in the engine', () => {
  it('lists the shipped models and loads the default one onto the GPU', async () => {
    const engine = connectEngine();
    await engine.init();
    const catalog = await engine.listModels();
    expect(catalog.models.map((m) => m.name)).toContain(catalog.default);
    const info = await engine.loadModel('tiny-test');
    expect(info).toMatchObject({ name: 'tiny-test', url: '/models/tiny-test/', trained: false });
    expect(info.parameters).toBe(22_912);
    expect(info.gpuBytes).toBeGreaterThan(4 * info.parameters);
    expect((await engine.status()).model?.name).toBe('tiny-test');
  });

  it('checks the GPU forward of the loaded model against the CPU reference', async () => {
    const check = await connectEngine().checkModel(3);
    expect(check.ok, `relative error ${check.relativeError}`).toBe(true);
    expect(check.relativeError).toBeLessThanOrEqual(check.bound);
    expect(check.tokens).toBeGreaterThan(0);
  });

  it.each([
    ['../secrets', 'is not a model name'],
    ['no-such-model', 'no-such-model'],
  ])('refuses model %j with a CheckpointError and keeps the loaded model', async (name, text) => {
    const engine = connectEngine();
    const error = await engine.loadModel(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).message).toContain(text);
    expect((error as CheckpointError).hint.length).toBeGreaterThan(10);
    expect((await engine.status()).model?.name).toBe('tiny-test');
  });
});

describe('an engine without a GPU yet', () => {
  it('refuses work with EngineNotReadyError', async () => {
    const { Engine } = await import('./engine.ts');
    await expect(new Engine().status()).rejects.toBeInstanceOf(EngineNotReadyError);
  });
});
