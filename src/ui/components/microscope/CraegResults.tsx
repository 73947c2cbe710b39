// The latest `craeg` benchmark (public/results/craeg.json) in words and numbers: CraEG against
// plain sampling per temperature and metric with n and 95% intervals, whether each difference is
// distinguishable from zero, the association of correctness with crowding, and the cost. The
// verdicts are read from the intervals (intervalVerdict), so a null or reversed effect is said as
// such; the rows are the scenario's own type (CraegRow), checked by schema version on load.
import { CRAEG_RESULTS, intervalVerdict, rowsOf } from '../../../engine/api.ts';
import { IntervalVerdict } from '../IntervalVerdict.tsx';
import { usePublishedResult } from '../PublishedBenchmark.tsx';
import { ScrollRegion } from '../ScrollRegion.tsx';

const fmt = (x: number) => (Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(3));
const interval = (low: number, high: number) => `${fmt(low)} – ${fmt(high)}`;

/** How the crowding coefficient's interval reads against the paper's finding (a negative predictor). */
const ASSOCIATION = {
  lower: <span className="ok">a negative predictor, the paper’s direction.</span>,
  higher: <strong className="bad">a positive predictor — the reverse of the paper’s finding.</strong>,
  'no detectable difference': (
    <span className="muted">not distinguishable from zero here, unlike the paper.</span>
  ),
};

export function CraegResults() {
  const load = usePublishedResult(CRAEG_RESULTS);
  if (load.state === 'loading') return null;
  if (load.state !== 'ok') {
    return (
      <section className="panel">
        <h2>Benchmark “craeg”</h2>
        <p className="muted">
          {load.state === 'missing'
            ? 'Not published yet: run npm run bench -- craeg --launches 1 --publish.'
            : load.state === 'mismatch'
              ? `The published file cannot be shown: ${load.message}.`
              : `The published file could not be read: ${load.why}.`}
        </p>
      </section>
    );
  }
  const { result } = load;
  const intervention = rowsOf(result.rows, 'intervention');
  const cost = rowsOf(result.rows, 'cost');
  const crowdingTerm = rowsOf(result.rows, 'association').find((r) =>
    r.metric.startsWith('sequence crowding'),
  );
  return (
    <section className="panel" data-testid="craeg-results">
      <h2>What CraEG does on this model (benchmark “craeg”)</h2>
      <p className="muted small">
        {result.mode} run of {result.generatedAt.slice(0, 10)}, commit {result.gitCommit.slice(0, 8)}.{' '}
        {result.notes.at(-1)}
      </p>
      {crowdingTerm && (
        <p>
          <strong>Association.</strong> Over {crowdingTerm.solutions} sampled solutions, one standard
          deviation more sequence crowding changes the log-odds of a correct answer by{' '}
          {fmt(crowdingTerm.coefficient)} (95% {interval(crowdingTerm.ci_low, crowdingTerm.ci_high)}), entropy
          held fixed:{' '}
          {
            ASSOCIATION[
              intervalVerdict({ low: crowdingTerm.ci_low, high: crowdingTerm.ci_high }, 'crowding').direction
            ]
          }
        </p>
      )}
      <ScrollRegion label="CraEG against plain sampling, per temperature">
        <table className="data" data-testid="craeg-intervention">
          <caption className="muted small">
            Per problem, then averaged; {intervention[0]?.problems ?? '?'} problems ×{' '}
            {intervention[0]?.samples ?? '?'} samples per arm, the same seeds; 95% bootstrap intervals, the
            difference paired by problem.
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
            {intervention.map((r) => (
              <tr key={`${r.temperature}-${r.metric}`}>
                <td>{r.temperature}</td>
                <td>{r.metric}</td>
                <td>
                  {fmt(r.plain)} <span className="muted small">({interval(r.plain_low, r.plain_high)})</span>
                </td>
                <td>
                  {fmt(r.craeg)} <span className="muted small">({interval(r.craeg_low, r.craeg_high)})</span>
                </td>
                <td>
                  {fmt(r.difference)}{' '}
                  <span className="muted small">({interval(r.difference_low, r.difference_high)})</span>
                </td>
                <IntervalVerdict as="td" low={r.difference_low} high={r.difference_high} subject="CraEG" />
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
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
              <td>{r.temperature}</td>
              <td>{r.arm}</td>
              <td>{r.tokens_per_second.toFixed(0)}</td>
              <td>{r.crowded_steps === undefined ? '—' : `${(100 * r.crowded_steps).toFixed(0)}%`}</td>
              <td>{r.reweighted_steps === undefined ? '—' : `${(100 * r.reweighted_steps).toFixed(0)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
