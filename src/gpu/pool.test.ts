import { describe, expect, it } from 'vitest';
import { KernelArgumentError } from './errors.ts';
import { poolLayout } from './pool.ts';

describe('poolLayout', () => {
  it('places tensors at aligned offsets, sizes rounded to 16 bytes', () => {
    const { segments, places } = poolLayout([40, 4, 1024, 300], 256, 1 << 20);
    expect(places).toEqual([
      { segment: 0, offset: 0, size: 48 },
      { segment: 0, offset: 256, size: 16 },
      { segment: 0, offset: 512, size: 1024 },
      { segment: 0, offset: 1536, size: 304 },
    ]);
    expect(segments).toEqual([2048]);
  });

  it('opens a new segment when a tensor would cross the limit, and never overlaps', () => {
    const bytes = [600, 600, 100, 1024, 24];
    const { segments, places } = poolLayout(bytes, 256, 1024);
    expect(places.map((p) => p.segment)).toEqual([0, 1, 1, 2, 3]);
    for (const [i, p] of places.entries()) {
      expect(p.offset % 256).toBe(0);
      expect(p.offset + p.size).toBeLessThanOrEqual(segments[p.segment]);
      expect(segments[p.segment]).toBeLessThanOrEqual(1024);
      const next = places[i + 1];
      if (next?.segment === p.segment) expect(next.offset).toBeGreaterThanOrEqual(p.offset + p.size);
    }
  });

  it('refuses a tensor larger than one binding', () => {
    expect(() => poolLayout([16, 2048], 256, 1024)).toThrow(KernelArgumentError);
  });
});
