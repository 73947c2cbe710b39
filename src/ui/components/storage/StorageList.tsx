// What this browser keeps for the lab, each with its size and a Delete button: the stored runs of the
// Trainer and RL pages and the saved models, plus the browser's usage and quota when it tells them.
// Shown with the notice of a full storage and on the Models page; a run that is going keeps its data.
import { useEffect } from 'react';
import { formatBytes, type JobKind } from '../../../engine/api.ts';
import { useModelStore } from '../../store/modelStore.ts';
import { useRlStore } from '../../store/rlStore.ts';
import { isBusy } from '../../store/runState.ts';
import { deleteStoredRun } from '../../store/runStores.ts';
import { useStorageStore } from '../../store/storageStore.ts';
import { useTrainerStore } from '../../store/trainerStore.ts';
import { ErrorPanel } from '../ErrorPanel.tsx';

export function StorageList() {
  const { runs, models, estimate, error, refresh } = useStorageStore();
  const deleteModel = useModelStore((s) => s.deleteSaved);
  const busy: Record<JobKind, boolean> = {
    sft: isBusy(useTrainerStore((s) => s.phase)),
    grpo: isBusy(useRlStore((s) => s.phase)),
  };
  // Read now, and again whenever the saved models change (a load from files, a Delete elsewhere).
  useEffect(() => {
    void refresh();
    return useModelStore.subscribe((state, previous) => {
      if (state.saved !== previous.saved) void refresh();
    });
  }, [refresh]);
  const deleteRun = async (kind: JobKind) => {
    await deleteStoredRun(kind);
    await refresh();
  };
  return (
    <div data-testid="storage-list">
      {estimate && (
        <p className="muted small" data-testid="storage-estimate">
          This browser says the lab uses {formatBytes(estimate.usage)} of the {formatBytes(estimate.quota)} it
          may keep.
        </p>
      )}
      {runs.length + models.length === 0 && (
        <p className="muted">Nothing is kept: no run and no saved model.</p>
      )}
      <ul className="saved-models">
        {runs.map((run) => (
          <li key={run.kind}>
            <strong>{run.name}</strong>{' '}
            <span className="muted small">
              started {run.startedAt.slice(0, 16).replace('T', ' ')} · {run.status} · checkpoint at step{' '}
              {run.checkpointStep}
            </span>{' '}
            <span className="storage-size">{formatBytes(run.bytes)}</span>{' '}
            {busy[run.kind] ? (
              <span className="muted small">in use: pause or cancel it to delete it</span>
            ) : (
              <button type="button" onClick={() => void deleteRun(run.kind)}>
                Delete
              </button>
            )}
          </li>
        ))}
        {models.map((model) => (
          <li key={model.id}>
            <strong>{model.name}</strong>{' '}
            <span className="muted small">
              saved model · {model.parameters.toLocaleString('en-US')} params ·{' '}
              {model.savedAt.slice(0, 16).replace('T', ' ')}
            </span>{' '}
            <span className="storage-size">{formatBytes(model.bytes)}</span>{' '}
            <button type="button" onClick={() => void deleteModel(model.id)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {error && <ErrorPanel title="What is kept could not be read" error={error} />}
    </div>
  );
}
