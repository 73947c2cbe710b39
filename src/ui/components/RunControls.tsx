// The controls and the heading every training page shares (Trainer, RL): start / pause / cancel /
// resume buttons that follow the run's phase, and "Step N of M" with the phase and a progress bar.
import type { RunPhase } from '../store/runStore.ts';

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
  if (phase === 'running' || phase === 'pausing') {
    return (
      <div className="controls-row">
        <button type="button" onClick={onPause} disabled={phase === 'pausing'}>
          {phase === 'pausing' ? 'Pausing…' : 'Pause'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
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

export function RunHeading({ phase, step, total }: { phase: RunPhase; step: number; total: number }) {
  return (
    <>
      <h2>
        Step {step} of {total}{' '}
        <span className={`badge badge-${phase === 'diverged' ? 'error' : 'muted'}`}>{phase}</span>
      </h2>
      <progress max={total} value={step} style={{ width: '100%' }} />
    </>
  );
}
