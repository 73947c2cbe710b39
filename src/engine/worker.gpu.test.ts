import { describe, expect, it } from 'vitest';
import { connectEngine, generate } from './client.ts';
import { BenchError, CheckpointError, EngineNotReadyError, LabError, TokenizerError } from './errors.ts';

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
    expect(info).toMatchObject({
      name: 'tiny-test',
      url: '/models/tiny-test/',
      trained: false,
      source: 'shipped',
      rung: 'swiftshader',
    });
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

const GREEDY = { temperature: 0, topK: 0, topP: 1 };

describe('generation through the engine', () => {
  it('streams text that adds up to the result, on the GPU, with its tokens per second', async () => {
    const engine = connectEngine();
    await engine.loadModel('tiny-test');
    let streamed = '';
    const result = await generate(
      engine,
      { prompts: ['12+34='], sampling: GREEDY, seed: 1, maxNewTokens: 12, syncEvery: 4 },
      (update) => {
        streamed += update.newText[0];
      },
    );
    expect(result.rung).toBe('swiftshader');
    expect(result.texts[0]).toBe(streamed);
    expect(result.sequences[0].tokens.length).toBe(12);
    expect(result.tokensPerSecond).toBeGreaterThan(0);
  });

  it('ends a generation early on cancel', async () => {
    const engine = connectEngine();
    const running = engine.generate({
      prompts: ['a'],
      sampling: GREEDY,
      seed: 1,
      maxNewTokens: 60,
      syncEvery: 1,
    });
    await engine.cancel();
    const result = await running;
    expect(result.sequences[0].finish).toBe('cancelled');
    expect(result.sequences[0].tokens.length).toBeLessThan(60);
  });

  it('names a prompt character outside the vocabulary with a TokenizerError', async () => {
    const error = await connectEngine()
      .generate({ prompts: ['café'], sampling: GREEDY, seed: 1, maxNewTokens: 2 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenizerError);
    expect((error as Error).message).toContain('é');
  });

  it('creates a random model of a given config and generates with it', async () => {
    const engine = connectEngine();
    const info = await engine.createRandomModel({
      config: { num_hidden_layers: 1, hidden_size: 16 },
      seed: 5,
    });
    expect(info).toMatchObject({ name: 'random-L1-C16-seed5', source: 'random', trained: false });
    const result = await engine.generate({ prompts: ['x'], sampling: GREEDY, seed: 1, maxNewTokens: 3 });
    expect(result.sequences[0].tokens).toHaveLength(3);
    const bad = await engine.createRandomModel({ config: { head_dim: 7 }, seed: 1 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(CheckpointError);
    const huge = await engine
      .createRandomModel({
        config: { num_hidden_layers: 64, hidden_size: 4096, intermediate_size: 16384 },
        seed: 1,
      })
      .catch((e: unknown) => e);
    expect(huge).toBeInstanceOf(CheckpointError);
    expect((huge as Error).message).toContain('too large');
  });

  it('loads a checkpoint from the user’s files, keeps it in IndexedDB and loads it again from there', async () => {
    const engine = connectEngine();
    const files: Record<string, Uint8Array> = {};
    for (const file of ['config.json', 'model.safetensors', 'tokenizer.json']) {
      files[file] = new Uint8Array(await (await fetch(`/models/tiny-test/${file}`)).arrayBuffer());
    }
    const info = await engine.loadModelFiles('my-upload', files);
    expect(info).toMatchObject({ name: 'my-upload', source: 'files' });
    const saved = await engine.listSavedModels();
    expect(saved.map((m) => m.id)).toContain(info.savedId);
    const again = await engine.loadSavedModel(info.savedId as string);
    expect(again).toMatchObject({ name: 'my-upload', source: 'saved', parameters: info.parameters });
    await engine.deleteSavedModel(info.savedId as string);
    expect((await engine.listSavedModels()).map((m) => m.id)).not.toContain(info.savedId);
    const { 'model.safetensors': _, ...withoutWeights } = files;
    const missing = await engine.loadModelFiles('broken', withoutWeights).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(CheckpointError);
    expect((missing as Error).message).toContain('model.safetensors');
    const badName = await engine.loadModelFiles('../up', files).catch((e: unknown) => e);
    expect(badName).toBeInstanceOf(CheckpointError);
    expect((badName as Error).message).toContain('is not a model name');
    const cut = { ...files, 'model.safetensors': files['model.safetensors'].slice(0, 1000) };
    expect(await engine.loadModelFiles('cut', cut).catch((e: unknown) => e)).toBeInstanceOf(CheckpointError);
    expect((await engine.modelInfo())?.name).toBe('my-upload');
    await engine.loadModel('tiny-test');
  });

  it('frees the model’s GPU memory on unload', async () => {
    const engine = connectEngine();
    const before = (await engine.status()).gpuBytesInUse;
    await engine.unloadModel();
    expect((await engine.status()).gpuBytesInUse).toBeLessThan(before);
    expect(await engine.modelInfo()).toBeNull();
    await engine.loadModel('tiny-test');
  });
});

describe('the CPU rung', () => {
  it('loads the model without a GPU and generates what the GPU generates', async () => {
    const { Engine } = await import('./engine.ts');
    const cpu = new Engine();
    const info = await cpu.loadModel('tiny-test');
    expect(info.rung).toBe('cpu');
    const request = {
      prompts: ['12+34=', 'hello'],
      sampling: { temperature: 0.8, topK: 20, topP: 0.95 },
      seed: 9,
      maxNewTokens: 10,
    };
    const onCpu = await cpu.generate(request);
    const gpuEngine = connectEngine();
    await gpuEngine.loadModel('tiny-test');
    const onGpu = await gpuEngine.generate(request);
    expect(onCpu.rung).toBe('cpu');
    expect(onCpu.texts).toEqual(onGpu.texts);
    const multiplex = {
      ...request,
      prompts: ['12+34=<think>'],
      multiplex: { width: 3, merge: 'reweighted' as const },
    };
    const [cpuMultiplex, gpuMultiplex] = [await cpu.generate(multiplex), await gpuEngine.generate(multiplex)];
    expect(cpuMultiplex.texts).toEqual(gpuMultiplex.texts);
    expect(Array.from(cpuMultiplex.sequences[0].multiplex?.indices ?? [])).toEqual(
      Array.from(gpuMultiplex.sequences[0].multiplex?.indices ?? [-1]),
    );
  });
});

describe('an engine without a GPU yet', () => {
  it('refuses work with EngineNotReadyError', async () => {
    const { Engine } = await import('./engine.ts');
    await expect(new Engine().status()).rejects.toBeInstanceOf(EngineNotReadyError);
  });
});
