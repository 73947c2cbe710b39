// safetensors reader and writer for the checkpoint loader. Format: u64 little-endian header length
// N, N bytes of UTF-8 JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?},
// then the data, offsets relative to its start. The reader checks the whole header against the
// file before it allocates anything; every failure is a CheckpointError naming tensor and problem.
import { CheckpointError, DAMAGED_FILE_HINT } from './checkpointError.ts';
import { keyNestedTooDeep, MAX_JSON_DEPTH } from './jsonDepth.ts';
import { elementCount } from './parameters.ts';

export type SafetensorsDtype = 'F32' | 'F16' | 'BF16';

const BYTES_PER_ELEMENT: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2 };

/** A header is JSON text; more than this is no header of ours (safetensors' own bound is the same). */
export const MAX_HEADER_BYTES = 100_000_000;
const FILE = 'model.safetensors';
const MAX_RANK = 8;

export interface TensorEntry {
  dtype: SafetensorsDtype;
  shape: number[];
  /** Byte range inside the data section (after the header). */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  tensors: Map<string, TensorEntry>;
  metadata: Record<string, string>;
  /** File offset where the data section starts (8 + N). */
  dataStart: number;
}

/** A tensor as read: its stored dtype, and its values converted to f32. */
export interface SafetensorsTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float32Array;
}

function fail(problem: string, tensor?: string): never {
  const where = tensor === undefined ? FILE : `${FILE}: tensor "${tensor}"`;
  throw new CheckpointError(`${where}: ${problem}`, DAMAGED_FILE_HINT, { file: FILE, tensor });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function parseEntry(name: string, value: unknown, dataLength: number): TensorEntry {
  if (!isObject(value)) fail('header entry is not an object', name);
  const extra = Object.keys(value).filter((k) => !['dtype', 'shape', 'data_offsets'].includes(k));
  if (extra.length > 0) fail(`unexpected header field(s) ${extra.join(', ')}`, name);
  const { dtype, shape, data_offsets: offsets } = value;
  if (typeof dtype !== 'string' || !(dtype in BYTES_PER_ELEMENT)) {
    fail(`dtype ${JSON.stringify(dtype)} is not supported (F32, F16 or BF16)`, name);
  }
  if (!Array.isArray(shape) || shape.length > MAX_RANK || !shape.every(isIndex)) {
    fail(`shape ${JSON.stringify(shape)} is not a list of at most ${MAX_RANK} non-negative integers`, name);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex) || offsets[0] > offsets[1]) {
    fail(`data_offsets ${JSON.stringify(offsets)} is not [begin, end] with 0 <= begin <= end`, name);
  }
  const [begin, end] = offsets as [number, number];
  if (end > dataLength)
    fail(`data_offsets [${begin}, ${end}] run past the data section of ${dataLength} bytes`, name);
  const count = elementCount(shape);
  const bytes = count * BYTES_PER_ELEMENT[dtype as SafetensorsDtype];
  if (bytes !== end - begin) {
    fail(
      `shape ${JSON.stringify(shape)} of ${dtype} needs ${bytes} bytes but data_offsets span ${end - begin}`,
      name,
    );
  }
  return { dtype: dtype as SafetensorsDtype, shape, begin, end };
}

/** Reads and checks the header: bounds, UTF-8, JSON, each entry, and that the entries tile the data. */
export function readSafetensorsHeader(bytes: Uint8Array): SafetensorsHeader {
  if (bytes.length < 8) fail(`the file is ${bytes.length} bytes, too short to hold the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const headerLength = high * 2 ** 32 + low;
  if (headerLength > MAX_HEADER_BYTES) {
    fail(`header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  }
  if (headerLength > bytes.length - 8) {
    fail(`header length ${headerLength} exceeds the ${bytes.length - 8} bytes after it (file truncated?)`);
  }
  let json: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
    json = JSON.parse(text);
  } catch (error) {
    fail(`the header is not UTF-8 JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(json)) fail('the header is not a JSON object');
  const deep = keyNestedTooDeep(json);
  if (deep !== undefined) fail(`header entry nests more than ${MAX_JSON_DEPTH} levels deep`, deep);
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const tensors = new Map<string, TensorEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(json)) {
    if (name === '__metadata__') {
      if (!isObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
        fail('__metadata__ must map strings to strings');
      }
      metadata = value as Record<string, string>;
    } else {
      tensors.set(name, parseEntry(name, value, dataLength));
    }
  }
  checkTiling(tensors, dataLength);
  return { tensors, metadata, dataStart };
}

/** The spec's rule: the entries cover the data section exactly, without gaps or overlaps. */
function checkTiling(tensors: Map<string, TensorEntry>, dataLength: number): void {
  const sorted = [...tensors].sort(([, a], [, b]) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const [name, { begin, end }] of sorted) {
    if (begin < expected)
      fail(`data_offsets [${begin}, ${end}] overlap the previous tensor (ends at ${expected})`, name);
    if (begin > expected) fail(`data_offsets [${begin}, ${end}] leave a gap after byte ${expected}`, name);
    expected = end;
  }
  if (expected !== dataLength) {
    fail(
      `the tensors cover ${expected} bytes but the data section has ${dataLength} (truncated or padded file?)`,
    );
  }
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Index of the first NaN or infinity, read from the raw bits (before any allocation), or -1. */
function firstNonFinite(view: DataView, offset: number, count: number, dtype: SafetensorsDtype): number {
  for (let i = 0; i < count; i++) {
    const nonFinite =
      dtype === 'F32'
        ? (view.getUint32(offset + 4 * i, true) & 0x7f800000) === 0x7f800000
        : dtype === 'F16'
          ? (view.getUint16(offset + 2 * i, true) & 0x7c00) === 0x7c00
          : (view.getUint16(offset + 2 * i, true) & 0x7f80) === 0x7f80;
    if (nonFinite) return i;
  }
  return -1;
}

/** Checks every value is finite, then converts each tensor to f32. */
export function readTensorData(bytes: Uint8Array, header: SafetensorsHeader): Map<string, SafetensorsTensor> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const [name, { dtype, shape, begin }] of header.tensors) {
    const bad = firstNonFinite(view, header.dataStart + begin, elementCount(shape), dtype);
    if (bad >= 0) fail(`element ${bad} is NaN or infinite`, name);
  }
  const out = new Map<string, SafetensorsTensor>();
  for (const [name, { dtype, shape, begin, end }] of header.tensors) {
    const start = header.dataStart + begin;
    const data = new Float32Array(elementCount(shape));
    if (dtype === 'F32') new Uint8Array(data.buffer).set(bytes.subarray(start, header.dataStart + end));
    else if (dtype === 'F16')
      for (let i = 0; i < data.length; i++) data[i] = halfToFloat(view.getUint16(start + 2 * i, true));
    else
      for (let i = 0; i < data.length; i++) data[i] = bitsToFloat(view.getUint16(start + 2 * i, true) << 16);
    out.set(name, { dtype, shape, data });
  }
  return out;
}

const bitsScratch = new DataView(new ArrayBuffer(4));
function bitsToFloat(bits: number): number {
  bitsScratch.setUint32(0, bits >>> 0);
  return bitsScratch.getFloat32(0);
}

/** Reads a whole file: header checks, finiteness checks, then f32 tensors by name. */
export function readSafetensors(bytes: Uint8Array): Map<string, SafetensorsTensor> {
  return readTensorData(bytes, readSafetensorsHeader(bytes));
}

export interface TensorToWrite {
  shape: readonly number[];
  data: Float32Array;
}

/** Writes F32 tensors in the map's order; the header is space-padded to a multiple of 8 bytes. */
export function writeSafetensors(
  tensors: ReadonlyMap<string, TensorToWrite>,
  metadata?: Record<string, string>,
): Uint8Array<ArrayBuffer> {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const [name, { shape, data }] of tensors) {
    if (elementCount(shape) !== data.length) {
      throw new CheckpointError(
        `Cannot write tensor "${name}": shape ${JSON.stringify(shape)} holds ${elementCount(shape)} values, the data ${data.length}.`,
        'This is a bug in the caller: the weights do not match the parameter table.',
        { file: FILE, tensor: name },
      );
    }
    header[name] = { dtype: 'F32', shape: [...shape], data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + headerLength + offset);
  new DataView(bytes.buffer).setUint32(0, headerLength, true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const { data } of tensors.values()) {
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    at += data.byteLength;
  }
  return bytes;
}
