// The RL page's GRPO run (runStore.ts): started from the loaded model (its name kept for the
// page), resumed from its checkpoint files; every step's scored rollouts are its `latest`, for
// the rollout table and the token inspector, and survive a reload. GRPO steps take seconds, so a
// checkpoint comes every 5 steps besides the timed ones.
import { createRunStore } from './runStore.ts';

export interface RlStart {
  from: 'loaded';
  /** The model the run started from, as the Models page names it. */
  model: string;
}

export const useRlStore = createRunStore<'grpo', RlStart>('grpo', { checkpointEvery: 5 });
