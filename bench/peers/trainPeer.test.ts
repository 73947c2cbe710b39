import { describe, expect, it } from 'vitest';
import { blasKind } from './trainPeer.ts';

describe('blasKind', () => {
  it('tells the optimized libraries from the reference BLAS and from what it cannot name', () => {
    expect(blasKind('/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblasp-r0.3.21.so')).toBe('openblas');
    expect(blasKind('/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3')).toBe('openblas');
    expect(blasKind('/opt/intel/lib/libmkl_rt.so.2')).toBe('mkl');
    expect(blasKind('/usr/lib/x86_64-linux-gnu/blis-openmp/libblas.so.3')).toBe('blis');
    expect(blasKind('/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0')).toBe('reference');
    expect(blasKind('unknown')).toBe('unknown');
  });
});
