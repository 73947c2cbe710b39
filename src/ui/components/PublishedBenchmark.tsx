// Shows a published benchmark (public/results/<scenario>.json, written by `npm run bench --
// <scenario> --publish`): its goals, a chart of ours against the baseline, its tables (a long one,
// such as a per-kernel profile, folded), and where and when it ran. usePublishedResult reads a file
// for this view and for the method pages, which pass their ResultSchema to get typed rows; a
// missing, malformed, stale or foreign file gets a message, never a crash.
import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { type BenchRow, type PublishedRead, type ResultSchema, readPublished } from '../../engine/api.ts';
import { type BenchmarkTable, benchmarkTables } from './benchmarkTables.ts';
import { CHART_AXIS, CHART_GRID, CHART_TOOLTIP } from './chartTheme.ts';
import { ScrollRegion } from './ScrollRegion.tsx';

/** Tables longer than this start folded. */
const FOLD_ROWS = 24;

export type PublishedLoad<R extends BenchRow = BenchRow> =
  | { state: 'loading' }
  | { state: 'missing' }
  | PublishedRead<R>;

/** The published file of a scenario: any layout for a scenario name, a ResultSchema's only. */
export function usePublishedResult<R extends BenchRow = BenchRow>(
  expected: string | ResultSchema<R>,
): PublishedLoad<R> {
  const [load, setLoad] = useState<PublishedLoad<R>>({ state: 'loading' });
  const scenario = typeof expected === 'string' ? expected : expected.scenario;
  const version = typeof expected === 'string' ? null : expected.version;
  useEffect(() => {
    let live = true;
    const wanted: string | ResultSchema<R> = version === null ? scenario : { scenario, version };
    fetch(`/results/${scenario}.json`)
      .then(async (response): Promise<PublishedLoad<R>> => {
        if (response.status === 404) return { state: 'missing' };
        if (!response.ok) return { state: 'invalid', why: `HTTP ${response.status}` };
        const text = await response.text();
        if (text.trimStart().startsWith('<')) return { state: 'missing' };
        return readPublished<R>(JSON.parse(text), wanted);
      })
      .catch((error: unknown): PublishedLoad<R> => ({ state: 'invalid', why: String(error) }))
      .then((next) => live && setLoad(next));
    return () => {
      live = false;
    };
  }, [scenario, version]);
  return load;
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  return String(value);
}

function TableView({ table, rowKeys }: { table: BenchmarkTable; rowKeys: string[] }) {
  const view = (
    <ScrollRegion label={table.caption ?? 'benchmark rows'}>
      <table className="data">
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={rowKeys.map((k) => String(row[k])).join('|')}>
              {table.columns.map((c) => (
                <td key={c}>{formatCell(row[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
  if (table.rows.length > FOLD_ROWS) {
    return (
      <details className="bench-table">
        <summary>
          {table.caption ?? 'rows'}: {table.rows.length} rows
        </summary>
        {view}
      </details>
    );
  }
  return (
    <div className="bench-table">
      {table.caption && <h3>{table.caption}</h3>}
      {view}
    </div>
  );
}

export function PublishedBenchmark({ scenario }: { scenario: string }) {
  const load = usePublishedResult(scenario);
  if (load.state === 'loading') return null;
  if (load.state !== 'ok') {
    return (
      <section className="panel">
        <h2>Benchmark “{scenario}”</h2>
        <p className="muted">
          {load.state === 'mismatch' ? (
            `The published result cannot be shown: ${load.message}.`
          ) : (
            <>
              {load.state === 'missing'
                ? 'No published run yet.'
                : `The published result could not be read (${load.why}).`}{' '}
              Measure it with <code>npm run bench -- {scenario} --publish</code>.
            </>
          )}
        </p>
      </section>
    );
  }
  const { result } = load;
  const chartRows = result.rows
    .filter((row) => typeof row.ours_gflops === 'number')
    .map((row) => ({
      shape: `${row.layout} ${row.M}×${row.N}×${row.K}`,
      ours: row.ours_gflops,
      naive: row.naive_gflops,
    }));
  return (
    <section className="panel" data-testid={`published-${scenario}`}>
      <h2>Benchmark “{scenario}”</h2>
      <p className="muted">
        {result.mode} run, median of {result.launches} browser launch{result.launches === 1 ? '' : 'es'}, seed{' '}
        {result.seed}; {result.browser}; adapter {result.adapter.vendor}/{result.adapter.architecture}; CPU{' '}
        {result.cpu}; commit <code>{result.gitCommit.slice(0, 10)}</code>;{' '}
        {result.generatedAt.slice(0, 16).replace('T', ' ')} UTC
        {result.machineShared ? '; the machine was shared during the run' : ''}.
      </p>
      <ul className="goals">
        {result.goals.map((g) => (
          <li key={g.name} className={g.met === null ? 'muted' : g.met ? 'ok' : 'bad'}>
            {g.name}: goal {g.bound === 'most' ? '≤' : '≥'} {g.target} {g.unit}, measured{' '}
            {g.measured === null ? 'not in this mode' : g.measured.toFixed(2)}
            {g.met === null ? '' : g.met ? ' — met' : ' — not met'}
          </li>
        ))}
      </ul>
      {chartRows.length > 0 && (
        <div className="chart">
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={chartRows} margin={{ top: 8, right: 8, bottom: 48, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
              <XAxis
                dataKey="shape"
                angle={-35}
                textAnchor="end"
                interval={0}
                fontSize={11}
                stroke={CHART_AXIS}
              />
              <YAxis
                stroke={CHART_AXIS}
                fontSize={11}
                label={{ value: 'GFLOP/s', angle: -90, position: 'insideLeft', fill: CHART_AXIS }}
              />
              <Tooltip contentStyle={CHART_TOOLTIP} />
              <Legend verticalAlign="top" />
              <Bar dataKey="ours" name="ours (register-blocked)" fill="#7dd3fc" isAnimationActive={false} />
              <Bar dataKey="naive" name="naive baseline" fill="#f59e0b" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      {benchmarkTables(result.rows).map((table) => (
        <TableView key={`${table.caption}:${table.columns.join('|')}`} table={table} rowKeys={result.keys} />
      ))}
      {result.notes.map((note) => (
        <p key={note} className="muted small">
          {note}
        </p>
      ))}
    </section>
  );
}
