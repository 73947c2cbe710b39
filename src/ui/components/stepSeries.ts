// The pure part of StepSeriesChart: which rows of a long run it draws. An SVG with thousands of
// points per line makes a live page stutter, so a chart draws at most MAX_POINTS, evenly spaced,
// always with the first and the latest step. Kept apart from the component so Node tests it.

export const MAX_POINTS = 400;

/**
 * At most `max` of `rows` (max ≥ 2): every k-th from the first, and always the last. Multiples of
 * k rather than an even split of the whole, so a growing live series keeps the points it drew.
 */
export function thinSteps<T>(rows: readonly T[], max = MAX_POINTS): T[] {
  if (rows.length <= max) return [...rows];
  // One slot is kept for the last row: the multiples of `every` below n fill at most max - 1.
  const every = Math.ceil(rows.length / (max - 1));
  return rows.filter((_, i) => i % every === 0 || i === rows.length - 1);
}
