// rollouts.jsonl of a GRPO run bundle (FORMATS.md): one JSON object per rollout row of every step,
// the token inspector's RolloutView with snake_case keys, per-token arrays as JSON arrays and a
// number JSON cannot hold (NaN, ±Infinity) as its name in a string, so every value reads back.
import type { RolloutView } from '../../engine/api.ts';
import { malformed } from './bundleError.ts';

type Json = Record<string, unknown>;

/** A number as JSON holds it: itself, or 'NaN' / 'Infinity' / '-Infinity'. */
const jsonNumber = (v: number): number | string => (Number.isFinite(v) ? v : String(v));
const numbers = (values: ArrayLike<number>) => Array.from(values, jsonNumber);

export function rolloutLine(step: number, r: RolloutView): Json {
  return {
    step,
    group: r.group,
    sample: r.sample,
    row: r.row,
    // Rollouts stored before the lab kept token ids have none: null.
    prompt_ids: r.prompt ?? null,
    prompt_text: r.promptText,
    response_ids: r.response ?? null,
    response_text: r.text,
    response_tokens: r.tokens,
    finish: r.finish,
    reward: jsonNumber(r.reward),
    reason: r.reason,
    advantage: jsonNumber(r.advantage),
    token_advantages: numbers(r.advantages),
    loss_mask: Array.from(r.mask),
    log_prob: numbers(r.logProb),
    ref_log_prob: r.refLogProb && numbers(r.refLogProb),
    ratio: numbers(r.ratio),
    clipped: Array.from(r.clipped),
    ...(r.multiplex && {
      multiplex: {
        width: r.multiplex.width,
        indices: Array.from(r.multiplex.indices),
        weights: numbers(r.multiplex.weights),
        log_probs: numbers(r.multiplex.logProbs),
        thinking_steps: r.multiplex.thinkingSteps,
      },
    }),
  };
}

/** Reads one line's object; `where` names the line in an error. @throws BundleError */
export function rolloutFromLine(value: unknown, where: string): { step: number; rollout: RolloutView } {
  const fail = (what: string) => malformed('rollouts.jsonl', where, what);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('it is not an object');
  const line = value as Json;
  const num = (v: unknown, key: string): number => {
    if (typeof v === 'number') return v;
    if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
    throw fail(`${key} is not a number`);
  };
  const field = (key: string) => num(line[key], key);
  const text = (key: string): string => {
    if (typeof line[key] !== 'string') throw fail(`${key} is not a string`);
    return line[key] as string;
  };
  const list = (v: unknown, key: string, length?: number): number[] => {
    if (!Array.isArray(v)) throw fail(`${key} is not an array`);
    if (length !== undefined && v.length !== length)
      throw fail(`${key} has ${v.length} values for ${length} response tokens`);
    return v.map((x) => num(x, key));
  };
  const tokens = line.response_tokens;
  if (!Array.isArray(tokens) || tokens.some((t) => typeof t !== 'string'))
    throw fail('response_tokens is not one string per response token');
  const perToken = (key: string) => list(line[key], key, tokens.length);
  const ids = (key: string, length?: number) => (line[key] === null ? [] : list(line[key], key, length));
  const multiplex = line.multiplex as Json | undefined;
  return {
    step: field('step'),
    rollout: {
      group: field('group'),
      sample: field('sample'),
      row: field('row'),
      prompt: ids('prompt_ids'),
      promptText: text('prompt_text'),
      response: ids('response_ids', tokens.length),
      text: text('response_text'),
      tokens: tokens as string[],
      finish: text('finish') as RolloutView['finish'],
      reward: field('reward'),
      reason: text('reason'),
      advantage: field('advantage'),
      advantages: Float32Array.from(perToken('token_advantages')),
      mask: Uint8Array.from(perToken('loss_mask')),
      logProb: Float32Array.from(perToken('log_prob')),
      refLogProb: line.ref_log_prob === null ? null : Float32Array.from(perToken('ref_log_prob')),
      ratio: Float32Array.from(perToken('ratio')),
      clipped: Uint8Array.from(perToken('clipped')),
      ...(multiplex !== undefined && {
        multiplex: {
          width: num(multiplex?.width, 'multiplex.width'),
          indices: Uint32Array.from(list(multiplex?.indices, 'multiplex.indices')),
          weights: Float32Array.from(list(multiplex?.weights, 'multiplex.weights')),
          logProbs: Float32Array.from(list(multiplex?.log_probs, 'multiplex.log_probs')),
          thinkingSteps: num(multiplex?.thinking_steps, 'multiplex.thinking_steps'),
        },
      }),
    },
  };
}
