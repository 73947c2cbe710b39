// The Trainer page's SFT run (runStore.ts): started from a seeded random init or the loaded model,
// resumed from its checkpoint files; a checkpoint every 100 steps besides the timed ones.
import type { FreshJobRequest } from '../../engine/api.ts';
import { createRunStore } from './runStore.ts';

export const useTrainerStore = createRunStore<'sft', FreshJobRequest<'sft'>['start']>('sft', {
  checkpointEvery: 100,
});
