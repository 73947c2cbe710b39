// The Trainer page's SFT run (runStore.ts): started from a seeded random init or the loaded model,
// resumed from its checkpoint files.
import type { CheckpointFiles, SftPoint, TrainingRequest, TrainingStartRequest } from '../../engine/api.ts';
import { connectEngine, train } from '../../engine/client.ts';
import { createRunStore } from './runStore.ts';

export const useTrainerStore = createRunStore<
  Exclude<TrainingStartRequest, { from: 'checkpoint' }>,
  TrainingRequest,
  SftPoint,
  CheckpointFiles
>({
  kind: 'sft',
  train: (start, request, onEvent) => train(connectEngine(), start, request, onEvent),
  control: (command) => connectEngine().controlTraining(command),
});
