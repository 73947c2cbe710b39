import { describe, expect, it } from 'vitest';
import { recordBytes } from './recordBytes.ts';

describe('recordBytes', () => {
  it('counts binary data by its bytes, a view by its own length only', () => {
    const buffer = new ArrayBuffer(1024);
    expect(recordBytes(new Uint8Array(buffer))).toBe(1024);
    expect(recordBytes(new Float32Array(buffer, 256, 16))).toBe(64);
    expect(recordBytes(buffer)).toBe(1024);
  });

  it('sums the keys and values of nested records', () => {
    const checkpoint = { runId: 'sft', files: { 'model.safetensors': new Uint8Array(100), step: 3 } };
    // 'runId' 5 + 'sft' 3 + 'files' 5 + 'model.safetensors' 17 + 100 + 'step' 4 + 8
    expect(recordBytes(checkpoint)).toBe(142);
    expect(recordBytes([1, 'ab', true, null])).toBe(11);
  });

  it('gives nothing for nothing', () => {
    expect(recordBytes(undefined)).toBe(0);
    expect(recordBytes({})).toBe(0);
  });
});
