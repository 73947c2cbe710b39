// The generated sequence as chips, each tinted by its step's crowding C_t or its entropy; the
// current step outlined, hand-picked (branched) tokens marked. Clicking a chip moves there.
import { tokenLabel } from '../TokenStrip.tsx';

export type StripMetric = 'crowding' | 'entropy';

export function SequenceStrip({
  tokens,
  values,
  metric,
  current,
  branched,
  onSelect,
}: {
  tokens: number[];
  /** Per step, the metric's value (crowding in [0, 1]; entropy in nats). */
  values: number[];
  metric: StripMetric;
  current: number;
  branched: boolean[];
  onSelect: (step: number) => void;
}) {
  const top = metric === 'crowding' ? 1 : Math.max(0.5, ...values);
  return (
    <div className="token-strip" data-testid="sequence-strip">
      {tokens.map((token, t) => (
        <button
          // biome-ignore lint/suspicious/noArrayIndexKey: steps of one sequence, never reordered
          key={t}
          type="button"
          className={`token-chip generated${t === current ? ' selected' : ''}${branched[t] ? ' branched' : ''}`}
          style={{
            background:
              metric === 'crowding'
                ? `rgba(251, 146, 60, ${(0.85 * Math.min(1, values[t] / top)).toFixed(3)})`
                : `rgba(96, 165, 250, ${(0.85 * Math.min(1, values[t] / top)).toFixed(3)})`,
          }}
          title={`step ${t}: ${metric === 'crowding' ? 'C_t' : 'entropy'} ${values[t].toFixed(3)}${branched[t] ? ' (picked by hand)' : ''}`}
          onClick={() => onSelect(t)}
        >
          {tokenLabel(token)}
        </button>
      ))}
    </div>
  );
}
