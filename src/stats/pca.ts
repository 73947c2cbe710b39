// Principal components of a small table of rows (e.g. the embedding table for the decoding
// microscope's 2-D map): the top k directions of the centred rows by power iteration on the d x d
// covariance with deflation, deterministic (fixed start vectors), and each row's coordinates.

export interface Projection {
  /** [n, k] coordinates of every row on the components. */
  coordinates: Float64Array;
  /** [k, d] unit component directions. */
  components: Float64Array;
  /** Share of the total variance each component explains. */
  explained: number[];
}

export function principalComponents(rows: ArrayLike<number>, n: number, d: number, k: number): Projection {
  if (k < 1 || k > d) throw new RangeError(`k ${k} must be within 1..${d}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += rows[i * d + j] / n;
  const centred = Float64Array.from({ length: n * d }, (_, at) => rows[at] - mean[at % d]);
  const covariance = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const x = centred[i * d + a];
      if (x === 0) continue;
      for (let b = 0; b < d; b++) covariance[a * d + b] += x * centred[i * d + b];
    }
  }
  const total = Array.from({ length: d }, (_, a) => covariance[a * d + a]).reduce((s, v) => s + v, 0);
  const components = new Float64Array(k * d);
  const explained: number[] = [];
  for (let c = 0; c < k; c++) {
    let v = Float64Array.from({ length: d }, (_, j) => 1 + 0.01 * ((j * (c + 3)) % 7));
    let eigenvalue = 0;
    for (let iteration = 0; iteration < 500; iteration++) {
      const next = new Float64Array(d);
      for (let a = 0; a < d; a++) {
        let sum = 0;
        for (let b = 0; b < d; b++) sum += covariance[a * d + b] * v[b];
        next[a] = sum;
      }
      // Deflation: remove the components already found.
      for (let p = 0; p < c; p++) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += next[j] * components[p * d + j];
        for (let j = 0; j < d; j++) next[j] -= dot * components[p * d + j];
      }
      const norm = Math.sqrt(next.reduce((s, x) => s + x * x, 0));
      if (norm === 0) break;
      const change = next.reduce((s, x, j) => s + Math.abs(x / norm - v[j]), 0);
      v = next.map((x) => x / norm);
      eigenvalue = norm;
      if (change < 1e-12) break;
    }
    components.set(v, c * d);
    explained.push(total > 0 ? eigenvalue / total : 0);
  }
  const coordinates = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += centred[i * d + j] * components[c * d + j];
      coordinates[i * k + c] = dot;
    }
  }
  return { coordinates, components, explained };
}
