// The RL page's retention panel (metrics column): what the start model already knew, greedy on
// the card's held-out problems at step 0 and at the latest evaluation, per category and pooled,
// each change with its 95% interval (Newcombe). A category whose interval lies below 0 is flagged
// as lost; the pooled line says whether the run kept the panel within the stated margin.
import type { EvalReport } from '../../../engine/api.ts';
import {
  type CategoryChange,
  RETENTION_MARGIN,
  type RetentionVerdict,
  retentionChange,
} from '../../../engine/retentionApi.ts';

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`;
const interval = (low: number, high: number) => `[${signed(low)}, ${signed(high)}]`;

const VERDICT_WORDS: Record<RetentionVerdict, { words: string; tone: string }> = {
  kept: { words: `kept: the whole interval lies above −${100 * RETENTION_MARGIN} points`, tone: 'ok' },
  lost: { words: `lost: the whole interval lies below −${100 * RETENTION_MARGIN} points`, tone: 'bad' },
  undecided: {
    words: `undecided: the interval reaches past −${100 * RETENTION_MARGIN} points (more problems would tell)`,
    tone: 'muted',
  },
};

/** A change in points, its 95% interval in the cell's title (the pooled one is said in words below). */
function Change({ difference, atStart }: { difference: CategoryChange['difference']; atStart: boolean }) {
  if (atStart) return <>—</>;
  return (
    <span title={`95% interval ${interval(difference.low, difference.high)} points`}>
      {signed(difference.mean)}
    </span>
  );
}

export function RetentionPanel({ evals, panelSize }: { evals: readonly EvalReport[]; panelSize: number }) {
  const start = evals.find((e) => e.retention && e.retention.length > 0);
  if (panelSize === 0) {
    return (
      <section className="retention" data-testid="retention-panel">
        <h3>Retention</h3>
        <p className="muted small">
          This run has no retention panel: nothing checks what the model already knew.
        </p>
      </section>
    );
  }
  if (!start?.retention) {
    return (
      <section className="retention" data-testid="retention-panel">
        <h3>Retention</h3>
        <p className="muted small">Measured with the first held-out evaluation (step 0).</p>
      </section>
    );
  }
  const latest = evals.at(-1) as EvalReport;
  const change = retentionChange(start.retention, latest.retention ?? start.retention);
  if (!change) return null;
  const { pooled } = change;
  const verdict = VERDICT_WORDS[change.verdict];
  const atStart = latest.step === start.step;
  return (
    <section className="retention" data-testid="retention-panel">
      <h3>Retention</h3>
      <p className="small muted">
        Greedy on {pooled.start.n / change.categories.length} held-out problems per skill the start model
        already had; step {start.step} against step {latest.step}, changes in points (a skill is flagged lost
        when the 95% interval of its change lies below 0).
      </p>
      <table className="data compact">
        <thead>
          <tr>
            <th scope="col">skill</th>
            <th scope="col">step {start.step}</th>
            <th scope="col">now</th>
            <th scope="col">change</th>
          </tr>
        </thead>
        <tbody>
          {change.categories.map((c) => (
            <tr key={c.name} data-lost={c.lost ? 'yes' : 'no'}>
              <th scope="row">{c.name}</th>
              <td>{pct(c.start.correct / c.start.n)}</td>
              <td>{pct(c.now.correct / c.now.n)}</td>
              <td className={c.lost ? 'bad' : undefined}>
                <Change difference={c.difference} atStart={atStart} />
                {c.lost && <strong> lost</strong>}
              </td>
            </tr>
          ))}
          <tr className="pooled">
            <th scope="row">whole panel</th>
            <td>{pct(pooled.start.correct / pooled.start.n)}</td>
            <td>{pct(pooled.now.correct / pooled.now.n)}</td>
            <td>
              <Change difference={pooled.difference} atStart={atStart} />
            </td>
          </tr>
        </tbody>
      </table>
      {!atStart && (
        <p className={`small ${verdict.tone}`} data-testid="retention-verdict" data-verdict={change.verdict}>
          Whole panel {signed(pooled.difference.mean)} points, 95% interval{' '}
          {interval(pooled.difference.low, pooled.difference.high)}: {verdict.words}.
        </p>
      )}
    </section>
  );
}
