// The engine's SFT job, shared by the Trainer page and `npm run pretrain`: a model of a preset
// shape (a seeded random init, the loaded model's weights, or a checkpoint to resume), the task
// mix as its data (methods/sft/baseMixture.ts), held-out greedy evaluation, and events out — every step, every
// evaluation and every checkpoint (as files: checkpointFiles.ts), which the caller stores. One job
// at a time; pause and cancel take effect between steps.
import { Generator } from '../../decoding/generate.ts';
import type { GpuContext } from '../../gpu/device.ts';
import {
  type EvalMode,
  heldOutSet,
  longestExample,
  mixtureData,
  type TaskMix,
} from '../../methods/sft/baseMixture.ts';
import { type LlamaConfig, parseConfig } from '../../model/config.ts';
import type { ModelWeights } from '../../model/parameters.ts';
import { randomWeights } from '../../model/parameters.ts';
import { GpuTransformer } from '../../model/transformer.ts';
import { evaluateGreedy } from '../../train/evaluation.ts';
import type { EvalReport, RunControl, RunOutcome } from '../../train/runLoop.ts';
import { type SftPoint, SftRun, type SftSettings } from '../../train/sft.ts';
import { TrainStep } from '../../train/trainStep.ts';
import { TrainingError } from '../errors.ts';
import { type CheckpointFiles, checkpointFromFiles, checkpointToFiles } from './checkpointFiles.ts';
import { MODEL_PRESETS, type ModelPreset } from './modelPresets.ts';

export interface EvalSettings {
  /** Problems per category and mode at the periodic evaluations … */
  perCategory: number;
  /** … and at the last step. */
  finalPerCategory: number;
  modes: EvalMode[];
  maxNewTokens: number;
  /** Prompts per generation call. */
  batch: number;
}

export type TrainingStart =
  | { from: 'random'; preset: ModelPreset; seed: number }
  | { from: 'weights'; config: LlamaConfig; weights: ModelWeights }
  | { from: 'checkpoint'; files: CheckpointFiles };

export interface TrainingRequest {
  settings: SftSettings;
  mix: TaskMix;
  eval: EvalSettings;
}

export type TrainingEvent =
  | { type: 'step'; point: SftPoint }
  | { type: 'eval'; report: EvalReport }
  | { type: 'checkpoint'; files: CheckpointFiles };

export type TrainingOutcome =
  | { status: 'finished' | 'paused' | 'cancelled'; step: number }
  | { status: 'diverged'; step: number; message: string; hint: string };

/** A run's outcome as the engine reports it: a divergence as its message and hint (cloneable). */
export function jobOutcome(outcome: RunOutcome): TrainingOutcome {
  if (outcome.status !== 'diverged') return outcome;
  return { status: 'diverged', step: outcome.step, message: outcome.error.message, hint: outcome.error.hint };
}

/** @throws TrainingError naming the first setting that cannot work */
export function checkRequest(request: TrainingRequest, config: LlamaConfig): void {
  const { settings: s, mix } = request;
  const fail = (message: string, hint: string, field: string) => {
    throw new TrainingError(message, hint, { field });
  };
  const whole = (name: keyof SftSettings, min: number, max: number) => {
    const value = s[name] as number;
    if (!Number.isInteger(value) || value < min || value > max)
      fail(
        `${name} = ${value} is not a whole number in ${min}..${max}.`,
        `Choose ${name} from ${min} to ${max}.`,
        name,
      );
  };
  whole('steps', 1, 1_000_000);
  whole('B', 1, 256);
  whole('T', 8, config.max_position_embeddings);
  whole('accumulation', 1, 64);
  whole('warmupSteps', 0, 1_000_000);
  whole('evalEvery', 0, 1_000_000);
  if (!(s.peakLr > 0 && s.peakLr <= 1))
    fail(`Learning rate ${s.peakLr} is not in (0, 1].`, 'Typical: 1e-3 to 3e-3.', 'peakLr');
  if (!(s.minLrRatio >= 0 && s.minLrRatio <= 1))
    fail(`minLrRatio ${s.minLrRatio} is not in [0, 1].`, 'Typical: 0.1.', 'minLrRatio');
  if (![mix.add, mix.sub, mix.mul].some((w) => w > 0) || [mix.add, mix.sub, mix.mul].some((w) => !(w >= 0)))
    fail(
      'The task mix has no operation with a positive weight.',
      'Give add, sub or mul a weight above 0.',
      'mix',
    );
  if (
    ![mix.think, mix.noThink, mix.budget].some((w) => w > 0) ||
    [mix.think, mix.noThink, mix.budget].some((w) => !(w >= 0))
  )
    fail(
      'The task mix has no format with a positive weight.',
      'Give think, no-think or budget a weight above 0.',
      'mix',
    );
  if (!Number.isInteger(mix.maxDigits) || mix.maxDigits < 1 || mix.maxDigits > 4)
    fail(`Max digits ${mix.maxDigits} is not 1..4.`, 'Choose 1 to 4 digits.', 'maxDigits');
  const longest = longestExample(mix);
  if (longest > s.T + 1) {
    fail(
      `Rows of ${s.T} positions cannot hold this mix's longest example (${longest} tokens).`,
      `Raise the row length to at least ${longest - 1}${longest - 1 > config.max_position_embeddings ? ` (this model's context is ${config.max_position_embeddings}: choose a larger model)` : ''}, or lower max digits.`,
      'T',
    );
  }
}

/** The model, settings and mix a run starts from: a checkpoint brings its own settings and mix. */
function startingPoint(start: TrainingStart, request: TrainingRequest) {
  if (start.from === 'checkpoint') {
    const { checkpoint, run } = checkpointFromFiles(start.files);
    return {
      config: run.config,
      weights: checkpoint.state.weights,
      settings: run.settings,
      mix: run.mix,
      resumed: checkpoint,
    };
  }
  const config = start.from === 'random' ? MODEL_PRESETS[start.preset].config : parseConfig(start.config);
  const weights: ModelWeights = start.from === 'random' ? randomWeights(config, start.seed) : start.weights;
  return { config, weights, settings: request.settings, mix: request.mix, resumed: undefined };
}

export class TrainingService {
  private control: RunControl = 'run';
  private running = false;
  /** The model of the latest run, kept after it ends for download and use. */
  private job: { config: LlamaConfig; transformer: GpuTransformer } | null = null;

  /** Runs a job to its end, a pause, a cancel or a divergence; `onEvent` sees its progress. */
  async run(
    gpu: GpuContext,
    start: TrainingStart,
    request: TrainingRequest,
    onEvent: (event: TrainingEvent) => void | Promise<void>,
  ): Promise<TrainingOutcome> {
    if (this.running)
      throw new TrainingError('A training run is already going.', 'Pause or cancel it first.');
    const { config, weights, settings, mix, resumed } = startingPoint(start, request);
    checkRequest({ ...request, settings, mix }, config);
    this.running = true;
    this.release();
    const transformer = await GpuTransformer.create(gpu, config, weights).catch((error: unknown) => {
      this.running = false;
      throw error;
    });
    this.job = { config, transformer };
    this.control = 'run';
    const trainer = await TrainStep.create(gpu, transformer, settings.adamw);
    const generator = await Generator.create(gpu, transformer);
    try {
      const periodic = heldOutSet(mix, settings.seed + 1, request.eval.perCategory, request.eval.modes);
      const final = heldOutSet(mix, settings.seed + 1, request.eval.finalPerCategory, request.eval.modes);
      const excluded = new Set([...periodic.excluded, ...final.excluded]);
      const run = new SftRun(
        trainer,
        settings,
        mixtureData(mix, settings.seed, excluded),
        {
          evaluate: (step) =>
            evaluateGreedy(generator, (step === settings.steps ? final : periodic).cases, {
              maxNewTokens: request.eval.maxNewTokens,
              batch: request.eval.batch,
            }),
          onStep: (point) => void onEvent({ type: 'step', point }),
          onEval: (report) => void onEvent({ type: 'eval', report }),
          onCheckpoint: (checkpoint) =>
            onEvent({ type: 'checkpoint', files: checkpointToFiles(checkpoint, config, mix, settings) }),
          control: () => this.control,
        },
        resumed,
      );
      return jobOutcome(await run.run());
    } finally {
      generator.destroy();
      trainer.destroy();
      this.running = false;
    }
  }

  /** Pauses (with a checkpoint) or cancels the running job at its next step. */
  command(command: 'pause' | 'cancel'): void {
    this.control = command;
  }

  /** The latest run's config and weights (read from the GPU, as of now). */
  async trainedModel(): Promise<{ config: LlamaConfig; weights: ModelWeights }> {
    if (!this.job)
      throw new TrainingError('No model has been trained in this session.', 'Start a training run first.');
    return { config: this.job.config, weights: await this.job.transformer.weights.read() };
  }

  /** Frees the trained model (a new run, or when the page is done with it). */
  release(): void {
    this.job?.transformer.destroy();
    this.job = null;
  }
}
