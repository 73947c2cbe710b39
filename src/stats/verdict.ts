// The one reading of a difference's interval in words, for every study and page: a 95% interval of
// arm − base that lies above 0 says the arm is higher, below 0 lower, and one that includes 0
// (touching it counts) says there is no detectable difference, so a null or reversed effect is said
// as such.

export type Direction = 'higher' | 'lower' | 'no detectable difference';

export interface IntervalVerdict {
  direction: Direction;
  /** "CraEG higher", "multiplex lower", or "no detectable difference (interval includes 0)". */
  words: string;
}

/** The verdict on a 95% interval of a difference, with `subject` naming the arm that was measured. */
export function intervalVerdict(interval: { low: number; high: number }, subject: string): IntervalVerdict {
  if (interval.low > 0) return { direction: 'higher', words: `${subject} higher` };
  if (interval.high < 0) return { direction: 'lower', words: `${subject} lower` };
  return { direction: 'no detectable difference', words: 'no detectable difference (interval includes 0)' };
}
