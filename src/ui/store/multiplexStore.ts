// The Multiplex page's state: the problem (a seeded 2×2-digit multiplication of the arithmetic
// world, or chosen operands), and one comparison: the same problem and seed decoded discretely
// and with K merged draws per thinking step, each with its text, the verifier's verdict, its
// thinking length and, for the multiplex run, the trace of every step's draws and weights.
import { create } from 'zustand';
import {
  type FinishReason,
  type MultiplexSettings,
  type MultiplexTrace,
  type Problem,
  type SamplingParams,
  type Verdict,
  VOCABULARY,
} from '../../engine/api.ts';
import { connectEngine, generate } from '../../engine/client.ts';
import { type ShownError, toShownError } from './engineStore.ts';

/** The arithmetic world's level whose multiplications are 2-digit × 2-digit. */
export const MULTIPLICATION_LEVEL = 4;
const MULTIPLICATION = /^(\d{2})\*(\d{2})=$/;
const THINK_END = VOCABULARY.indexOf('</think>');

export interface SeededProblem {
  seed: number;
  problem: Problem;
  a: number;
  b: number;
}

export interface CompareRequest {
  problem: Problem;
  sampling: SamplingParams;
  seed: number;
  maxNewTokens: number;
  multiplex: MultiplexSettings;
}

export interface RunOutcome {
  /** The generated text (the prompt ends with <think>, so it opens with the thinking). */
  text: string;
  tokens: number[];
  /** Entropy (nats) per generated token. */
  entropy: number[];
  verdict: Verdict;
  /** Tokens before the first </think> (all of them when thinking never ended). */
  thinkingSteps: number;
  finish: FinishReason;
  trace: MultiplexTrace | null;
}

export interface Comparison {
  request: CompareRequest;
  discrete: RunOutcome;
  multiplex: RunOutcome;
}

interface MultiplexState {
  seeded: SeededProblem | null;
  running: 'discrete' | 'multiplex' | null;
  /** Text streamed so far by the run in progress. */
  streamed: string;
  comparison: Comparison | null;
  error: ShownError | null;
  loadProblem(seed: number): Promise<void>;
  /** Runs both decodings of a × b (posed from the seeded problem) with these settings. */
  compare(settings: Omit<CompareRequest, 'problem'>, operands: [number, number]): Promise<void>;
}

/** A 2×2 multiplication of the arithmetic world: drawn from `seed`, or a × b when given. */
async function multiplication(seed: number, operands?: [number, number]): Promise<SeededProblem> {
  const [problem] = await connectEngine().sampleTasks({
    worldId: 'arithmetic',
    difficulty: MULTIPLICATION_LEVEL,
    seed,
    count: 1,
    op: 'mul',
    operands,
  });
  const [, a, b] = MULTIPLICATION.exec(problem.prompt) ?? [];
  return { seed, problem, a: Number(a), b: Number(b) };
}

/** The problem a × b: the seeded one when the operands are its own, else posed by the engine. */
async function problemWithOperands(seeded: SeededProblem, a: number, b: number): Promise<Problem> {
  if (a === seeded.a && b === seeded.b) return seeded.problem;
  return (await multiplication(seeded.seed, [a, b])).problem;
}

export function thinkingLength(tokens: readonly number[]): number {
  const end = tokens.indexOf(THINK_END);
  return end < 0 ? tokens.length : end;
}

async function runOnce(
  request: CompareRequest,
  multiplex: MultiplexSettings | undefined,
  onText: (text: string) => void,
): Promise<RunOutcome> {
  const engine = connectEngine();
  let streamed = '';
  const result = await generate(
    engine,
    {
      prompts: [`${request.problem.prompt}<think>`],
      sampling: request.sampling,
      seed: request.seed,
      maxNewTokens: request.maxNewTokens,
      multiplex,
    },
    (update) => {
      streamed += update.newText[0] ?? '';
      onText(streamed);
    },
  );
  const sequence = result.sequences[0];
  const text = result.texts[0];
  // The verifier reads the mode token, which the prompt supplied.
  const verdict = await engine.verifyTask('arithmetic', request.problem, `<think>${text}`);
  const trace = sequence.multiplex ?? null;
  return {
    text,
    tokens: sequence.tokens,
    entropy: sequence.entropy,
    verdict,
    thinkingSteps: trace ? trace.thinkingSteps : thinkingLength(sequence.tokens),
    finish: sequence.finish,
    trace,
  };
}

export const useMultiplexStore = create<MultiplexState>((set, get) => ({
  seeded: null,
  running: null,
  streamed: '',
  comparison: null,
  error: null,

  async loadProblem(seed) {
    try {
      set({ seeded: await multiplication(seed), error: null });
    } catch (error) {
      set({ error: toShownError(error) });
    }
  },

  async compare(settings, [a, b]) {
    const { running, seeded } = get();
    if (running || !seeded) return;
    set({ running: 'discrete', streamed: '', error: null });
    const onText = (streamed: string) => set({ streamed });
    try {
      const request = { ...settings, problem: await problemWithOperands(seeded, a, b) };
      const discrete = await runOnce(request, undefined, onText);
      set({ running: 'multiplex', streamed: '' });
      const multiplex = await runOnce(request, request.multiplex, onText);
      set({ comparison: { request, discrete, multiplex }, running: null });
    } catch (error) {
      set({ error: toShownError(error), running: null });
    }
  },
}));
