// PCA on points with known axes: an elongated cloud along a rotated direction.
import { describe, expect, it } from 'vitest';
import { principalComponents } from './pca.ts';
import { mulberry32 } from './random.ts';

describe('principal components', () => {
  it('finds the axes of an elongated cloud, their variance shares and the coordinates', () => {
    const random = mulberry32(4);
    const n = 2000;
    const angle = 0.6;
    const rows = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      const major = (random() - 0.5) * 10;
      const minor = (random() - 0.5) * 2;
      rows[i * 3] = 5 + major * Math.cos(angle) - minor * Math.sin(angle);
      rows[i * 3 + 1] = -2 + major * Math.sin(angle) + minor * Math.cos(angle);
      rows[i * 3 + 2] = (random() - 0.5) * 0.2;
    }
    const { components, explained, coordinates } = principalComponents(rows, n, 3, 2);
    expect(Math.abs(components[0] * Math.cos(angle) + components[1] * Math.sin(angle))).toBeCloseTo(1, 3);
    expect(Math.abs(-components[3] * Math.sin(angle) + components[4] * Math.cos(angle))).toBeCloseTo(1, 3);
    // Variances of uniform widths 10, 2 and 0.2: 100/12, 4/12, 0.04/12.
    expect(explained[0]).toBeCloseTo(100 / 104.04, 2);
    expect(explained[1]).toBeCloseTo(4 / 104.04, 2);
    let norm = 0;
    for (let j = 0; j < 3; j++) norm += components[j] ** 2;
    expect(norm).toBeCloseTo(1, 10);
    const mean0 = Array.from({ length: n }, (_, i) => coordinates[i * 2]).reduce((a, b) => a + b, 0) / n;
    expect(mean0).toBeCloseTo(0, 8);
    expect(() => principalComponents(rows, n, 3, 4)).toThrow(RangeError);
  });
});
