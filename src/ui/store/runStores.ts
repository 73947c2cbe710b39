// The run store of each job kind (runStore.ts), for what reaches a run by its kind rather than
// through its page: a run bundle opened anywhere in the lab is viewed by its kind's store.
import type { JobKind } from '../../engine/api.ts';
import type { AnyRunBundle, RunBundle } from '../bundle/runBundle.ts';
import { useRlStore } from './rlStore.ts';
import { useTrainerStore } from './trainerStore.ts';

type Viewer<K extends JobKind> = { getState(): { view(bundle: RunBundle<K>): Promise<void> } };

const RUN_STORES: { [K in JobKind]: Viewer<K> } = { sft: useTrainerStore, grpo: useRlStore };

/** Shows `bundle` on its kind's store. @throws BundleError 'busy' while that kind's run goes */
export function viewBundle(bundle: AnyRunBundle): Promise<void> {
  // Each kind's bundle goes to that kind's store (TypeScript cannot pair the two unions).
  const store = RUN_STORES[bundle.run.kind] as Viewer<JobKind>;
  return store.getState().view(bundle as RunBundle<JobKind>);
}
