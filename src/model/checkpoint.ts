// A checkpoint is an HF Llama folder: config.json, model.safetensors, tokenizer.json and
// tokenizer_config.json (design §3). This module loads one (checking every tensor against the
// parameter table before any weight is copied), saves one, and fetches one by URL in the browser.
import { CheckpointError, DAMAGED_FILE_HINT } from './checkpointError.ts';
import type { LlamaConfig } from './config.ts';
import { configToJson, parseConfig } from './config.ts';
import { keyNestedTooDeep, MAX_JSON_DEPTH } from './jsonDepth.ts';
import type { ModelWeights } from './parameters.ts';
import { parameterTable } from './parameters.ts';
import { readSafetensorsHeader, readTensorData, writeSafetensors } from './safetensors.ts';
import { parseTokenizerJson, tokenizerConfigJson, tokenizerJson, VOCAB_SIZE } from './tokenizer.ts';

export interface CheckpointFiles {
  /** config.json, as text or already parsed. */
  config: unknown;
  safetensors: Uint8Array;
  /** tokenizer.json, as text or parsed; when given it must be this lab's tokenizer. */
  tokenizer?: unknown;
}

export interface Checkpoint {
  config: LlamaConfig;
  weights: ModelWeights;
}

/** The files of a checkpoint folder, ready to write or to offer as downloads. */
export interface CheckpointFolder {
  'config.json': string;
  'model.safetensors': Uint8Array<ArrayBuffer>;
  'tokenizer.json': string;
  'tokenizer_config.json': string;
  /** The special ids for HF generate() (transformers.js reads it when present). */
  'generation_config.json': string;
}

export const CHECKPOINT_FILES = [
  'config.json',
  'model.safetensors',
  'tokenizer.json',
  'tokenizer_config.json',
] as const;

/** The file's JSON (text is parsed), checked to nest no deeper than the validators can quote. */
function parseJsonFile(file: string, value: unknown): unknown {
  let json = value;
  if (typeof value === 'string') {
    try {
      json = JSON.parse(value);
    } catch (error) {
      throw new CheckpointError(`${file} is not valid JSON: ${(error as Error).message}`, DAMAGED_FILE_HINT, {
        file,
      });
    }
  }
  const deep = keyNestedTooDeep(json);
  if (deep !== undefined) {
    throw new CheckpointError(
      `${file}: "${deep}" nests more than ${MAX_JSON_DEPTH} levels deep`,
      DAMAGED_FILE_HINT,
      { file, field: deep },
    );
  }
  return json;
}

function shapeError(tensor: string, problem: string, hint: string): CheckpointError {
  return new CheckpointError(`model.safetensors: tensor "${tensor}" ${problem}`, hint, {
    file: 'model.safetensors',
    tensor,
  });
}

const MISMATCH_HINT =
  'config.json and model.safetensors describe different models: keep the two files of one save together.';

/** Validates config, every tensor's presence and shape, then values; returns f32 weights by HF name. */
export function loadCheckpoint(files: CheckpointFiles): Checkpoint {
  const config = parseConfig(parseJsonFile('config.json', files.config));
  if (files.tokenizer !== undefined) {
    parseTokenizerJson(parseJsonFile('tokenizer.json', files.tokenizer));
    if (config.vocab_size !== VOCAB_SIZE) {
      throw new CheckpointError(
        `config.json: vocab_size is ${config.vocab_size} but the tokenizer has ${VOCAB_SIZE} tokens.`,
        'The model was built for another vocabulary; it cannot be used with this lab.',
        { file: 'config.json', field: 'vocab_size' },
      );
    }
  }
  const header = readSafetensorsHeader(files.safetensors);
  const table = parameterTable(config);
  for (const { name, shape } of table) {
    const entry = header.tensors.get(name);
    if (entry === undefined) throw shapeError(name, 'is missing', MISMATCH_HINT);
    if (entry.shape.length !== shape.length || entry.shape.some((dim, i) => dim !== shape[i])) {
      throw shapeError(
        name,
        `has shape ${JSON.stringify(entry.shape)}, expected ${JSON.stringify(shape)}`,
        MISMATCH_HINT,
      );
    }
  }
  if (header.tensors.size !== table.length) {
    const known = new Set(table.map((spec) => spec.name));
    const extra = [...header.tensors.keys()].find((name) => !known.has(name)) ?? '';
    const hint =
      extra === 'lm_head.weight'
        ? 'This lab ties the output head to the embedding (tie_word_embeddings): save the model without lm_head.weight.'
        : MISMATCH_HINT;
    throw shapeError(extra, 'is not a parameter of this config', hint);
  }
  const tensors = readTensorData(files.safetensors, header);
  const weights: ModelWeights = new Map();
  for (const { name } of table) weights.set(name, (tensors.get(name) as { data: Float32Array }).data);
  return { config, weights };
}

/** The four files of a folder; the weights are checked against the table as they are written. */
export function saveCheckpoint(config: LlamaConfig, weights: ModelWeights): CheckpointFolder {
  const tensors = new Map(
    parameterTable(config).map(({ name, shape }) => {
      const data = weights.get(name);
      if (data === undefined) {
        throw new CheckpointError(
          `Cannot save: the weights have no tensor "${name}".`,
          'This is a bug in the caller.',
          {
            tensor: name,
          },
        );
      }
      return [name, { shape, data }] as const;
    }),
  );
  return {
    'config.json': configToJson(config),
    'model.safetensors': writeSafetensors(tensors, { format: 'pt' }),
    'tokenizer.json': `${JSON.stringify(tokenizerJson(), null, 2)}\n`,
    'tokenizer_config.json': `${JSON.stringify(tokenizerConfigJson(config.max_position_embeddings), null, 2)}\n`,
    'generation_config.json': `${JSON.stringify(
      {
        bos_token_id: config.bos_token_id,
        eos_token_id: config.eos_token_id,
        pad_token_id: config.pad_token_id,
      },
      null,
      2,
    )}\n`,
  };
}

/** The bytes at url; a network error, an HTTP error or an HTML fallback page is a CheckpointError. */
async function fetchBytes(url: string, fetchImpl: typeof fetch): Promise<Uint8Array> {
  let response: Response;
  let body: ArrayBuffer;
  try {
    response = await fetchImpl(url);
    body = await response.arrayBuffer();
  } catch (error) {
    throw new CheckpointError(
      `Could not fetch ${url}: ${(error as Error).message}`,
      'Check the address and the network.',
      {
        url,
      },
    );
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!response.ok || contentType.includes('text/html')) {
    const problem = response.ok
      ? 'an HTML page (a dev server answers so for a missing file)'
      : `HTTP ${response.status}`;
    throw new CheckpointError(
      `Fetching ${url} gave ${problem}.`,
      `The checkpoint folder needs ${CHECKPOINT_FILES.join(', ')}; check the folder and the model name.`,
      { url, status: response.status },
    );
  }
  return new Uint8Array(body);
}

/**
 * Fetches and loads the folder at baseUrl (e.g. '/models/tiny-test'). fetchImpl lets Node tests
 * serve files without a server.
 */
export async function fetchCheckpoint(baseUrl: string, fetchImpl: typeof fetch = fetch): Promise<Checkpoint> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const [config, safetensors, tokenizer, tokenizerConfig] = await Promise.all(
    CHECKPOINT_FILES.map((file) => fetchBytes(`${base}${file}`, fetchImpl)),
  );
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  const tokenizerConfigValue = parseJsonFile('tokenizer_config.json', text(tokenizerConfig));
  if (typeof tokenizerConfigValue !== 'object' || tokenizerConfigValue === null) {
    throw new CheckpointError('tokenizer_config.json is not a JSON object.', DAMAGED_FILE_HINT, {
      file: 'tokenizer_config.json',
    });
  }
  return loadCheckpoint({ config: text(config), safetensors, tokenizer: text(tokenizer) });
}
