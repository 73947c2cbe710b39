// The SFT job (the Trainer page and `npm run pretrain`): a model of a preset shape (a seeded random
// init — this method's own start), the loaded model or a checkpoint, trained on the task mix
// (baseMixture.ts) with held-out greedy evaluation, through the Workbench. The engine's job
// service runs it (methods/jobs.ts); this file only builds it.
import { randomWeights } from '../../model/parameters.ts';
import { evaluateGreedy } from '../../train/evaluation.ts';
import { type SftPoint, SftRun } from '../../train/sft.ts';
import type { JobHandler } from '../jobs.ts';
import { heldOutSet, mixtureData } from './baseMixture.ts';
import { MODEL_PRESETS, type ModelPreset } from './modelPresets.ts';
import { type SftJobSettings, sftSettingsProblem } from './sftSettings.ts';

/** A seeded random init of a preset shape. */
export interface RandomStart {
  from: 'random';
  preset: ModelPreset;
  seed: number;
}

export interface SftJobTypes {
  settings: SftJobSettings;
  point: SftPoint;
  start: RandomStart;
  latest: never;
}

export const sftJob: JobHandler<SftJobTypes> = {
  steps: ({ training }) => training.steps,
  check: sftSettingsProblem,

  model({ preset, seed }) {
    const { config } = MODEL_PRESETS[preset];
    return { config, weights: randomWeights(config, seed) };
  },

  extras: () => ({}),

  async create(workbench, start, { training, mix, eval: ev }, hooks) {
    const owned: { destroy(): void }[] = [];
    try {
      const model = await workbench.model(start.config, start.weights);
      owned.push(model);
      const trainer = await workbench.trainStep(model, training.adamw);
      owned.push(trainer);
      const generator = await workbench.generator(model);
      owned.push(generator);
      const periodic = heldOutSet(mix, training.seed + 1, ev.perCategory, ev.modes);
      const final = heldOutSet(mix, training.seed + 1, ev.finalPerCategory, ev.modes);
      const excluded = new Set([...periodic.excluded, ...final.excluded]);
      const run = new SftRun(
        trainer,
        training,
        mixtureData(mix, training.seed, excluded),
        {
          evaluate: (step) =>
            evaluateGreedy(generator, (step === training.steps ? final : periodic).cases, {
              maxNewTokens: ev.maxNewTokens,
              batch: ev.batch,
            }),
          onStep: hooks.onStep,
          onEval: hooks.onEval,
          onCheckpoint: hooks.onCheckpoint,
          control: hooks.control,
        },
        start.resume,
      );
      return {
        run: () => run.run(),
        trainedModel: () => model.weights.read(),
        destroy: () => {
          for (const o of owned.reverse()) o.destroy();
        },
      };
    } catch (error) {
      for (const o of owned.reverse()) o.destroy();
      throw error;
    }
  },
};
