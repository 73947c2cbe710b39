// CPU reference for shaders/matmul.wgsl: plain loops, float64 accumulation, the same layouts,
// strides, bias and accumulate semantics. Tests compare the GPU against it.
import { type MatmulShape, resolvedStrides } from './matmul.ts';

/** c = op(a)·op(b) (+ bias), or c += … when shape.accumulate. Returns c. */
export function matmulReference(
  c: Float32Array,
  a: Float32Array,
  b: Float32Array,
  shape: MatmulShape,
  bias?: Float32Array,
): Float32Array {
  const s = resolvedStrides(shape);
  for (let batch = 0; batch < s.batch; batch++) {
    const oa = batch * s.strideA;
    const ob = batch * s.strideB;
    const oc = batch * s.strideC;
    for (let m = 0; m < s.M; m++) {
      for (let n = 0; n < s.N; n++) {
        let sum = bias ? bias[n] : 0;
        for (let k = 0; k < s.K; k++) {
          const av = s.layout === 'tn' ? a[oa + k * s.M + m] : a[oa + m * s.K + k];
          const bv = s.layout === 'nt' ? b[ob + n * s.K + k] : b[ob + k * s.N + n];
          sum += av * bv;
        }
        const at = oc + m * s.N + n;
        c[at] = shape.accumulate ? c[at] + sum : sum;
      }
    }
  }
  return c;
}
