// The model the engine holds and where it came from: a shipped folder (public/models/, listed in
// index.json), files the user picked or dropped (kept in IndexedDB), a saved one, or a fresh
// random init of a given config. With WebGPU it runs on our kernels; without, on the CPU reference
// (the CPU rung). A new model replaces the old one only once it is ready.

import { Generator } from '../decoding/generate.ts';
import type { GpuContext } from '../gpu/device.ts';
import { type CardRetentionFacts, cardRetentionFacts } from '../methods/retention/retentionPanel.ts';
import { fetchCheckpoint, loadCheckpoint } from '../model/checkpoint.ts';
import { CheckpointError } from '../model/checkpointError.ts';
import { type ConfigSource, defaultConfig, type LlamaConfig } from '../model/config.ts';
import { echo } from '../model/echo.ts';
import { type ModelWeights, parameterCount, randomWeights } from '../model/parameters.ts';
import { GpuTransformer } from '../model/transformer.ts';
import { StorageFullError } from './errors.ts';
import { readSavedModel, type SavedModelInfo, saveModel } from './savedModels.ts';

export interface CatalogEntry {
  name: string;
  summary: string;
}

export interface ModelCatalog {
  default: string;
  models: CatalogEntry[];
}

/** Where the model computes: a hardware GPU, SwiftShader (WebGPU on the CPU), or the CPU reference. */
export type Rung = 'gpu' | 'swiftshader' | 'cpu';

export type ModelSource = 'shipped' | 'files' | 'saved' | 'random' | 'trained';

export interface ModelInfo {
  name: string;
  source: ModelSource;
  /** Shipped models: where the folder is served, e.g. /models/tiny-test/ */
  url: string | null;
  /** Saved models: the IndexedDB key */
  savedId: string | null;
  config: LlamaConfig;
  parameters: number;
  /** From card.json; null when there is no card. */
  trained: boolean | null;
  description: string;
  /** The card's held-out figures an RL run's retention panel is chosen from; null without. */
  retention: CardRetentionFacts | null;
  rung: Rung;
  /** GPU memory of weights and workspaces (0 on the CPU rung). */
  gpuBytes: number;
}

export interface RandomModelSpec {
  /** HF config keys to change from the tiny test config. */
  config: Partial<LlamaConfig>;
  seed: number;
}

export interface LoadedModel {
  info: Omit<ModelInfo, 'gpuBytes'>;
  config: LlamaConfig;
  weights: ModelWeights;
  /** Absent on the CPU rung. */
  gpu: { transformer: GpuTransformer; generator: Generator } | null;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A random init is built on the CPU first; past this it would stall the worker for minutes. */
const MAX_RANDOM_PARAMETERS = 50_000_000;
/** The seeds of a random init, as of every other seed in the lab. */
const MAX_SEED = 2 ** 31 - 1;
/** A random init's sizes come from the Models page's form, not from a file. */
const RANDOM_INIT: ConfigSource = {
  name: 'Random init',
  hint: 'Change that size in the Random init form (Models page) and create the model again.',
};

function checkName(name: string, what: string): void {
  if (!NAME.test(name)) {
    throw new CheckpointError(
      `${echo(name)} is not a model name.`,
      `${what}: 1 to 64 letters, digits, ".", "_" and "-", starting with a letter or digit.`,
      { field: 'model' },
    );
  }
}
const REQUIRED_FILES = ['config.json', 'model.safetensors'] as const;

/** @throws CheckpointError when public/models/index.json is missing or malformed */
export async function fetchCatalog(): Promise<ModelCatalog> {
  let catalog: ModelCatalog | null = null;
  try {
    catalog = (await (await fetch('/models/index.json')).json()) as ModelCatalog;
  } catch {
    catalog = null;
  }
  const valid =
    catalog !== null &&
    typeof catalog.default === 'string' &&
    Array.isArray(catalog.models) &&
    catalog.models.every((m) => typeof m?.name === 'string' && typeof m?.summary === 'string');
  if (!valid) {
    throw new CheckpointError(
      'The model catalog /models/index.json is missing or malformed.',
      'It lists the folders of public/models/ as {"default": name, "models": [{name, summary}]}.',
      { file: 'index.json' },
    );
  }
  return catalog as ModelCatalog;
}

type CardFacts = Pick<ModelInfo, 'trained' | 'description' | 'retention'>;

async function fetchCard(url: string): Promise<CardFacts> {
  try {
    const response = await fetch(`${url}card.json`);
    if (!response.ok || (response.headers.get('content-type') ?? '').includes('text/html')) throw new Error();
    const card = (await response.json()) as { trained?: unknown; description?: unknown };
    return {
      trained: typeof card.trained === 'boolean' ? card.trained : null,
      description: typeof card.description === 'string' ? card.description : '',
      retention: cardRetentionFacts(card),
    };
  } catch {
    return { trained: null, description: '', retention: null };
  }
}

/** A folder that does not exist gets a plainer message than a missing file would. */
async function missingModel(name: string, error: unknown): Promise<never> {
  const status = error instanceof CheckpointError ? error.details.status : undefined;
  const notFound = status === 404 || (status === 200 && /HTML page/.test((error as Error).message));
  if (!notFound) throw error;
  const catalog = await fetchCatalog().catch(() => null);
  const shipped = catalog
    ? `The shipped models are: ${catalog.models.map((m) => m.name).join(', ')}.`
    : 'The Models page lists the shipped models.';
  throw new CheckpointError(
    `There is no model "${name}": /models/${name}/config.json was not found.`,
    `${shipped} Choose one with ?model=<name>.`,
    { field: 'model', url: `/models/${name}/` },
  );
}

function rungOf(gpu: GpuContext | null): Rung {
  if (!gpu) return 'cpu';
  return gpu.facts.rung === 'swiftshader' ? 'swiftshader' : 'gpu';
}

export class ModelService {
  private model: LoadedModel | null = null;

  get info(): ModelInfo | null {
    if (!this.model) return null;
    return { ...this.model.info, gpuBytes: this.model.gpu?.transformer.bytes ?? 0 };
  }

  /** The loaded model. @throws CheckpointError when there is none */
  get loaded(): LoadedModel {
    if (!this.model)
      throw new CheckpointError('No model is loaded.', 'Load a model first (the model badge).');
    return this.model;
  }

  /** public/models/<name>/. @throws CheckpointError for a bad name, a missing folder or bad files */
  async loadShipped(gpu: GpuContext | null, name: string): Promise<ModelInfo> {
    checkName(name, 'A model name is one of the shipped models (the Models page lists them)');
    const url = `/models/${name}/`;
    const [checkpoint, card] = await Promise.all([
      fetchCheckpoint(url).catch((error: unknown) => missingModel(name, error)),
      fetchCard(url),
    ]);
    return this.install(gpu, checkpoint.config, checkpoint.weights, {
      name,
      source: 'shipped',
      url,
      ...card,
    });
  }

  /**
   * A checkpoint folder's files from the user (config.json and model.safetensors; tokenizer.json is
   * checked when present), validated, then kept in IndexedDB as `name`.
   * @throws CheckpointError naming the missing or malformed file; StorageFullError when the browser's
   *   storage cannot keep it (it is then loaded all the same, for this session only)
   */
  async loadFiles(
    gpu: GpuContext | null,
    name: string,
    files: Record<string, Uint8Array>,
  ): Promise<ModelInfo> {
    checkName(name, 'The name the model is kept under in this browser');
    const missing = REQUIRED_FILES.filter((file) => !files[file]);
    if (missing.length > 0) {
      throw new CheckpointError(
        `The files given lack ${missing.join(' and ')}.`,
        `Choose a checkpoint folder's files together: ${REQUIRED_FILES.join(', ')} (tokenizer.json optional).`,
        { file: missing[0] },
      );
    }
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    const { config, weights } = loadCheckpoint({
      config: text(files['config.json']),
      safetensors: files['model.safetensors'],
      tokenizer: files['tokenizer.json'] ? text(files['tokenizer.json']) : undefined,
    });
    const kept: Record<string, Uint8Array> = {};
    for (const file of [...REQUIRED_FILES, 'tokenizer.json', 'tokenizer_config.json']) {
      if (files[file]) kept[file] = files[file];
    }
    // A full storage keeps nothing of the model, but it still loads for this session.
    const { saved, refused } = await saveModel({
      id: `${name}-${Date.now().toString(36)}`,
      name,
      savedAt: new Date().toISOString(),
      parameters: parameterCount(config),
      bytes: Object.values(kept).reduce((n, b) => n + b.byteLength, 0),
      files: kept,
    }).then(
      (saved) => ({ saved, refused: null }),
      (error: unknown) => {
        if (error instanceof StorageFullError) return { saved: null, refused: error };
        throw error;
      },
    );
    const info = await this.install(gpu, config, weights, {
      name,
      source: 'files',
      savedId: saved?.id ?? null,
      trained: null,
      description: saved
        ? 'Loaded from your files; kept in this browser.'
        : "Loaded from your files for this session only: this browser's storage was full.",
    });
    if (refused) throw refused;
    return info;
  }

  /** @throws CheckpointError when no saved model has this id or its files no longer load */
  async loadSaved(gpu: GpuContext | null, id: string): Promise<ModelInfo> {
    const saved = await readSavedModel(id);
    if (!saved) {
      throw new CheckpointError(
        `No saved model has the id ${echo(id)}.`,
        'Pick one from the list of saved models.',
        {
          field: 'savedId',
        },
      );
    }
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    const { config, weights } = loadCheckpoint({
      config: text(saved.files['config.json']),
      safetensors: saved.files['model.safetensors'],
    });
    return this.install(gpu, config, weights, {
      name: saved.name,
      source: 'saved',
      savedId: id,
      trained: null,
      description: `Saved in this browser on ${saved.savedAt.slice(0, 10)}.`,
    });
  }

  /**
   * A random init (randomWeights) of the tiny config with `spec.config` applied.
   * @throws CheckpointError for a seed that is not a whole number in [0, 2^31 - 1], a bad size, or a
   *   model too large to create here
   */
  async loadRandom(gpu: GpuContext | null, spec: RandomModelSpec): Promise<ModelInfo> {
    if (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed > MAX_SEED) {
      throw new CheckpointError(
        `Random init: the seed must be a whole number in [0, ${MAX_SEED}], got ${echo(spec.seed)}.`,
        'Choose another seed in the Random init form (Models page); the same seed gives the same weights.',
        { field: 'seed' },
      );
    }
    const config = defaultConfig(spec.config, RANDOM_INIT);
    const parameters = parameterCount(config);
    if (parameters > MAX_RANDOM_PARAMETERS) {
      throw new CheckpointError(
        `A random model of ${parameters.toLocaleString('en-US')} parameters is too large to create here.`,
        `Choose a shape under ${MAX_RANDOM_PARAMETERS.toLocaleString('en-US')} parameters (fewer layers or a smaller hidden size).`,
        { field: 'config' },
      );
    }
    const name = `random-L${config.num_hidden_layers}-C${config.hidden_size}-seed${spec.seed}`;
    return this.install(gpu, config, randomWeights(config, spec.seed), {
      name,
      source: 'random',
      trained: false,
      description: `Random init (seed ${spec.seed}), untrained: its outputs are meaningless.`,
    });
  }

  /** Weights trained in this session (the Trainer page). */
  async loadTrained(
    gpu: GpuContext | null,
    name: string,
    config: LlamaConfig,
    weights: ModelWeights,
  ): Promise<ModelInfo> {
    checkName(name, 'A trained model name');
    return this.install(gpu, config, weights, {
      name,
      source: 'trained',
      trained: true,
      description: 'Trained in this browser session on the Trainer page.',
    });
  }

  /** Frees the model's GPU memory. */
  unload(): void {
    if (this.model?.gpu) {
      this.model.gpu.generator.destroy();
      this.model.gpu.transformer.destroy();
    }
    this.model = null;
  }

  private async install(
    gpu: GpuContext | null,
    config: LlamaConfig,
    weights: ModelWeights,
    info: Pick<ModelInfo, 'name' | 'source' | 'trained' | 'description'> &
      Partial<Pick<ModelInfo, 'url' | 'savedId' | 'retention'>>,
  ): Promise<ModelInfo> {
    let onGpu: LoadedModel['gpu'] = null;
    if (gpu) {
      const transformer = await GpuTransformer.create(gpu, config, weights);
      onGpu = { transformer, generator: await Generator.create(gpu, transformer) };
    }
    this.unload();
    this.model = {
      info: {
        url: null,
        savedId: null,
        retention: null,
        ...info,
        config,
        parameters: parameterCount(config),
        rung: rungOf(gpu),
      },
      config,
      weights,
      gpu: onGpu,
    };
    return this.info as ModelInfo;
  }
}

export type { SavedModelInfo };
