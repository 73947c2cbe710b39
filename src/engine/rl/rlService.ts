// The engine's RL job (the RL page): GRPO from the loaded model's weights, or a checkpoint to
// resume, on a task of the world (methods/grpo), with events out — every step's point and its
// scored rollouts (for the token inspector), every held-out evaluation and every checkpoint (as
// files), which the caller stores. One job at a time; pause and cancel take effect between steps.
import type { GpuContext } from '../../gpu/device.ts';
import { arithmeticGrpoJob, type GrpoJobSettings } from '../../methods/grpo/grpoJob.ts';
import type { LlamaConfig } from '../../model/config.ts';
import type { ModelWeights } from '../../model/parameters.ts';
import { decode } from '../../model/tokenizer.ts';
import type { GrpoJob } from '../../train/grpo/grpoJob.ts';
import type { GrpoPoint } from '../../train/grpo/grpoRun.ts';
import type { ScoredRollout } from '../../train/grpo/grpoStep.ts';
import type { EvalReport, RunControl } from '../../train/runLoop.ts';
import { Workbench } from '../../train/workbench.ts';
import { TrainingError } from '../errors.ts';
import { jobOutcome, type TrainingOutcome } from '../training/trainingService.ts';
import {
  type GrpoCheckpointFiles,
  grpoCheckpointFromFiles,
  grpoCheckpointToFiles,
} from './rlCheckpointFiles.ts';

export type RlStart =
  | { from: 'weights'; config: LlamaConfig; weights: ModelWeights }
  | { from: 'checkpoint'; files: GrpoCheckpointFiles };

/** A rollout as the inspector shows it: its text token by token and what the update saw. */
export interface RolloutView extends Omit<ScoredRollout, 'prompt' | 'response'> {
  promptText: string;
  /** The text of each response token. */
  tokens: string[];
}

export type RlEvent =
  | { type: 'step'; point: GrpoPoint }
  | { type: 'rollouts'; step: number; rollouts: RolloutView[] }
  | { type: 'eval'; report: EvalReport }
  | { type: 'checkpoint'; files: GrpoCheckpointFiles };

/** How an RL run ended; the same shape as an SFT run's. */
export type RlOutcome = TrainingOutcome;

export function rolloutView(rollout: ScoredRollout): RolloutView {
  const { prompt, response, ...rest } = rollout;
  return { ...rest, promptText: decode(prompt), tokens: response.map((t) => decode([t])) };
}

/** The model, settings and reference a run starts from: a checkpoint brings its own. */
function startingPoint(start: RlStart, requested: GrpoJobSettings) {
  if (start.from === 'weights') {
    const { config, weights } = start;
    return { config, settings: requested, weights, reference: weights, resume: undefined };
  }
  const { checkpoint, run, reference } = grpoCheckpointFromFiles(start.files);
  return {
    config: run.config,
    settings: run.settings,
    weights: checkpoint.state.weights,
    reference,
    resume: { checkpoint, reference },
  };
}

export class RlService {
  private control: RunControl = 'run';
  private running = false;
  private job: { config: LlamaConfig; grpo: GrpoJob } | null = null;

  async run(
    gpu: GpuContext,
    start: RlStart,
    requested: GrpoJobSettings,
    onEvent: (event: RlEvent) => void | Promise<void>,
  ): Promise<RlOutcome> {
    if (this.running) throw new TrainingError('An RL run is already going.', 'Pause or cancel it first.');
    const { config, settings, weights, reference, resume } = startingPoint(start, requested);
    this.running = true;
    this.release();
    this.control = 'run';
    try {
      const grpo = await arithmeticGrpoJob(
        new Workbench(gpu),
        config,
        weights,
        settings,
        {
          onStep: (point) => void onEvent({ type: 'step', point }),
          onReport: (step, report) =>
            void onEvent({ type: 'rollouts', step, rollouts: report.rollouts.map(rolloutView) }),
          onEval: (report) => void onEvent({ type: 'eval', report }),
          onCheckpoint: (checkpoint) =>
            onEvent({
              type: 'checkpoint',
              files: grpoCheckpointToFiles(checkpoint, config, settings, reference),
            }),
          control: () => this.control,
        },
        resume,
      ).catch((error: unknown) => {
        throw error instanceof RangeError
          ? new TrainingError(
              `These RL settings cannot run: ${error.message}.`,
              'Change the setting it names.',
            )
          : error;
      });
      this.job = { config, grpo };
      return jobOutcome(await grpo.run.run());
    } finally {
      this.running = false;
    }
  }

  /** Pauses (with a checkpoint) or cancels the running job at its next step. */
  command(command: 'pause' | 'cancel'): void {
    this.control = command;
  }

  /** The latest run's policy (read from the GPU, as of now). */
  async trainedModel(): Promise<{ config: LlamaConfig; weights: ModelWeights }> {
    if (!this.job)
      throw new TrainingError('No model has been trained with RL in this session.', 'Start an RL run first.');
    return { config: this.job.config, weights: await this.job.grpo.policy.weights.read() };
  }

  release(): void {
    this.job?.grpo.destroy();
    this.job = null;
  }
}
