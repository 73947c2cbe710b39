// The run store of each job kind (runStore.ts), for what reaches a run by its kind rather than
// through its page: a run bundle opened anywhere in the lab is viewed by its kind's store, and the
// storage list deletes a kind's stored run.
import type { JobKind } from '../../engine/api.ts';
import type { AnyRunBundle, RunBundle } from '../bundle/runBundle.ts';
import { useRlStore } from './rlStore.ts';
import { isBusy, NO_RUN, type RunPhase } from './runState.ts';
import { useTrainerStore } from './trainerStore.ts';
import { runStorage } from './trainingRuns.ts';

type Viewer<K extends JobKind> = {
  getState(): { phase: RunPhase; view(bundle: RunBundle<K>): Promise<void> };
  setState(state: typeof NO_RUN & { phase: 'idle'; message: null; error: null }): void;
};

const RUN_STORES: { [K in JobKind]: Viewer<K> } = { sft: useTrainerStore, grpo: useRlStore };

/** Shows `bundle` on its kind's store. @throws BundleError 'busy' while that kind's run goes */
export function viewBundle(bundle: AnyRunBundle): Promise<void> {
  // Each kind's bundle goes to that kind's store (TypeScript cannot pair the two unions).
  const store = RUN_STORES[bundle.run.kind] as Viewer<JobKind>;
  return store.getState().view(bundle as RunBundle<JobKind>);
}

/**
 * Deletes `kind`'s stored run, which its page then no longer shows; a run on its way or going (or a
 * bundle in view) is left as it is, and the storage list offers no Delete for it.
 */
export async function deleteStoredRun(kind: JobKind): Promise<void> {
  const store = RUN_STORES[kind];
  if (isBusy(store.getState().phase)) return;
  await runStorage(kind).clear();
  store.setState({ ...NO_RUN, phase: 'idle', message: null, error: null });
}
