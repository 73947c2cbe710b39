// The latest `craeg` benchmark (public/results/craeg.json) in words and numbers: CraEG against
// plain sampling per temperature and metric with n and 95% intervals, whether each difference is
// distinguishable from zero, the association of correctness with crowding, and the cost. The
// verdicts are computed from the intervals, so a null or reversed effect is said as such.
import type { BenchRow } from '../../../engine/api.ts';
import { usePublishedResult } from '../PublishedBenchmark.tsx';

const num = (row: BenchRow, key: string) => Number(row[key]);
const fmt = (x: number) => (Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(3));
const interval = (row: BenchRow, low: string, high: string) =>
  `${fmt(num(row, low))} – ${fmt(num(row, high))}`;

function verdict(
  low: number,
  high: number,
  positive: string,
  negative: string,
): { text: string; tone: string } {
  if (low > 0) return { text: positive, tone: 'ok' };
  if (high < 0) return { text: negative, tone: 'bad' };
  return { text: 'no detectable difference (interval includes 0)', tone: 'muted' };
}

export function CraegResults() {
  const load = usePublishedResult('craeg');
  if (load.state === 'loading') return null;
  if (load.state !== 'ok') {
    return (
      <section className="panel">
        <h2>Benchmark “craeg”</h2>
        <p className="muted">
          {load.state === 'missing'
            ? 'Not published yet: run npm run bench -- craeg --launches 1 --publish.'
            : `The published file could not be read: ${load.why}.`}
        </p>
      </section>
    );
  }
  const { result } = load;
  const intervention = result.rows.filter((r) => r.part === 'intervention');
  const association = result.rows.filter((r) => r.part === 'association');
  const cost = result.rows.filter((r) => r.part === 'cost');
  const crowdingTerm = association.find((r) => String(r.metric).startsWith('sequence crowding'));
  return (
    <section className="panel" data-testid="craeg-results">
      <h2>What CraEG does on this model (benchmark “craeg”)</h2>
      <p className="muted small">
        {result.mode} run of {result.generatedAt.slice(0, 10)}, commit {result.gitCommit.slice(0, 8)}.{' '}
        {result.notes.at(-1)}
      </p>
      {crowdingTerm && (
        <p>
          <strong>Association.</strong> Over {String(crowdingTerm.solutions)} sampled solutions, one standard
          deviation more sequence crowding changes the log-odds of a correct answer by{' '}
          {fmt(num(crowdingTerm, 'coefficient'))} (95% {interval(crowdingTerm, 'ci_low', 'ci_high')}), entropy
          held fixed:{' '}
          {num(crowdingTerm, 'ci_high') < 0 ? (
            <span className="ok">a negative predictor, the paper’s direction.</span>
          ) : num(crowdingTerm, 'ci_low') > 0 ? (
            <strong className="bad">a positive predictor — the reverse of the paper’s finding.</strong>
          ) : (
            <span className="muted">not distinguishable from zero here, unlike the paper.</span>
          )}
        </p>
      )}
      <div className="table-scroll">
        <table className="data" data-testid="craeg-intervention">
          <caption className="muted small">
            Per problem, then averaged; {String(intervention[0]?.problems ?? '?')} problems ×{' '}
            {String(intervention[0]?.samples ?? '?')} samples per arm, the same seeds; 95% bootstrap
            intervals, the difference paired by problem.
          </caption>
          <thead>
            <tr>
              <th>T</th>
              <th>metric</th>
              <th>plain</th>
              <th>CraEG</th>
              <th>CraEG − plain</th>
              <th>verdict</th>
            </tr>
          </thead>
          <tbody>
            {intervention.map((r) => {
              const v = verdict(
                num(r, 'difference_low'),
                num(r, 'difference_high'),
                'CraEG higher',
                'CraEG lower',
              );
              return (
                <tr key={`${r.temperature}-${r.metric}`}>
                  <td>{String(r.temperature)}</td>
                  <td>{String(r.metric)}</td>
                  <td>
                    {fmt(num(r, 'plain'))}{' '}
                    <span className="muted small">({interval(r, 'plain_low', 'plain_high')})</span>
                  </td>
                  <td>
                    {fmt(num(r, 'craeg'))}{' '}
                    <span className="muted small">({interval(r, 'craeg_low', 'craeg_high')})</span>
                  </td>
                  <td>
                    {fmt(num(r, 'difference'))}{' '}
                    <span className="muted small">({interval(r, 'difference_low', 'difference_high')})</span>
                  </td>
                  <td className={v.tone}>{v.text}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <table className="data" data-testid="craeg-cost">
        <caption className="muted small">
          Decode throughput of each arm and the share of steps that were crowded (more than one candidate) and
          that CraEG reweighted.
        </caption>
        <thead>
          <tr>
            <th>T</th>
            <th>arm</th>
            <th>tokens/s</th>
            <th>steps crowded</th>
            <th>steps reweighted</th>
          </tr>
        </thead>
        <tbody>
          {cost.map((r) => (
            <tr key={`${r.temperature}-${r.arm}`}>
              <td>{String(r.temperature)}</td>
              <td>{String(r.arm)}</td>
              <td>{num(r, 'tokens_per_second').toFixed(0)}</td>
              <td>
                {r.crowded_steps === undefined ? '—' : `${(100 * num(r, 'crowded_steps')).toFixed(0)}%`}
              </td>
              <td>
                {r.reweighted_steps === undefined ? '—' : `${(100 * num(r, 'reweighted_steps')).toFixed(0)}%`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
