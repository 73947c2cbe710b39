// One decoding step through the logits-processor chain: for each top candidate its probability
// raw (softmax of the logits), after temperature, after truncation (top-k, top-p, min-p) and
// finally after CraEG — the distribution the token was drawn from. The drawn (or picked) token is
// marked; any other candidate can be taken instead, which branches the generation there.
import type { Candidate } from '../../../engine/api.ts';
import { tokenLabel } from '../TokenStrip.tsx';

const STAGES: { key: 'raw' | 'temperature' | 'truncated' | 'processed'; label: string }[] = [
  { key: 'raw', label: 'raw' },
  { key: 'temperature', label: 'temperature' },
  { key: 'truncated', label: 'truncation' },
  { key: 'processed', label: 'CraEG (final)' },
];

function Bar({ value, stage }: { value: number; stage: number }) {
  return (
    <span className="stage-cell">
      <span className={`bar stage-${stage}`} style={{ width: `${(value * 100).toFixed(1)}%` }} />
      <span className="bar-value">
        {value >= 0.001 || value === 0 ? `${(value * 100).toFixed(1)}%` : value.toExponential(0)}
      </span>
    </span>
  );
}

export function StageBars({
  candidates,
  chosen,
  onBranch,
  disabled,
}: {
  candidates: Candidate[];
  chosen: number;
  onBranch: (token: number) => void;
  disabled: boolean;
}) {
  return (
    <table className="candidate-bars stage-bars" data-testid="stage-bars">
      <thead>
        <tr>
          <th>token</th>
          {STAGES.map((s) => (
            <th key={s.key}>{s.label}</th>
          ))}
          <th />
        </tr>
      </thead>
      <tbody>
        {candidates.map((c) => (
          <tr key={c.token} className={c.token === chosen ? 'sampled' : undefined}>
            <td>
              <code>{tokenLabel(c.token)}</code>
            </td>
            {STAGES.map((s, i) => (
              <td key={s.key}>
                <Bar value={c[s.key] ?? 0} stage={i} />
              </td>
            ))}
            <td>
              {c.token === chosen ? (
                <span className="small ok">◀ taken</span>
              ) : (
                <button
                  type="button"
                  className="export-button"
                  disabled={disabled}
                  onClick={() => onBranch(c.token)}
                  aria-label={`branch with ${tokenLabel(c.token)}`}
                >
                  branch
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
