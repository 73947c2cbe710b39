// Logistic regression by Newton's method (IRLS) with an intercept, for the association analyses
// of the method benchmarks (e.g. CraEG: correctness on sequence crowding with entropy as a
// covariate). Returns each coefficient with its standard error from the inverse Fisher
// information and a 95% Wald interval.

export interface LogisticFit {
  /** Intercept first, then one per feature. */
  coefficients: number[];
  standardErrors: number[];
  low: number[];
  high: number[];
  iterations: number;
  converged: boolean;
  n: number;
}

/** The inverse of a small dense matrix (Gauss-Jordan with partial pivoting). */
function invert(matrix: number[][]): number[][] {
  const p = matrix.length;
  const a = matrix.map((row, i) => [...row, ...Array.from({ length: p }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const scale = a[col][col];
    if (Math.abs(scale) < 1e-300)
      throw new RangeError(
        'the information matrix is singular (a constant or collinear feature, or outcomes that a feature separates perfectly)',
      );
    for (let j = 0; j < 2 * p; j++) a[col][j] /= scale;
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const factor = a[r][col];
      for (let j = 0; j < 2 * p; j++) a[r][j] -= factor * a[col][j];
    }
  }
  return a.map((row) => row.slice(p));
}

/** Fits P(y = 1 | x) = σ(b0 + Σ b_j x_j); `features[i]` is observation i's x. */
export function fitLogistic(
  features: readonly number[][],
  outcomes: readonly number[],
  maxIterations = 50,
): LogisticFit {
  const n = outcomes.length;
  if (n === 0 || features.length !== n)
    throw new RangeError('need one feature row per outcome, and at least one');
  const rows = features.map((x) => [1, ...x]);
  const p = rows[0].length;
  const beta = new Array(p).fill(0);
  let information: number[][] = [];
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const gradient = new Array(p).fill(0);
    information = Array.from({ length: p }, () => new Array(p).fill(0));
    for (let i = 0; i < n; i++) {
      const eta = rows[i].reduce((a, x, j) => a + x * beta[j], 0);
      const mu = 1 / (1 + Math.exp(-eta));
      const w = mu * (1 - mu);
      for (let j = 0; j < p; j++) {
        gradient[j] += (outcomes[i] - mu) * rows[i][j];
        for (let k = 0; k < p; k++) information[j][k] += w * rows[i][j] * rows[i][k];
      }
    }
    const inverse = invert(information);
    let change = 0;
    for (let j = 0; j < p; j++) {
      const step = inverse[j].reduce((a, v, k) => a + v * gradient[k], 0);
      beta[j] += step;
      change = Math.max(change, Math.abs(step));
    }
    if (change < 1e-10) {
      converged = true;
      break;
    }
  }
  const inverse = invert(information);
  const standardErrors = inverse.map((row, j) => Math.sqrt(row[j]));
  return {
    coefficients: beta,
    standardErrors,
    low: beta.map((b, j) => b - 1.96 * standardErrors[j]),
    high: beta.map((b, j) => b + 1.96 * standardErrors[j]),
    iterations,
    converged,
    n,
  };
}
