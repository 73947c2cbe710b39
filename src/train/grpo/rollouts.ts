// Rollouts for the one GRPO core as strategy objects (design §9). GrpoStep trains on samples, G
// per prompt in prompt order; a sample is one or more rows (a prompt, a response, a per-token loss
// mask) sharing one reward and one advantage. sampledRollouts draws G samples of each prompt (the
// default); forcedPrefixRollouts feeds a given token sequence (a mode or budget token) after the
// prompt as the first RESPONSE tokens, so they are trained and judged like sampled ones;
// producedRollouts takes any async producer of samples a method writes (organizer + workers, the
// turns of an episode), which gets the generator and the step's prompts, seed and sampling.
import type { Generator } from '../../decoding/generate.ts';
import type { FinishReason, MultiplexTrace } from '../../decoding/generation.ts';
import type { MultiplexSettings } from '../../decoding/multiplexReference.ts';
import type { SamplingParams } from '../../decoding/samplerReference.ts';

/** One training row: the update scores every response token whose mask is 1. */
export interface RolloutRow {
  prompt: number[];
  response: number[];
  /** Per response token, 1 trained or 0 not (a teacher-forced reply); absent: all trained. */
  mask?: ArrayLike<number>;
  finish: FinishReason;
  /** Multiplex rollouts: the mixture each response position fed back. */
  multiplex?: MultiplexTrace;
}

/** One of the G samples of prompt `group`: its rows share its reward and its advantage. */
export interface RolloutSample {
  group: number;
  sample: number;
  rows: RolloutRow[];
  /**
   * What the reward judges: a one-row sample's response (a forced prefix included); a multi-row
   * sample's producer says which tokens (e.g. the organizer's final row).
   */
  response: number[];
  finish: FinishReason;
}

/** What a strategy gets to roll out one step. */
export interface RolloutRequest {
  generator: Pick<Generator, 'generate'>;
  /** Token ids of each prompt, `<bos>` included. */
  prompts: number[][];
  groupSize: number;
  seed: number;
  sampling: SamplingParams;
  maxNewTokens: number;
  stopStrings?: string[];
  multiplex?: MultiplexSettings;
}

export interface RolloutStrategy {
  readonly name: string;
  /** P * G samples, sample s of prompt g at g * G + s. */
  rollout(request: RolloutRequest): Promise<RolloutSample[]>;
}

/** Decode steps between readbacks of a rollout's generation. */
const SYNC_EVERY = 16;

/** The default: G samples of each prompt, each one row. */
export function sampledRollouts(): RolloutStrategy {
  return forcedPrefix('sampled', () => []);
}

/**
 * G samples of each prompt, generated after `prefixOf(group)` (e.g. [<no_think>]); the prefix
 * opens every row's response, so it gets a behaviour log-prob, a ratio, an advantage and a
 * gradient, and the reward sees it. maxNewTokens counts the tokens generated after it;
 * multiplex rollouts feed its tokens one-hot.
 */
export function forcedPrefixRollouts(prefixOf: (group: number) => readonly number[]): RolloutStrategy {
  return forcedPrefix('forced prefix', prefixOf);
}

function forcedPrefix(name: string, prefixOf: (group: number) => readonly number[]): RolloutStrategy {
  return {
    name,
    async rollout(r) {
      const prefixes = r.prompts.map((_, g) => [...prefixOf(g)]);
      const generation = await r.generator.generate({
        prompts: r.prompts.map((prompt, g) => [...prompt, ...prefixes[g]]),
        samplesPerPrompt: r.groupSize,
        sampling: r.sampling,
        seed: r.seed,
        maxNewTokens: r.maxNewTokens,
        stopStrings: r.stopStrings,
        syncEvery: SYNC_EVERY,
        multiplex: r.multiplex,
      });
      return generation.sequences.map((q) => {
        const prefix = prefixes[q.prompt];
        const response = prefix.length > 0 ? [...prefix, ...q.tokens] : q.tokens;
        const multiplex = q.multiplex && prefix.length > 0 ? oneHotFirst(prefix, q.multiplex) : q.multiplex;
        const row: RolloutRow = { prompt: r.prompts[q.prompt], response, finish: q.finish };
        if (multiplex) row.multiplex = multiplex;
        return { group: q.prompt, sample: q.sample, rows: [row], response, finish: q.finish };
      });
    },
  };
}

/** The trace with one-hot steps for `tokens` before it. */
function oneHotFirst(tokens: readonly number[], trace: MultiplexTrace): MultiplexTrace {
  const K = trace.width;
  const n = tokens.length * K;
  const indices = new Uint32Array(n + trace.indices.length);
  const weights = new Float32Array(n + trace.weights.length);
  const logProbs = new Float32Array(n + trace.logProbs.length);
  tokens.forEach((token, j) => {
    indices.fill(token, j * K, j * K + K);
    weights[j * K] = 1;
  });
  indices.set(trace.indices, n);
  weights.set(trace.weights, n);
  logProbs.set(trace.logProbs, n);
  return { ...trace, indices, weights, logProbs };
}

/** Samples as a method builds them: all at once, or one by one as they finish. */
export type SampleProducer = (
  request: RolloutRequest,
) => Promise<readonly RolloutSample[]> | AsyncIterable<RolloutSample>;

/** Rows built by the method: `produce` makes the step's samples however it likes. */
export function producedRollouts(name: string, produce: SampleProducer): RolloutStrategy {
  return {
    name,
    async rollout(request) {
      const produced = produce(request);
      if (!(Symbol.asyncIterator in produced)) return [...(await produced)];
      const samples: RolloutSample[] = [];
      for await (const sample of produced) samples.push(sample);
      return samples;
    },
  };
}

/**
 * Throws a RangeError naming the first sample out of order or without rows (masks: policyBatch).
 * An empty response is allowed: a row whose logits went non-finite at its first step drew nothing,
 * and the run loop reports the divergence.
 */
export function checkSamples(samples: readonly RolloutSample[], prompts: number, groupSize: number): void {
  if (samples.length !== prompts * groupSize) {
    throw new RangeError(`${samples.length} samples for ${prompts} prompts x ${groupSize}`);
  }
  samples.forEach((q, i) => {
    const where = `sample ${i} (group ${q.group}, sample ${q.sample})`;
    if (q.group !== Math.floor(i / groupSize) || q.sample !== i % groupSize) {
      throw new RangeError(`${where}: samples must come G per prompt, in order`);
    }
    if (q.rows.length === 0) throw new RangeError(`${where} has no rows`);
  });
}
