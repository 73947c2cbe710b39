// One comparison for every numeric test: |actual - expected| <= atol + rtol * |expected| for all
// elements. On failure the message names the first bad index, the worst difference and the count.

export interface Tolerance {
  rtol: number;
  atol: number;
}

export interface CloseReport {
  ok: boolean;
  maxAbsDiff: number;
  badCount: number;
  message: string;
}

export function compareClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { rtol, atol }: Tolerance,
): CloseReport {
  if (actual.length !== expected.length) {
    return {
      ok: false,
      maxAbsDiff: Number.POSITIVE_INFINITY,
      badCount: -1,
      message: `length ${actual.length} != expected ${expected.length}`,
    };
  }
  let maxAbsDiff = 0;
  let badCount = 0;
  let firstBad = -1;
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    const bad = !(diff <= atol + rtol * Math.abs(expected[i]));
    if (bad) {
      badCount++;
      if (firstBad < 0) firstBad = i;
    }
    if (diff > maxAbsDiff || Number.isNaN(diff)) maxAbsDiff = Number.isNaN(diff) ? Number.NaN : diff;
  }
  const message =
    badCount === 0
      ? `all ${actual.length} close (max |diff| ${maxAbsDiff.toExponential(2)})`
      : `${badCount}/${actual.length} not close (rtol ${rtol}, atol ${atol}); first at [${firstBad}]: ` +
        `${actual[firstBad]} vs ${expected[firstBad]}; max |diff| ${maxAbsDiff}`;
  return { ok: badCount === 0, maxAbsDiff, badCount, message };
}

/** Throws with compareClose's message unless every element is close. */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance,
): void {
  const report = compareClose(actual, expected, tolerance);
  if (!report.ok) throw new Error(report.message);
}

/** max |actual - expected| / max |expected|: the error relative to the array's scale. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let maxDiff = 0;
  let scale = 0;
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    maxDiff = Number.isNaN(diff) ? Number.NaN : Math.max(maxDiff, diff);
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return scale === 0 ? maxDiff : maxDiff / scale;
}
