import { describe, expect, it } from 'vitest';
import { CheckpointError } from './checkpointError.ts';
import { MAX_HEADER_BYTES, readSafetensors, readSafetensorsHeader, writeSafetensors } from './safetensors.ts';

/** A safetensors file built by hand (not by our writer): header object, raw data, optional length field. */
function buildFile(header: unknown, data: Uint8Array, headerLength?: number): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const bytes = new Uint8Array(8 + json.length + data.length);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(headerLength ?? json.length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

function f32Bytes(values: number[]): Uint8Array {
  const view = new DataView(new ArrayBuffer(4 * values.length));
  values.forEach((v, i) => {
    view.setFloat32(4 * i, v, true);
  });
  return new Uint8Array(view.buffer);
}

function u16Bytes(values: number[]): Uint8Array {
  const view = new DataView(new ArrayBuffer(2 * values.length));
  values.forEach((v, i) => {
    view.setUint16(2 * i, v, true);
  });
  return new Uint8Array(view.buffer);
}

function readError(bytes: Uint8Array): CheckpointError {
  try {
    readSafetensors(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    return error as CheckpointError;
  }
  throw new Error('the file was accepted');
}

const TWO = {
  a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
  b: { dtype: 'F32', shape: [1, 1], data_offsets: [8, 12] },
};
const TWO_DATA = f32Bytes([1.5, -2, 3]);

describe('safetensors reader', () => {
  it('reads a hand-built file: names, shapes, values, metadata', () => {
    const bytes = buildFile({ __metadata__: { format: 'pt' }, ...TWO }, TWO_DATA);
    const tensors = readSafetensors(bytes);
    expect([...tensors.keys()]).toEqual(['a', 'b']);
    expect(tensors.get('a')).toEqual({ dtype: 'F32', shape: [2], data: Float32Array.from([1.5, -2]) });
    expect(tensors.get('b')?.shape).toEqual([1, 1]);
    expect(readSafetensorsHeader(bytes).metadata).toEqual({ format: 'pt' });
  });

  it('reads a file that starts at an odd offset inside a larger buffer', () => {
    const file = buildFile(TWO, TWO_DATA);
    const buffer = new Uint8Array(file.length + 3);
    buffer.set(file, 3);
    expect(readSafetensors(buffer.subarray(3)).get('b')?.data).toEqual(Float32Array.from([3]));
  });

  it('converts F16 and BF16 to f32 exactly', () => {
    // F16: 1, -2, 65504 (max), 2^-24 (smallest subnormal), -0.  BF16: 1, -3, 2^-133 (subnormal).
    const f16 = u16Bytes([0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000]);
    const bf16 = u16Bytes([0x3f80, 0xc040, 0x0001]);
    const data = new Uint8Array([...f16, ...bf16]);
    const header = {
      h: { dtype: 'F16', shape: [5], data_offsets: [0, 10] },
      b: { dtype: 'BF16', shape: [3], data_offsets: [10, 16] },
    };
    const tensors = readSafetensors(buildFile(header, data));
    expect([...(tensors.get('h')?.data ?? [])]).toEqual([1, -2, 65504, 2 ** -24, -0]);
    expect([...(tensors.get('b')?.data ?? [])]).toEqual([1, -3, 2 ** -133]);
    expect(tensors.get('h')?.dtype).toBe('F16');
  });

  it.each([
    ['a file shorter than the length field', new Uint8Array(5), 'too short'],
    ['a header length past the end of the file', buildFile(TWO, TWO_DATA, 4000), 'truncated'],
    ['a header length over 100 MB', buildFile(TWO, TWO_DATA, MAX_HEADER_BYTES + 1), 'limit'],
    ['a header length of 2^40', buildFile(TWO, TWO_DATA, 2 ** 40), 'limit'],
    ['a header that is not JSON', buildFile(TWO, TWO_DATA, 20), 'not UTF-8 JSON'],
    ['a header that is a JSON array', buildFile([TWO], TWO_DATA), 'not a JSON object'],
    ['a cut data section', buildFile(TWO, TWO_DATA.subarray(0, 10)), 'run past the data section'],
    ['trailing bytes', buildFile(TWO, new Uint8Array([...TWO_DATA, 0, 0, 0, 0])), 'data section has 16'],
    ['non-string metadata', buildFile({ __metadata__: { n: 1 }, ...TWO }, TWO_DATA), '__metadata__'],
  ])('rejects %s', (_, bytes, problem) => {
    expect(readError(bytes).message).toContain(problem);
  });

  it('rejects a header that is not UTF-8', () => {
    const bytes = buildFile({ xx: 1 }, new Uint8Array());
    bytes[10] = 0xff;
    expect(readError(bytes).message).toContain('UTF-8');
  });

  it.each([
    ['a dtype it cannot read', { dtype: 'F64', shape: [1], data_offsets: [0, 8] }, 'dtype "F64"'],
    ['a negative dimension', { dtype: 'F32', shape: [-2], data_offsets: [0, 8] }, 'shape [-2]'],
    ['a fractional dimension', { dtype: 'F32', shape: [1.5], data_offsets: [0, 8] }, 'shape'],
    ['offsets in the wrong order', { dtype: 'F32', shape: [2], data_offsets: [8, 0] }, 'data_offsets'],
    [
      'a shape that does not fill its bytes',
      { dtype: 'F32', shape: [3], data_offsets: [0, 8] },
      'needs 12 bytes',
    ],
    ['an unknown field', { dtype: 'F32', shape: [2], data_offsets: [0, 8], scale: 2 }, 'scale'],
  ])('rejects a tensor with %s, naming it', (_, entry, problem) => {
    const error = readError(buildFile({ ...TWO, a: entry }, TWO_DATA));
    expect(error.message).toContain('tensor "a"');
    expect(error.message).toContain(problem);
    expect(error.details.tensor).toBe('a');
  });

  it('rejects overlapping tensors and gaps', () => {
    const overlap = { ...TWO, b: { dtype: 'F32', shape: [1, 1], data_offsets: [4, 8] }, c: TWO.b };
    expect(readError(buildFile(overlap, TWO_DATA)).message).toMatch(/tensor "b".*overlap/);
    const gap = { a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: TWO.b };
    expect(readError(buildFile(gap, TWO_DATA)).message).toMatch(/tensor "b".*gap after byte 4/);
  });

  it('rejects NaN and infinity, naming tensor and element', () => {
    expect(readError(buildFile(TWO, f32Bytes([1, 2, Number.NaN]))).message).toMatch(
      /tensor "b".*element 0 is NaN/,
    );
    const inf16 = buildFile({ h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, u16Bytes([0, 0x7c00]));
    expect(readError(inf16).message).toMatch(/tensor "h".*element 1/);
    const nanBf16 = buildFile({ h: { dtype: 'BF16', shape: [1], data_offsets: [0, 2] } }, u16Bytes([0xffc1]));
    expect(readError(nanBf16).message).toContain('NaN');
  });
});

describe('safetensors writer', () => {
  it('writes what the reader reads back, header space-padded to a multiple of 8', () => {
    const tensors = new Map([
      ['x', { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, -6.25]) }],
      ['y', { shape: [1], data: Float32Array.from([1e-30]) }],
    ]);
    const bytes = writeSafetensors(tensors, { format: 'pt' });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    expect(String.fromCharCode(bytes[8])).toBe('{');
    expect(bytes[8 + headerLength - 1]).toBeOneOf([0x20, 0x7d]);
    const read = readSafetensors(bytes);
    expect(read.get('x')).toEqual({ dtype: 'F32', shape: [2, 3], data: tensors.get('x')?.data });
    expect(read.get('y')?.data).toEqual(Float32Array.from([1e-30]));
  });

  it('refuses data that does not fill its shape', () => {
    expect(() => writeSafetensors(new Map([['x', { shape: [4], data: new Float32Array(3) }]]))).toThrow(
      /"x"/,
    );
  });
});
