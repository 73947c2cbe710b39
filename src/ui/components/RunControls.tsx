// The controls and the heading every training page shares (Trainer, RL): start / pause / cancel /
// resume buttons that follow the run's phase (one Start per run: the button goes at the click),
// "Step N of M" with the phase, a progress bar and the last checkpoint, and the job's ETA.
import type { JobProgress } from '../../engine/api.ts';
import type { RunPhase } from '../store/runStore.ts';
import type { HeldCheckpoint } from '../store/storageStore.ts';

export function RunButtons({
  phase,
  startLabel,
  canStart,
  resumeStep,
  onStart,
  onPause,
  onResume,
  onCancel,
}: {
  phase: RunPhase;
  startLabel: string;
  canStart: boolean;
  /** The step a paused run resumes from, or null when there is nothing to resume. */
  resumeStep: number | null;
  onStart(): void;
  onPause(): void;
  onResume(): void;
  onCancel(): void;
}) {
  if (phase === 'starting') {
    return (
      <div className="controls-row">
        <button type="button" disabled>
          Starting…
        </button>
      </div>
    );
  }
  if (phase === 'running' || phase === 'pausing' || phase === 'cancelling') {
    return (
      <div className="controls-row">
        <button type="button" onClick={onPause} disabled={phase !== 'running'}>
          {phase === 'pausing' ? 'Pausing…' : 'Pause'}
        </button>
        <button type="button" onClick={onCancel} disabled={phase === 'cancelling'}>
          {phase === 'cancelling' ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
    );
  }
  return (
    <div className="controls-row">
      <button type="button" disabled={!canStart || phase === 'restoring'} onClick={onStart}>
        {startLabel}
      </button>
      {phase === 'paused' && resumeStep !== null && (
        <>
          <button type="button" onClick={onResume}>
            Resume from step {resumeStep}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </>
      )}
    </div>
  );
}

export function RunHeading({
  phase,
  step,
  total,
  checkpointStep,
  held,
}: {
  phase: RunPhase;
  step: number;
  total: number;
  /** The step of the run's latest checkpoint, or null before its first. */
  checkpointStep: number | null;
  /** That checkpoint when the full storage could not keep it (it is held in memory only). */
  held?: HeldCheckpoint;
}) {
  const kept = held?.keptStep === null ? 'none' : `step ${held?.keptStep}`;
  return (
    <>
      <h2>
        Step {step} of {total}{' '}
        <span className={`badge badge-${phase === 'diverged' ? 'error' : 'muted'}`}>{phase}</span>
      </h2>
      <progress max={total} value={step} style={{ width: '100%' }} />
      {checkpointStep !== null && (
        <p className="muted small" data-testid="run-checkpoint">
          {held?.step === checkpointStep
            ? `last checkpoint: step ${checkpointStep} (in memory only; kept in this browser: ${kept})`
            : `last checkpoint (kept in this browser): step ${checkpointStep}`}
        </p>
      )}
    </>
  );
}

/** " · ETA N min" while the run goes, from the job's measured time per step; else nothing. */
export function etaText(phase: RunPhase, progress: JobProgress | null): string {
  if (phase !== 'running' || !progress || progress.step >= progress.steps || progress.msPerStep === 0)
    return '';
  const minutes = progress.etaMs / 60_000;
  return ` · ETA ${minutes < 1 ? '< 1' : minutes.toFixed(0)} min`;
}
