// pass@k, the unbiased estimator of Chen et al. (2021): with n samples of which c are correct,
// 1 − C(n − c, k) / C(n, k), the chance that k samples drawn without replacement hold a correct one.
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
