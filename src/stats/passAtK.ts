// Per-problem accuracy of n samples of which c are correct: pass@k, the unbiased estimator of
// Chen et al. (2021), 1 − C(n − c, k) / C(n, k), the chance that k samples drawn without replacement
// hold a correct one; and Avg@k, the share c / n of the samples that are correct.
export function passAtK(n: number, c: number, k: number): number {
  if (
    !(Number.isInteger(n) && Number.isInteger(c) && Number.isInteger(k)) ||
    c < 0 ||
    c > n ||
    k < 1 ||
    k > n
  ) {
    throw new RangeError(`pass@k needs integers 0 <= c <= n and 1 <= k <= n (n ${n}, c ${c}, k ${k})`);
  }
  if (n - c < k) return 1;
  // C(n−c, k) / C(n, k) = Π_{i=n−c+1}^{n} (1 − k / i), stable for large n.
  let miss = 1;
  for (let i = n - c + 1; i <= n; i++) miss *= 1 - k / i;
  return 1 - miss;
}

/** Avg@k with k = n samples: the share correct. @throws RangeError unless 0 <= c <= n and n >= 1 */
export function avgAtK(n: number, c: number): number {
  if (!(n >= 1 && c >= 0 && c <= n))
    throw new RangeError(`Avg@k needs 0 <= c <= n and n >= 1 (n ${n}, c ${c})`);
  return c / n;
}
