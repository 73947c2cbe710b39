// The RL page's GRPO run (runStore.ts): started from the loaded model (its name kept for the
// page), resumed from its checkpoint files; every step's scored rollouts are its `latest`, for
// the rollout table and the token inspector, and survive a reload.
import type { GrpoCheckpointFiles, GrpoJobSettings, GrpoPoint, RolloutView } from '../../engine/api.ts';
import { connectEngine, trainRl } from '../../engine/client.ts';
import { createRunStore } from './runStore.ts';

export interface RlStart {
  from: 'loaded';
  /** The model the run started from, as the Models page names it. */
  model: string;
}

export const useRlStore = createRunStore<
  RlStart,
  GrpoJobSettings,
  GrpoPoint,
  GrpoCheckpointFiles,
  RolloutView[]
>({
  kind: 'rl',
  train: (start, settings, onEvent) =>
    trainRl(connectEngine(), start, settings, (event) =>
      onEvent(
        event.type === 'rollouts' ? { type: 'latest', step: event.step, value: event.rollouts } : event,
      ),
    ),
  control: (command) => connectEngine().controlRl(command),
});
