// The logits-processor chain, CPU reference: every stage between a row of logits and the draw,
// as small objects with one interface (apply to a distribution in rank order, observe the sampled
// token, reset between sequences). The GPU runs the same stages in the one batched decode loop
// (sample.wgsl and crowding.wgsl); these are the definitions the kernels are tested against.
// Order: temperature, then truncation (top-k, top-p on the top-k renormalised distribution,
// min-p), then CraEG's crowding reweighting (crowdingReference.ts).
import { type CraegParams, crowdStep, type StepCrowding } from './crowdingReference.ts';

/** A next-token distribution over tokens in rank order (highest logit first, ties to the lower id). */
export interface RankedDistribution {
  ranked: number[];
  /** Probability per rank; 0 past a truncation; sums to 1. */
  probs: Float64Array;
}

export interface LogitsProcessor {
  readonly name: string;
  /** Rewrites the distribution in place. */
  apply(distribution: RankedDistribution): void;
  /** The token the sampler drew after this step (for processors with memory). */
  observe(token: number): void;
  /** Forgets a sequence's history. */
  reset(): void;
}

const stateless = { observe() {}, reset() {} };

function normalise(probs: Float64Array): void {
  const total = probs.reduce((a, b) => a + b, 0);
  for (let r = 0; r < probs.length; r++) probs[r] /= total;
}

/** p ∝ p^(1/T), i.e. softmax(logits / T) from softmax(logits). */
export function temperature(t: number): LogitsProcessor {
  if (!(t > 0)) throw new RangeError(`temperature ${t} must be > 0 (greedy decoding takes no chain)`);
  return {
    name: 'temperature',
    ...stateless,
    apply({ probs }) {
      if (t === 1) return;
      const top = Math.log(probs[0]);
      for (let r = 0; r < probs.length; r++)
        probs[r] = probs[r] > 0 ? Math.exp((Math.log(probs[r]) - top) / t) : 0;
      normalise(probs);
    },
  };
}

/** Keeps the k highest ranks (0: all). */
export function topK(k: number): LogitsProcessor {
  return {
    name: 'top-k',
    ...stateless,
    apply({ probs }) {
      if (k <= 0 || k >= probs.length) return;
      probs.fill(0, k);
      normalise(probs);
    },
  };
}

/** Keeps the smallest prefix of ranks whose mass reaches p (1: all). */
export function topP(p: number): LogitsProcessor {
  return {
    name: 'top-p',
    ...stateless,
    apply({ probs }) {
      if (p >= 1) return;
      let before = 0;
      let kept = 0;
      while (kept < probs.length && probs[kept] > 0 && before < p) before += probs[kept++];
      probs.fill(0, Math.max(1, kept));
      normalise(probs);
    },
  };
}

/** Keeps ranks whose probability is at least minP times the top one's (0: all). */
export function minP(m: number): LogitsProcessor {
  return {
    name: 'min-p',
    ...stateless,
    apply({ probs }) {
      if (m <= 0) return;
      const floor = m * probs[0];
      for (let r = 1; r < probs.length; r++) if (probs[r] < floor) probs[r] = 0;
      normalise(probs);
    },
  };
}

/** CraEG (our reconstruction): `measured` holds the last step's crowding, for the metrics. */
export function craeg(
  params: CraegParams,
  unit: Float64Array,
  d: number,
): LogitsProcessor & { measured: StepCrowding | null } {
  const processor = {
    name: 'craeg',
    measured: null as StepCrowding | null,
    apply(distribution: RankedDistribution) {
      const step = crowdStep(distribution.ranked, distribution.probs, unit, d, params);
      distribution.probs.set(step.probs);
      processor.measured = step;
    },
    observe() {},
    reset() {
      processor.measured = null;
    },
  };
  return processor;
}

/** Runs the chain over a copy of `distribution`, returning the distribution after every stage. */
export function applyChain(
  distribution: RankedDistribution,
  chain: readonly LogitsProcessor[],
): { stage: string; probs: Float64Array }[] {
  const current = { ranked: distribution.ranked, probs: Float64Array.from(distribution.probs) };
  return chain.map((processor) => {
    processor.apply(current);
    return { stage: processor.name, probs: Float64Array.from(current.probs) };
  });
}
