// The one adapter from a task world to training data, for every method: a problem posed as
// tokens (`<bos>` + prompt, the forced prefix a method feeds before the model writes, the target
// and its per-token loss mask), the world's verifier as the reward with its reason, distinct
// held-out problems by id and the training streams (GRPO prompts, SFT examples) that never show
// them, and the token budget of a correct response. Example: arithmeticAdapter (arithmeticTask.ts).
import { decode, encode } from '../model/tokenizer.ts';
import { type Problem, Rng, type TaskWorld, type Verdict } from '../tasks/index.ts';
import type { EvalCase } from '../train/evaluation.ts';
import type { GrpoData } from '../train/grpo/grpoRun.ts';
import { forcedPrefixRollouts, type RolloutStrategy } from '../train/grpo/rollouts.ts';
import type { TokenExample } from '../train/packing.ts';

export interface TaskSpec<P extends Problem> {
  world: TaskWorld<P, never>;
  /** One problem of the method's distribution (its operations, level, format). */
  draw(rng: Rng): P;
  /** Text fed after the prompt before the model writes (a forced mode token); judged with the response. */
  prefix?: string;
  /** What makes two problems the same, for held-out disjointness; default: the prompt text. */
  id?(problem: P): string;
  /** The held-out category a problem is counted in. */
  category(problem: P): string;
  /** The longest correct response (after the prefix) at this distribution, in tokens. */
  tokenBudget: number;
  /** Per target token, whether the loss counts it; default: every target token. */
  mask?(problem: P, target: readonly number[]): number[];
}

/** A problem as tokens. */
export interface PosedProblem<P extends Problem = Problem> {
  problem: P;
  id: string;
  /** `<bos>`, the prompt and the forced prefix: what generation starts from. */
  prompt: number[];
  /** The prefix's tokens alone (the end of `prompt`). */
  prefix: number[];
  /** The target's tokens after the prefix, and its loss mask. */
  target: number[];
  mask: number[];
}

export interface HeldOut<P extends Problem> {
  problems: PosedProblem<P>[];
  cases: EvalCase[];
  /** Ids of every held-out problem, which the training streams never show. */
  excluded: Set<string>;
}

export interface TaskAdapter<P extends Problem> {
  readonly spec: TaskSpec<P>;
  pose(problem: P): PosedProblem<P>;
  /** The world's verdict on the prefix followed by the response tokens. */
  judge(problem: P, response: readonly number[]): Verdict;
  /** `n` distinct problems from `seed` (fewer when the distribution has fewer). */
  problems(seed: number, n: number): PosedProblem<P>[];
  heldOut(seed: number, n: number): HeldOut<P>;
  /**
   * GRPO prompts: step `step` draws from its own seeded stream, skipping `excluded`. The forced
   * prefix ends each prompt ('prompt', as the shipped model was taught: never trained), or is left
   * to `prefixRollouts()` ('response': it opens the response, so it is trained and judged there).
   */
  rlData(seed: number, excluded: ReadonlySet<string>, prefixIn?: 'prompt' | 'response'): GrpoData;
  /** The rollout strategy that feeds the prefix as the response's first tokens. */
  prefixRollouts(): RolloutStrategy;
  /**
   * SFT examples: (step, micro) draws from its own seeded stream, skipping `excluded`; the prompt
   * is context, the forced prefix is trained, the target as its mask says.
   */
  sftData(seed: number, excluded: ReadonlySet<string>, pad: number): SftExamples;
}

export interface SftExamples {
  stream(step: number, micro: number): () => TokenExample;
  pad: number;
}

/** Problems drawn before a stream gives up on finding one outside the held-out set. */
const MAX_MISSES = 10_000;

export function taskAdapter<P extends Problem>(spec: TaskSpec<P>): TaskAdapter<P> {
  const idOf = spec.id ?? ((p: P) => p.prompt);
  const prefix = spec.prefix ?? '';
  const prefixTokens = prefix ? encode(prefix) : [];

  const pose = (problem: P): PosedProblem<P> => {
    const full = encode(problem.target);
    const target = startsWith(full, prefixTokens) ? full.slice(prefixTokens.length) : full;
    const mask = spec.mask?.(problem, target) ?? target.map(() => 1);
    if (mask.length !== target.length)
      throw new RangeError(`the mask has ${mask.length} entries for ${target.length} target tokens`);
    return {
      problem,
      id: idOf(problem),
      prompt: [...encode(problem.prompt, { addBos: true }), ...prefixTokens],
      prefix: prefixTokens,
      target,
      mask,
    };
  };
  const judge = (problem: P, response: readonly number[]) =>
    spec.world.verify(problem, prefix + decode(response));
  /** The next problem of `rng` whose id is not excluded. */
  const fresh = (rng: Rng, excluded: ReadonlySet<string>): P => {
    for (let misses = 0; ; ) {
      const problem = spec.draw(rng);
      if (!excluded.has(idOf(problem))) return problem;
      if (++misses > MAX_MISSES)
        throw new RangeError(`the held-out set leaves no training problems in ${spec.world.id}`);
    }
  };

  const problems = (seed: number, n: number): PosedProblem<P>[] => {
    const rng = new Rng(seed);
    const out: PosedProblem<P>[] = [];
    const seen = new Set<string>();
    for (let tries = 0; out.length < n && tries < 50 * n; tries++) {
      const problem = spec.draw(rng);
      const id = idOf(problem);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(pose(problem));
    }
    return out;
  };

  return {
    spec,
    pose,
    judge,
    problems,
    heldOut(seed, n) {
      const posed = problems(seed, n);
      return {
        problems: posed,
        cases: posed.map((p) => ({
          category: spec.category(p.problem),
          prompt: p.prompt,
          judge: (completion: readonly number[]) => {
            const verdict = judge(p.problem, completion);
            return { correct: verdict.reward === 1, formatOk: verdict.extracted !== null };
          },
        })),
        excluded: new Set(posed.map((p) => p.id)),
      };
    },
    rlData(seed, excluded, prefixIn = 'prompt') {
      return {
        batch(step, count) {
          const rng = new Rng(((seed * 1_000_003) ^ (step * 7919)) >>> 0);
          const drawn = Array.from({ length: count }, () => fresh(rng, excluded));
          if (prefixIn === 'prompt') {
            return {
              prompts: drawn.map((p) => pose(p).prompt),
              reward: (group, response) => judge(drawn[group], response),
            };
          }
          return {
            prompts: drawn.map((p) => encode(p.prompt, { addBos: true })),
            reward: (group, response) => spec.world.verify(drawn[group], decode(response)),
          };
        },
      };
    },
    prefixRollouts: () => forcedPrefixRollouts(() => prefixTokens),
    sftData(seed, excluded, pad) {
      return {
        pad,
        stream(step, micro) {
          const rng = new Rng(((seed * 1_000_003) ^ (step * 7919 + micro * 104_729)) >>> 0);
          return () => {
            const posed = pose(fresh(rng, excluded));
            const prompt = posed.prompt.slice(0, posed.prompt.length - posed.prefix.length);
            const example = { prompt, completion: [...posed.prefix, ...posed.target] };
            if (!spec.mask) return example;
            return {
              ...example,
              mask: [...prompt.map(() => 0), ...posed.prefix.map(() => 1), ...posed.mask],
            };
          };
        },
      };
    },
  };
}

function startsWith(tokens: readonly number[], prefix: readonly number[]): boolean {
  return prefix.every((t, i) => tokens[i] === t);
}
