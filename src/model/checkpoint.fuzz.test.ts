// Seeded fuzzing of the checkpoint loader on model.safetensors: ten thousand mutations of a valid
// file (bytes flipped, cut, inserted, the length field rewritten, the JSON header edited by key or
// as text, NaNs planted) must each end in a valid load or a CheckpointError naming the file, never
// another exception or a hang. checkpointJson.fuzz.test.ts does the same for config and tokenizer.
import { describe, expect, it } from 'vitest';
import {
  DEEP_ARRAY,
  ODD_VALUES as JSON_ODD_VALUES,
  mutateJson,
  serializeJson,
} from '../testing/jsonMutations.ts';
import { mulberry32 } from '../testing/random.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { CheckpointError } from './checkpointError.ts';
import { defaultConfig } from './config.ts';
import { parameterCount, randomWeights } from './parameters.ts';

const MUTATIONS = 10_000;
const config = defaultConfig({
  vocab_size: 16,
  hidden_size: 8,
  num_hidden_layers: 1,
  num_attention_heads: 2,
  num_key_value_heads: 1,
  head_dim: 4,
  intermediate_size: 8,
});
const folder = saveCheckpoint(config, randomWeights(config, 11));
const valid = folder['model.safetensors'];
const headerLength = Number(new DataView(valid.buffer).getBigUint64(0, true));
const header = JSON.parse(new TextDecoder().decode(valid.subarray(8, 8 + headerLength))) as Record<
  string,
  unknown
>;

type Random = () => number;
const int = (random: Random, n: number) => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)];

const ODD_VALUES = [...JSON_ODD_VALUES, 1, 3, 2 ** 31, 2 ** 53, 2 ** 60, 'F16', 'BF16', 'F64'];

function withLength(json: Uint8Array, data: Uint8Array, length = json.length): Uint8Array {
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

/** A structural edit of the JSON header: one field of one entry, or entries added, removed, renamed. */
function editHeader(random: Random): Uint8Array {
  const edited = structuredClone(header) as Record<string, Record<string, unknown>>;
  const names = Object.keys(edited).filter((key) => key !== '__metadata__');
  const name = pick(random, names);
  const entry = edited[name];
  const field = pick(random, ['dtype', 'shape', 'data_offsets', 'extra']);
  switch (int(random, 9)) {
    case 0:
      entry[field] = pick(random, ODD_VALUES);
      break;
    case 1: {
      const list = entry[field];
      if (Array.isArray(list) && list.length > 0) list[int(random, list.length)] = pick(random, ODD_VALUES);
      break;
    }
    case 2: {
      const list = entry[field];
      if (Array.isArray(list) && list.length > 0) {
        const i = int(random, list.length);
        if (typeof list[i] === 'number') list[i] += pick(random, [-4, -1, 1, 4, 8]);
      }
      break;
    }
    case 3:
      delete edited[name];
      break;
    case 4:
      edited[`${name}x`] = entry;
      delete edited[name];
      break;
    case 5:
      edited.__metadata__ = pick(random, [{ a: 1 }, { a: 'b' }, 'meta', null]) as Record<string, unknown>;
      break;
    case 6: {
      const offsets = entry.data_offsets as number[];
      const shift = pick(random, [-8, -4, 4, 8, 4096]);
      entry.data_offsets = [offsets[0] + shift, offsets[1] + shift];
      break;
    }
    case 7: {
      const other = edited[pick(random, names)];
      [entry.data_offsets, other.data_offsets] = [other.data_offsets, entry.data_offsets];
      break;
    }
    default:
      return withLength(
        new TextEncoder().encode(serializeJson(pick(random, ODD_VALUES))),
        valid.subarray(8 + headerLength),
      );
  }
  return withLength(new TextEncoder().encode(serializeJson(edited)), valid.subarray(8 + headerLength));
}

/** A text or key edit of the header's JSON (src/testing/jsonMutations.ts), its length kept true. */
function mutateHeaderJson(random: Random): Uint8Array {
  const { text } = mutateJson(random, JSON.stringify(header));
  return withLength(new TextEncoder().encode(text), valid.subarray(8 + headerLength));
}

function mutateBytes(random: Random, kind: number): Uint8Array {
  const bytes = Uint8Array.from(valid);
  const view = new DataView(bytes.buffer);
  switch (kind) {
    case 0:
      for (let n = 1 + int(random, 4); n > 0; n--) bytes[int(random, bytes.length)] = int(random, 256);
      return bytes;
    case 1:
      bytes[int(random, 8 + headerLength)] ^= 1 << int(random, 8);
      return bytes;
    case 2:
      return bytes.subarray(0, int(random, bytes.length));
    case 3:
      return Uint8Array.from([
        ...bytes,
        ...Array.from({ length: 1 + int(random, 16) }, () => int(random, 256)),
      ]);
    case 4:
      view.setUint32(
        pick(random, [0, 4]),
        pick(random, [headerLength + int(random, 17) - 8, int(random, 2 ** 32)]),
        true,
      );
      return bytes;
    case 5: {
      const at = 8 + headerLength + 4 * int(random, parameterCount(config));
      view.setUint32(at, pick(random, [0x7fc00000, 0x7f800000, 0xff800000, 0x7f800001]), true);
      return bytes;
    }
    default: {
      const at = int(random, bytes.length);
      const cut = int(random, 5);
      return Uint8Array.from([
        ...bytes.subarray(0, at),
        ...Array.from({ length: int(random, 5) }, () => 32),
        ...bytes.subarray(at + cut),
      ]);
    }
  }
}

describe('checkpoint loader under fuzzing', () => {
  it(`ends each of ${MUTATIONS} seeded mutations in a valid load or a CheckpointError naming the file`, () => {
    const random = mulberry32(20240601);
    const outcomes = { loaded: 0, rejected: 0 };
    const started = performance.now();
    for (let i = 0; i < MUTATIONS; i++) {
      const kind = int(random, 10);
      const safetensors =
        kind === 8 ? editHeader(random) : kind === 9 ? mutateHeaderJson(random) : mutateBytes(random, kind);
      try {
        const { weights } = loadCheckpoint({ config: folder['config.json'], safetensors });
        for (const data of weights.values()) expect(data.every(Number.isFinite)).toBe(true);
        outcomes.loaded++;
      } catch (error) {
        if (!(error instanceof CheckpointError) || error.details.file !== 'model.safetensors') {
          throw new Error(
            `mutation ${i} (kind ${kind}) threw ${String(error).slice(0, 200)}, not a CheckpointError of model.safetensors`,
          );
        }
        outcomes.rejected++;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `fuzz: ${MUTATIONS} mutations, ${outcomes.loaded} loaded, ${outcomes.rejected} rejected, ${seconds.toFixed(2)} s`,
    );
    expect(outcomes.loaded).toBeGreaterThan(100);
    expect(outcomes.rejected).toBeGreaterThan(MUTATIONS / 2);
  });

  it('names a header entry nested 100,000 deep (a mutation that overflowed the stack)', () => {
    const name = 'model.norm.weight';
    const edited = { ...header, [name]: { ...(header[name] as object), shape: DEEP_ARRAY } };
    const safetensors = withLength(
      new TextEncoder().encode(serializeJson(edited)),
      valid.subarray(8 + headerLength),
    );
    expect(() => loadCheckpoint({ config: folder['config.json'], safetensors })).toThrow(
      `model.safetensors: tensor "${name}": header entry nests more than 32 levels deep`,
    );
  });
});
