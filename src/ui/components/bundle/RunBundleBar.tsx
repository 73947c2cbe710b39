// A training page's run bundle controls: "Download the run bundle" (one zip of the run: settings,
// metrics, evaluations, charts, model, rollouts; bundle/FORMATS.md) and a visible "Open a run
// bundle" file input, under the run; while a bundle is viewed, the banner above it that says so,
// with Close and, where the page can show them, "Use its settings" for the settings panel.
import { useState } from 'react';
import type { StoreApi, UseBoundStore } from 'zustand';
import type { JobKind, JobTypesOf } from '../../../engine/api.ts';
import { type ShownError, toShownError } from '../../store/engineStore.ts';
import { isBusy, type RunState } from '../../store/runStore.ts';
import { ErrorPanel } from '../ErrorPanel.tsx';
import { useOpenBundle } from './useOpenBundle.ts';

/** A file name of the run: its kind and start time, e.g. grpo-run-2025-01-02-0304. */
function bundleName(kind: JobKind, startedAt: string): string {
  return `${kind}-run-${startedAt.slice(0, 16).replace('T', '-').replace(':', '')}`;
}

type RunStore<K extends JobKind, Start> = UseBoundStore<StoreApi<RunState<K, Start>>>;

/** While a bundle is viewed: what it is, Close, and (when given) a way to copy its settings. */
export function RunBundleBanner<K extends JobKind, Start>({
  store,
  copySettings,
}: {
  store: RunStore<K, Start>;
  /** Puts the viewed run's settings in the page's settings panel (its URL). */
  copySettings?: (settings: JobTypesOf<K>['settings'], start: Start) => void;
}) {
  const { viewing, run, closeView } = store();
  if (!viewing || !run) return null;
  return (
    <section className="notice bundle-banner" aria-label="run bundle on view" data-testid="bundle-banner">
      <p>
        Viewing the run bundle <strong>{viewing.name}</strong> (step {viewing.step},{' '}
        {new Date(viewing.savedAt).toLocaleString()}) — nothing trains, and Start and Resume are off while it
        is shown. Its settings are in the summary; the settings panel keeps yours
        {copySettings ? " unless you copy the run's into it" : ''}. Close returns to your own run.
      </p>
      <div className="controls-row">
        {copySettings && (
          <button type="button" onClick={() => copySettings(run.settings, run.start)}>
            Use its settings
          </button>
        )}
        <button type="button" onClick={closeView}>
          Close
        </button>
      </div>
    </section>
  );
}

export function RunBundleBar<K extends JobKind, Start>({ store }: { store: RunStore<K, Start> }) {
  const { viewing, run, phase, saveBundle } = store();
  const opening = useOpenBundle();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ShownError | null>(null);
  const save = async () => {
    if (!run) return;
    setSaving(true);
    setSaveError(null);
    try {
      await saveBundle(bundleName(run.id, run.startedAt));
    } catch (error) {
      setSaveError(toShownError(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <section className="panel bundle-bar" aria-label="run bundles">
        {run && !viewing && (
          <button
            type="button"
            disabled={isBusy(phase) || saving}
            title={isBusy(phase) ? 'Pause the run, or let it finish, to save its bundle' : undefined}
            onClick={() => void save()}
          >
            {saving ? 'Saving the bundle…' : 'Download the run bundle (zip)'}
          </button>
        )}
        <label>
          Open a run bundle{' '}
          <input
            type="file"
            accept=".zip,application/zip"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void opening.open(file);
            }}
          />
        </label>
        <p className="muted small">
          A bundle is one zip of a run: its settings and seed, metrics and evaluations (CSV), charts (PNG),
          model (a Hugging Face folder) and, for RL, every rollout. Drop one anywhere on the lab to view it.
        </p>
      </section>
      {saveError && <ErrorPanel title="The run bundle could not be saved" error={saveError} />}
      {opening.error && (
        <ErrorPanel title="This file could not be opened as a run bundle" error={opening.error}>
          <button type="button" onClick={opening.dismiss}>
            Dismiss
          </button>
        </ErrorPanel>
      )}
    </>
  );
}
