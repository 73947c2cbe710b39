// The GRPO job (the RL page): the arithmetic GRPO job of grpoJob.ts from the loaded model or a
// checkpoint, its frozen reference kept as the checkpoint's one extra (the start weights, which
// the KL and the inspector compare against), and every step's scored rollouts as the step's
// `latest` for the token inspector. The engine's job service runs it (methods/jobs.ts).
import { CheckpointError } from '../../model/checkpointError.ts';
import type { GrpoPoint } from '../../train/grpo/grpoRun.ts';
import type { JobHandler } from '../jobs.ts';
import { arithmeticGrpoJob, type GrpoJobSettings, grpoSettingsProblem } from './grpoJob.ts';
import { type RolloutView, rolloutView } from './rolloutView.ts';

export interface GrpoJobTypes {
  settings: GrpoJobSettings;
  point: GrpoPoint;
  start: never;
  latest: RolloutView[];
}

export const grpoJob: JobHandler<GrpoJobTypes> = {
  steps: ({ steps }) => steps,
  check: (settings) => grpoSettingsProblem(settings),

  extras: (weights) => ({ reference: weights }),

  async create(workbench, { config, weights, extras, resume }, settings, hooks) {
    const reference = extras.reference;
    if (!reference) {
      throw new CheckpointError(
        'This GRPO checkpoint has no reference weights.',
        'Resume from a GRPO checkpoint this lab saved.',
        { file: 'reference.safetensors' },
      );
    }
    const job = await arithmeticGrpoJob(
      workbench,
      config,
      weights,
      settings,
      {
        onStep: hooks.onStep,
        onEval: hooks.onEval,
        onReport: (step, report) => hooks.onLatest(step, report.rollouts.map(rolloutView)),
        onCheckpoint: hooks.onCheckpoint,
        control: hooks.control,
      },
      resume && { checkpoint: resume, reference },
    );
    return {
      run: () => job.run.run(),
      trainedModel: () => job.policy.weights.read(),
      destroy: () => job.destroy(),
    };
  },
};
