// Held-out evaluation during training: greedy generation for every case (in batches through the
// one generation loop, the prompts of a batch prefilled together), each completion judged by a
// function the caller passes in (the task verifiers; training never imports tasks), counted per
// category: exact match and format followed.

import type { Generator } from '../decoding/generate.ts';
import { GREEDY } from '../decoding/samplerReference.ts';

export interface EvalCase {
  /** e.g. 'add2 think'. */
  category: string;
  /** Token ids, `<bos>` included. */
  prompt: number[];
  /** The verdict on the generated tokens (the final `<eos>` included when generated). */
  judge(completion: number[]): { correct: boolean; formatOk: boolean };
}

export interface EvalCategory {
  name: string;
  n: number;
  correct: number;
  formatOk: number;
}

export interface EvalOptions {
  maxNewTokens: number;
  /** Prompts per generation call. */
  batch: number;
  isCancelled?: () => boolean;
}

/** Runs every case greedily; categories in the order they first appear. */
export async function evaluateGreedy(
  generator: Generator,
  cases: readonly EvalCase[],
  options: EvalOptions,
): Promise<EvalCategory[]> {
  const byName = new Map<string, EvalCategory>();
  for (const c of cases)
    if (!byName.has(c.category)) byName.set(c.category, { name: c.category, n: 0, correct: 0, formatOk: 0 });
  const contextLeft = generator.model.config.max_position_embeddings;
  for (let start = 0; start < cases.length; start += options.batch) {
    const group = cases.slice(start, start + options.batch);
    const longest = Math.max(...group.map((c) => c.prompt.length));
    const result = await generator.generate({
      prompts: group.map((c) => c.prompt),
      sampling: GREEDY,
      seed: 0,
      maxNewTokens: Math.min(options.maxNewTokens, contextLeft - longest),
      syncEvery: 16,
      isCancelled: options.isCancelled,
    });
    for (const [i, sequence] of result.sequences.entries()) {
      const verdict = group[i].judge(sequence.tokens);
      const category = byName.get(group[i].category) as EvalCategory;
      category.n++;
      category.correct += verdict.correct ? 1 : 0;
      category.formatOk += verdict.formatOk ? 1 : 0;
    }
  }
  return [...byName.values()];
}
