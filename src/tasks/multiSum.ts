// multiSum.ts: the multi-sum world for AsyncThink: sums of 4-12 terms split into sub-sums, with
// organizer traces (fork/join to workers), worker traces and a sequential baseline. Example:
// prompt '12+7+30+5+9+14=', target '<fork>1:12+7+30</fork><fork>2:5+9+14</fork><join>1</join>
// <ret>49</ret><join>2</join><ret>28</ret>49+28=77;<answer>77</answer><eos>' (one line).

import {
  judgeAnswer,
  normaliseInteger,
  parseCompletion,
  prepareOutput,
  renderCompletion,
} from './formats.ts';
import { checkOrganizerProtocol } from './organizerProtocol.ts';
import type { Rng } from './rng.ts';
import { checkDifficulty, type Problem, rejected, type TaskWorld, type Verdict } from './types.ts';

export interface MultiSumOptions {
  /** Pool capacity minus one: at most this many workers run at once (AsyncThink's c - 1). */
  maxActive: number;
  /** Largest term; terms are drawn uniformly from 1..maxTerm. */
  maxTerm: number;
}

export interface WorkerTask {
  index: number;
  /** The sub-query as the organizer forks it, e.g. '12+7+30'. */
  query: string;
  /** What the worker sees (only its sub-query) and its ideal output. */
  prompt: string;
  target: string;
  /** The sub-sum the worker returns. */
  answer: string;
}

export interface MultiSumProblem extends Problem {
  terms: number[];
  maxActive: number;
  workers: WorkerTask[];
  /** Sequential thinking baseline: one chain over all terms, no forks. */
  sequentialTarget: string;
}

const DIFFICULTIES = [
  { level: 4, label: '4 terms' },
  { level: 6, label: '6 terms' },
  { level: 8, label: '8 terms' },
  { level: 10, label: '10 terms' },
  { level: 12, label: '12 terms' },
] as const;

const DEFAULT_OPTIONS: MultiSumOptions = { maxActive: 2, maxTerm: 99 };

/** Running totals, one step per term: [12, 7, 30] -> '12+7=19;19+30=49;'. */
export function chainSum(terms: readonly number[]): string {
  let total = terms[0];
  let out = '';
  for (const term of terms.slice(1)) {
    out += `${total}+${term}=${total + term};`;
    total += term;
  }
  return out;
}

/** Splits n terms into consecutive groups of 2-4 terms, at most 4 groups, at least 2. */
export function splitIntoGroups(rng: Rng, n: number): number[] {
  const count = rng.int(Math.max(2, Math.ceil(n / 4)), Math.min(4, Math.floor(n / 2)));
  const sizes = Array.from({ length: count }, () => 2);
  for (let extra = n - 2 * count; extra > 0; extra--) {
    const open = sizes.flatMap((size, i) => (size < 4 ? [i] : []));
    sizes[rng.pick(open)]++;
  }
  return sizes;
}

/**
 * A random legal order of forks and joins (the anti-collapse trick of AsyncThink's SFT data):
 * workers are forked in index order; at each step fork the next one if the pool has room, or join
 * a running one, chosen at random. Returns events like ['f1', 'f2', 'j2', 'f3', 'j1', 'j3'].
 */
export function randomSchedule(rng: Rng, workers: number, maxActive: number): string[] {
  const events: string[] = [];
  const running: number[] = [];
  let next = 1;
  while (next <= workers || running.length > 0) {
    const canFork = next <= workers && running.length < maxActive;
    if (canFork && (running.length === 0 || rng.chance(0.5))) {
      running.push(next);
      events.push(`f${next++}`);
    } else {
      const index = running.splice(rng.int(0, running.length - 1), 1)[0];
      events.push(`j${index}`);
    }
  }
  return events;
}

export function generateMultiSum(
  rng: Rng,
  difficulty: number,
  options: Partial<MultiSumOptions> = {},
): MultiSumProblem {
  checkDifficulty('multi-sum', DIFFICULTIES, difficulty);
  const { maxActive, maxTerm } = { ...DEFAULT_OPTIONS, ...options };
  const terms = Array.from({ length: difficulty }, () => rng.int(1, maxTerm));
  const sizes = splitIntoGroups(rng, terms.length);
  const workers: WorkerTask[] = [];
  let start = 0;
  for (const size of sizes) {
    const group = terms.slice(start, start + size);
    start += size;
    const query = group.join('+');
    const answer = String(group.reduce((s, t) => s + t, 0));
    const target = `${chainSum(group)}<ret>${answer}</ret><eos>`;
    workers.push({ index: workers.length + 1, query, prompt: `${query}=`, target, answer });
  }
  const answer = String(terms.reduce((s, t) => s + t, 0));
  let trace = '';
  for (const event of randomSchedule(rng, workers.length, maxActive)) {
    const worker = workers[Number(event.slice(1)) - 1];
    trace +=
      event[0] === 'f'
        ? `<fork>${worker.index}:${worker.query}</fork>`
        : `<join>${worker.index}</join><ret>${worker.answer}</ret>`;
  }
  trace += chainSum(workers.map((w) => Number(w.answer)));
  return {
    worldId: 'multi-sum',
    difficulty,
    prompt: `${terms.join('+')}=`,
    target: renderCompletion('plain', trace, answer),
    answer,
    terms,
    maxActive,
    workers,
    sequentialTarget: renderCompletion('plain', chainSum(terms), answer),
  };
}

/** The organizer's (or a sequential trace's) final answer; normalised as in normaliseInteger. */
export function extractMultiSumAnswer(output: string): string | null {
  const parsed = parseCompletion(output);
  return parsed.ok ? normaliseInteger(parsed.value.answer) : null;
}

/**
 * Reward 1 iff the trace parses (any format of formats.ts; organizer traces are plain), obeys the
 * fork/join protocol with the problem's pool size (checkOrganizerProtocol) and ends with the right
 * total. Sequential traces without forks are legal. Worker outputs are checked by verifyWorker.
 */
export function verifyMultiSum(problem: MultiSumProblem, output: string): Verdict {
  const parsed = parseCompletion(output);
  if (!parsed.ok) return rejected(parsed.reason);
  const protocol = checkOrganizerProtocol(parsed.value.reasoning, problem.maxActive);
  if (!protocol.ok) return rejected(`protocol: ${protocol.reason}`);
  return judgeAnswer(parsed.value.answer, problem.answer, normaliseInteger, 'an integer');
}

/** A worker's output must end in exactly one `<ret>SUM</ret>` (then `<eos>`); reward 1 iff SUM is right. */
export function verifyWorker(worker: WorkerTask, output: string): Verdict {
  const prepared = prepareOutput(output);
  if (!prepared.ok) return rejected(prepared.reason);
  const text = prepared.value;
  const match = /<ret>([^<]*)<\/ret>$/.exec(text);
  if (!match || text.indexOf('<ret>') !== match.index)
    return rejected('expected one <ret>…</ret> at the end');
  return judgeAnswer(match[1], worker.answer, normaliseInteger, 'an integer');
}

export const multiSumWorld: TaskWorld<MultiSumProblem, MultiSumOptions> = {
  id: 'multi-sum',
  title: 'Multi-sum',
  description:
    'Sums of 4-12 terms that split into independent sub-sums. The organizer forks consecutive groups to ' +
    'workers (<fork>I:QUERY</fork>), joins them (<join>I</join>, result pasted as <ret>S</ret>) and adds ' +
    'the returned sub-sums; workers and the sequential baseline add by running totals.',
  difficulties: DIFFICULTIES,
  defaultDifficulty: 6,
  generate: generateMultiSum,
  extractAnswer: extractMultiSumAnswer,
  verify: verifyMultiSum,
};
