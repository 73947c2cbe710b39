// Per-problem figures of an arm's judged samples, the values the studies bootstrap over problems:
// Avg@k (the share correct) and pass@k (the unbiased estimator) from the verifier's verdicts.
import { avgAtK, passAtK } from '../../stats/passAtK.ts';

type Verdicts = readonly { correct: boolean }[];

const correctOf = (samples: Verdicts) => samples.filter((s) => s.correct).length;

/** Avg@k of one problem's k samples. */
export function avgOf(samples: Verdicts): number {
  return avgAtK(samples.length, correctOf(samples));
}

/** Pass@m of one problem's k samples (m <= k). */
export function passOf(samples: Verdicts, m: number): number {
  return passAtK(samples.length, correctOf(samples), m);
}
