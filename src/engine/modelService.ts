// The model the engine holds: the catalog of shipped models (public/models/index.json), loading
// one by name onto the GPU (replacing the previous one only once the new one is ready), and a
// self-check of its GPU forward against the CPU reference.
import type { GpuContext } from '../gpu/device.ts';
import { readF32 } from '../gpu/readback.ts';
import { fetchCheckpoint } from '../model/checkpoint.ts';
import { CheckpointError } from '../model/checkpointError.ts';
import type { LlamaConfig } from '../model/config.ts';
import { KvCache } from '../model/kvCache.ts';
import { type ModelWeights, parameterCount } from '../model/parameters.ts';
import { ReferenceKvCache, referenceForward, tokenChunk } from '../model/referenceModel.ts';
import { GpuTransformer } from '../model/transformer.ts';
import { relativeError } from '../testing/allclose.ts';
import { mulberry32 } from '../testing/random.ts';

export interface CatalogEntry {
  name: string;
  summary: string;
}

export interface ModelCatalog {
  default: string;
  models: CatalogEntry[];
}

export interface ModelInfo {
  name: string;
  /** Where its folder is served, e.g. /models/tiny-test/ */
  url: string;
  config: LlamaConfig;
  parameters: number;
  /** From card.json; null when the folder has no card. */
  trained: boolean | null;
  description: string;
  /** GPU memory of weights and workspaces. */
  gpuBytes: number;
}

export interface ModelCheck {
  model: string;
  seed: number;
  /** Tokens in the seeded random prompt. */
  tokens: number;
  /** max |GPU − CPU| / max |CPU| over every logit. */
  relativeError: number;
  bound: number;
  ok: boolean;
  /** The first run, with pipeline compiles, upload and readback. */
  firstGpuMs: number;
  /** A second run of the same prompt, with upload and readback. */
  gpuMs: number;
  cpuMs: number;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** The GPU forward's aim against the CPU reference (transformer.gpu.test.ts states the same). */
const RELATIVE_ERROR_BOUND = 1e-4;

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

async function fetchCard(url: string): Promise<{ trained: boolean | null; description: string }> {
  try {
    const response = await fetch(`${url}card.json`);
    if (!response.ok || (response.headers.get('content-type') ?? '').includes('text/html')) throw new Error();
    const card = (await response.json()) as { trained?: unknown; description?: unknown };
    return {
      trained: typeof card.trained === 'boolean' ? card.trained : null,
      description: typeof card.description === 'string' ? card.description : '',
    };
  } catch {
    return { trained: null, description: '' };
  }
}

/** A folder that does not exist gets a plainer message than a missing file would. */
async function missingModel(name: string, error: unknown): Promise<never> {
  const status = error instanceof CheckpointError ? error.details.status : undefined;
  const notFound = status === 404 || (status === 200 && /HTML page/.test((error as Error).message));
  if (!notFound) throw error;
  const catalog = await fetchCatalog().catch(() => null);
  const shipped = catalog ? catalog.models.map((m) => m.name).join(', ') : 'see public/models/';
  throw new CheckpointError(
    `There is no model "${name}": /models/${name}/config.json was not found.`,
    `The shipped models are: ${shipped}. Choose one with ?model=<name>.`,
    { field: 'model', url: `/models/${name}/` },
  );
}

export class ModelService {
  private model: { info: Omit<ModelInfo, 'gpuBytes'>; weights: ModelWeights; gpu: GpuTransformer } | null =
    null;

  get info(): ModelInfo | null {
    return this.model ? { ...this.model.info, gpuBytes: this.model.gpu.bytes } : null;
  }

  /** @throws CheckpointError for a bad name, a missing folder or a malformed checkpoint */
  async load(gpu: GpuContext, name: string): Promise<ModelInfo> {
    if (!NAME.test(name)) {
      throw new CheckpointError(
        `"${name}" is not a model name.`,
        'A model name is a folder under public/models/: letters, digits, ".", "_" and "-".',
        { field: 'model' },
      );
    }
    const url = `/models/${name}/`;
    const [checkpoint, card] = await Promise.all([
      fetchCheckpoint(url).catch((error: unknown) => missingModel(name, error)),
      fetchCard(url),
    ]);
    const { config, weights } = checkpoint;
    const transformer = await GpuTransformer.create(gpu, config, weights);
    this.unload();
    this.model = {
      info: { name, url, config, parameters: parameterCount(config), ...card },
      weights,
      gpu: transformer,
    };
    return this.info as ModelInfo;
  }

  /** Runs a seeded random prompt through the GPU forward and the CPU reference and compares logits. */
  async check(gpu: GpuContext, seed: number): Promise<ModelCheck> {
    if (!this.model) throw new CheckpointError('No model is loaded.', 'Load a model first.');
    const { config } = this.model.info;
    const next = mulberry32(seed);
    const length = Math.min(24, config.max_position_embeddings);
    const prompt = Array.from({ length }, () => Math.floor(next() * config.vocab_size));
    const input = tokenChunk([prompt], [0], config.pad_token_id);
    const cache = new KvCache(gpu, config, 1);
    try {
      const run = async () => {
        const started = performance.now();
        const acts = await (this.model as NonNullable<typeof this.model>).gpu.forward(input, cache);
        const logits = await readF32(gpu, acts.logits, length * config.vocab_size);
        return { logits, ms: performance.now() - started };
      };
      const first = await run();
      const { logits: actual, ms: gpuMs } = await run();
      const cpuStarted = performance.now();
      const expected = referenceForward(
        config,
        this.model.weights,
        input,
        new ReferenceKvCache(config, 1),
      ).logits;
      const cpuMs = performance.now() - cpuStarted;
      const error = relativeError(actual, expected);
      return {
        model: this.model.info.name,
        seed,
        tokens: length,
        relativeError: error,
        bound: RELATIVE_ERROR_BOUND,
        ok: error <= RELATIVE_ERROR_BOUND,
        firstGpuMs: first.ms,
        gpuMs,
        cpuMs,
      };
    } finally {
      cache.destroy();
    }
  }

  /** Frees the model's GPU memory. */
  unload(): void {
    this.model?.gpu.destroy();
    this.model = null;
  }
}
