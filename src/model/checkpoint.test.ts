import { describe, expect, it } from 'vitest';
import type { CheckpointFolder } from './checkpoint.ts';
import { fetchCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { CheckpointError } from './checkpointError.ts';
import { defaultConfig } from './config.ts';
import { parameterTable, randomWeights } from './parameters.ts';
import { writeSafetensors } from './safetensors.ts';

const config = defaultConfig({ num_hidden_layers: 1 });
const weights = randomWeights(config, 5);
const folder = saveCheckpoint(config, weights);

/** The table's tensors, with `edit` applied (rename, reshape, drop, add) before writing. */
function safetensorsWith(
  edit: (tensors: Map<string, { shape: number[]; data: Float32Array }>) => void,
): Uint8Array {
  const tensors = new Map(
    parameterTable(config).map(({ name, shape }) => [
      name,
      { shape, data: weights.get(name) as Float32Array },
    ]),
  );
  edit(tensors);
  return writeSafetensors(tensors);
}

function loadError(files: Parameters<typeof loadCheckpoint>[0]): CheckpointError {
  try {
    loadCheckpoint(files);
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    return error as CheckpointError;
  }
  throw new Error('the checkpoint was accepted');
}

const K = 'model.layers.0.self_attn.k_proj.weight';

describe('checkpoint folder', () => {
  it('loads what it saved: the same config and bit-identical weights', () => {
    const loaded = loadCheckpoint({
      config: folder['config.json'],
      safetensors: folder['model.safetensors'],
      tokenizer: folder['tokenizer.json'],
    });
    expect(loaded.config).toEqual(config);
    expect([...loaded.weights.keys()]).toEqual(parameterTable(config).map((p) => p.name));
    for (const [name, data] of weights) expect(loaded.weights.get(name)).toEqual(data);
  });

  it('names a tensor whose shape disagrees with config.json', () => {
    const bytes = safetensorsWith((t) => t.set(K, { shape: [32, 16], data: weights.get(K) as Float32Array }));
    const error = loadError({ config: folder['config.json'], safetensors: bytes });
    expect(error.message).toContain(`"${K}" has shape [32,16], expected [16,32]`);
    expect(error.details.tensor).toBe(K);
  });

  it('names a missing tensor', () => {
    const bytes = safetensorsWith((t) => t.delete('model.norm.weight'));
    expect(loadError({ config: folder['config.json'], safetensors: bytes }).message).toContain(
      '"model.norm.weight" is missing',
    );
  });

  it('names an unexpected tensor and explains an untied lm_head', () => {
    const bytes = safetensorsWith((t) =>
      t.set('lm_head.weight', { shape: [135, 32], data: new Float32Array(135 * 32) }),
    );
    const error = loadError({ config: folder['config.json'], safetensors: bytes });
    expect(error.message).toContain('"lm_head.weight" is not a parameter');
    expect(error.hint).toContain('tie_word_embeddings');
  });

  it('names the tensor that holds a NaN', () => {
    const bytes = safetensorsWith((t) => {
      const data = Float32Array.from(t.get(K)?.data ?? []);
      data[17] = Number.NaN;
      t.set(K, { shape: [16, 32], data });
    });
    expect(loadError({ config: folder['config.json'], safetensors: bytes }).message).toMatch(
      /"model.layers.0.self_attn.k_proj.weight".*element 17/,
    );
  });

  it('rejects a config.json that is not JSON, or a model from another vocabulary', () => {
    const notJson = loadError({
      config: '{"model_type": "llama",',
      safetensors: folder['model.safetensors'],
    });
    expect(notJson.details.file).toBe('config.json');
    // The hint names what a visitor can do (the Models page's download), not a source file.
    expect(notJson.hint).toContain('Download its folder');
    expect(notJson.hint).not.toContain('src/');
    const other = defaultConfig({ num_hidden_layers: 1, vocab_size: 200 });
    const otherFolder = saveCheckpoint(other, randomWeights(other, 1));
    const error = loadError({
      config: otherFolder['config.json'],
      safetensors: otherFolder['model.safetensors'],
      tokenizer: otherFolder['tokenizer.json'],
    });
    expect(error.message).toContain('vocab_size is 200');
  });

  it('refuses to save weights that lack a tensor', () => {
    const partial = new Map(weights);
    partial.delete(K);
    expect(() => saveCheckpoint(config, partial)).toThrow(K);
  });
});

/** A fetch that serves a folder from memory, as a static server would. */
function serve(files: Partial<CheckpointFolder>, contentType = 'application/octet-stream'): typeof fetch {
  return (async (url: string | URL | Request) => {
    const name = String(url).split('/').pop() as keyof CheckpointFolder;
    const body = files[name];
    if (body === undefined) return new Response('not found', { status: 404 });
    return new Response(body, { headers: { 'content-type': contentType } });
  }) as typeof fetch;
}

describe('fetchCheckpoint', () => {
  it('fetches the four files of a folder and loads them', async () => {
    const loaded = await fetchCheckpoint('/models/x', serve(folder));
    expect(loaded.config).toEqual(config);
    expect(loaded.weights.get(K)).toEqual(weights.get(K));
  });

  it('names the URL of a missing file', async () => {
    const { 'tokenizer.json': _, ...rest } = folder;
    await expect(fetchCheckpoint('/models/x/', serve(rest))).rejects.toThrow(
      '/models/x/tokenizer.json gave HTTP 404',
    );
  });

  it('recognises the HTML page a dev server returns for a missing file', async () => {
    await expect(fetchCheckpoint('/models/x', serve(folder, 'text/html'))).rejects.toThrow(/HTML page/);
  });

  it('turns a network failure into a CheckpointError', async () => {
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(fetchCheckpoint('/models/x', failing)).rejects.toBeInstanceOf(CheckpointError);
  });
});
