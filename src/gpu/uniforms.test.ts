import { describe, expect, it } from 'vitest';
import { assertMatchesWgsl, parseWgslStruct, uniformLayout } from './uniforms.ts';

const layout = uniformLayout('Sizes', { rows: 'u32', scale: 'f32', offset: 'i32' });

describe('uniform layouts', () => {
  it('pack each field little-endian at 4-byte steps, padded to 16 bytes', () => {
    const view = new DataView(layout.pack({ rows: 7, scale: 0.5, offset: -3 }));
    expect(view.byteLength).toBe(16);
    expect([view.getUint32(0, true), view.getFloat32(4, true), view.getInt32(8, true)]).toEqual([7, 0.5, -3]);
  });

  it('refuse values that do not fit their type', () => {
    expect(() => layout.pack({ rows: -1, scale: 0, offset: 0 })).toThrow(/rows/);
    expect(() => layout.pack({ rows: 1.5, scale: 0, offset: 0 })).toThrow(/u32/);
    expect(() => layout.pack({ rows: 1, scale: Number.NaN, offset: 0 })).toThrow(/scale/);
  });

  it('match the WGSL struct they describe, and name the difference when not', () => {
    const wgsl = 'struct Sizes {\n  rows: u32, // count\n  scale: f32,\n  offset: i32,\n}\nfn f() {}';
    expect(parseWgslStruct(wgsl, 'Sizes')).toEqual([
      ['rows', 'u32'],
      ['scale', 'f32'],
      ['offset', 'i32'],
    ]);
    expect(() => assertMatchesWgsl(layout, wgsl)).not.toThrow();
    expect(() => assertMatchesWgsl(layout, wgsl.replace('scale: f32', 'scale: u32'))).toThrow(/scale: u32/);
  });
});
