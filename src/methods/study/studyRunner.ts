// The one study loop of every method (design §9): arms × problems × k samples. Each arm samples k
// solutions of every problem, a few problems per generation call so the rows fit GPU memory, with
// the same seed per chunk in every arm (arms share problems and seeds); the task adapter's verifier
// judges each sample and the method's `measure` hook adds what it records per sample. An arm whose
// model was trained first (an RL arm) brings its run's evaluations, and its run reports how its
// retention panel moved (retention/retentionChange.ts): a gain that broke other skills shows.
import type {
  GeneratedSequence,
  GenerateRecord,
  GenerateRequest,
  GenerationResult,
} from '../../decoding/generation.ts';
import type { MultiplexSettings } from '../../decoding/multiplexReference.ts';
import type { SamplingParams } from '../../decoding/samplerReference.ts';
import type { Problem } from '../../tasks/index.ts';
import type { EvalReport } from '../../train/runLoop.ts';
import { type RetentionChange, retentionChange } from '../retention/retentionChange.ts';
import type { PosedProblem, TaskAdapter } from '../taskAdapter.ts';

/** What the runner needs of a model: decoding's Generator, or a fake in tests. */
export interface StudyGenerator {
  generate(request: GenerateRequest): Promise<GenerationResult>;
}

/** One arm's decoding. */
export interface StudyArm {
  name: string;
  sampling: SamplingParams;
  /** Absent: discrete decoding. */
  multiplex?: MultiplexSettings;
  record?: GenerateRecord;
  /** The evaluations of the training run that made the arm's model (absent: an untrained arm). */
  trained?: { evals: readonly EvalReport[] };
}

export interface StudySetup<P extends Problem, E extends object> {
  adapter: TaskAdapter<P>;
  problems: readonly PosedProblem<P>[];
  /** k, the samples of every problem. */
  samples: number;
  seed: number;
  /** Rows (problems × samples) one generation call may hold: what fits GPU memory. */
  rowsPerCall: number;
  /** What the method records of each sample besides its verdict. */
  measure: (sequence: GeneratedSequence) => E;
  /** Called once per problem, with the arm's name. */
  onProblem?: (arm: string) => void;
}

/** One sample: the verifier's verdict, its tokens and the method's measures. */
export type JudgedSample<E extends object> = {
  correct: boolean;
  /** The final answer the verifier extracted, or null. */
  answer: string | null;
  tokens: number[];
} & E;

export interface ArmRun<E extends object> {
  /** Per problem, in the setup's order, its k samples. */
  problems: JudgedSample<E>[][];
  /** Tokens generated over the whole arm, and per second of prefill plus decode time. */
  generatedTokens: number;
  tokensPerSecond: number;
  /** A trained arm's retention panel, first evaluation against last; null untrained or without a panel. */
  retention: RetentionChange | null;
}

/** The seed of the generation call that starts at problem `start`: the same in every arm. */
export function chunkSeed(seed: number, start: number): number {
  return (seed + start * 7919) >>> 0;
}

/**
 * k samples of every problem with one arm's decoding, floor(rowsPerCall / k) problems (at least
 * one) per call; the token budget is the adapter's longest correct response plus 8.
 */
export async function runArm<P extends Problem, E extends object>(
  generator: StudyGenerator,
  arm: StudyArm,
  setup: StudySetup<P, E>,
): Promise<ArmRun<E>> {
  const { adapter, problems, samples } = setup;
  const perCall = Math.max(1, Math.floor(setup.rowsPerCall / samples));
  const outcomes: JudgedSample<E>[][] = [];
  let tokens = 0;
  let ms = 0;
  for (let start = 0; start < problems.length; start += perCall) {
    const chunk = problems.slice(start, start + perCall);
    const result = await generator.generate({
      prompts: chunk.map((p) => p.prompt),
      samplesPerPrompt: samples,
      sampling: arm.sampling,
      multiplex: arm.multiplex,
      seed: chunkSeed(setup.seed, start),
      maxNewTokens: adapter.spec.tokenBudget + 8,
      record: arm.record,
    });
    tokens += result.sequences.reduce((a, s) => a + s.tokens.length, 0);
    ms += result.prefillMs + result.decodeMs;
    chunk.forEach((problem, p) => {
      outcomes.push(
        result.sequences
          .filter((s) => s.prompt === p)
          .map((s) => {
            const verdict = adapter.judge(problem.problem, s.tokens);
            return {
              correct: verdict.reward === 1,
              answer: verdict.extracted,
              tokens: s.tokens,
              ...setup.measure(s),
            };
          }),
      );
      setup.onProblem?.(arm.name);
    });
  }
  return {
    problems: outcomes,
    generatedTokens: tokens,
    tokensPerSecond: (1000 * tokens) / ms,
    retention: trainedRetention(arm),
  };
}

function trainedRetention(arm: StudyArm): RetentionChange | null {
  const panels = (arm.trained?.evals ?? []).filter((e) => e.retention && e.retention.length > 0);
  const first = panels[0]?.retention;
  const last = panels.at(-1)?.retention;
  return first && last && panels.length > 1 ? retentionChange(first, last) : null;
}

/** Every arm in turn on the same problems and seeds, by name. */
export async function runStudy<N extends string, P extends Problem, E extends object>(
  generator: StudyGenerator,
  arms: readonly (StudyArm & { name: N })[],
  setup: StudySetup<P, E>,
): Promise<Record<N, ArmRun<E>>> {
  const runs = {} as Record<N, ArmRun<E>>;
  for (const arm of arms) runs[arm.name] = await runArm(generator, arm, setup);
  return runs;
}
