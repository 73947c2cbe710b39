// The Trainer page's live charts: the training loss per step (log scale) and the held-out greedy
// accuracy per category over the run, with the latest evaluation's table (95% Wilson intervals);
// each chart exports PNG and CSV.
import { useRef } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { wilsonInterval } from '../../../engine/api.ts';
import { useTrainerStore } from '../../store/trainerStore.ts';
import { ChartExport } from '../ChartExport.tsx';
import { CHART_AXIS, CHART_GRID, CHART_TOOLTIP } from '../chartTheme.ts';

const COLORS = ['#60a5fa', '#f87171', '#4ade80', '#c084fc', '#fb923c', '#22d3ee', '#a1a1aa', '#facc15'];

export function LossChart() {
  const points = useTrainerStore((s) => s.points);
  const chart = useRef<HTMLDivElement>(null);
  if (points.length === 0) return null;
  const every = Math.max(1, Math.ceil(points.length / 400));
  const shown = points.filter((_, i) => i % every === 0 || i === points.length - 1);
  return (
    <section className="panel">
      <h2>Training loss</h2>
      <p className="muted small">Mean cross-entropy (nats) over the answer tokens of each step's batch.</p>
      <div ref={chart} className="chart">
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={shown} margin={{ left: 8, right: 16 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
            <XAxis dataKey="step" type="number" domain={[1, 'dataMax']} stroke={CHART_AXIS} fontSize={11} />
            <YAxis
              scale="log"
              domain={['auto', 'auto']}
              allowDataOverflow
              stroke={CHART_AXIS}
              fontSize={11}
              tickFormatter={(v: number) => v.toPrecision(2)}
            />
            <Tooltip formatter={(v) => Number(v).toFixed(4)} contentStyle={CHART_TOOLTIP} />
            <Line type="monotone" dataKey="loss" stroke={COLORS[0]} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ChartExport
        chart={chart}
        name="training-loss"
        csv={() => ({
          header: ['step', 'positions', 'loss', 'lr', 'grad_norm', 'train_ms'],
          rows: points.map((p) => [p.step, p.tokens, p.loss, p.lr, p.gradNorm, p.trainMs]),
        })}
      />
    </section>
  );
}

export function AccuracyChart() {
  const evals = useTrainerStore((s) => s.evals);
  const chart = useRef<HTMLDivElement>(null);
  if (evals.length === 0) return null;
  const names = evals[0].categories.map((c) => c.name);
  const data = evals.map((e) => ({
    step: e.step,
    ...Object.fromEntries(e.categories.map((c) => [c.name, (100 * c.correct) / c.n])),
  }));
  const latest = evals[evals.length - 1];
  return (
    <section className="panel">
      <h2>Held-out accuracy (greedy, exact match)</h2>
      <div ref={chart} className="chart">
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ left: 8, right: 16 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
            <XAxis
              dataKey="step"
              type="number"
              domain={['dataMin', 'dataMax']}
              stroke={CHART_AXIS}
              fontSize={11}
            />
            <YAxis domain={[0, 100]} unit="%" stroke={CHART_AXIS} fontSize={11} />
            <Tooltip formatter={(v) => `${Number(v).toFixed(0)}%`} contentStyle={CHART_TOOLTIP} />
            <Legend />
            {names.map((name, i) => (
              <Line
                key={name}
                dataKey={name}
                stroke={COLORS[Math.floor(i / 2) % COLORS.length]}
                strokeDasharray={name.endsWith('no-think') ? '4 3' : undefined}
                dot
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ChartExport
        chart={chart}
        name="held-out-accuracy"
        csv={() => ({
          header: ['step', 'positions', 'category', 'n', 'correct', 'format_ok'],
          rows: evals.flatMap((e) =>
            e.categories.map((c) => [e.step, e.tokens, c.name, c.n, c.correct, c.formatOk]),
          ),
        })}
      />
      <table className="data" data-testid="trainer-eval">
        <caption className="muted small">
          At step {latest.step}: n problems per category (held out of training), with a 95% Wilson interval.
        </caption>
        <thead>
          <tr>
            <th>category</th>
            <th>n</th>
            <th>exact match</th>
            <th>95% interval</th>
            <th>format followed</th>
          </tr>
        </thead>
        <tbody>
          {latest.categories.map((c) => {
            const [lo, hi] = wilsonInterval(c.correct, c.n);
            return (
              <tr key={c.name}>
                <td>{c.name}</td>
                <td>{c.n}</td>
                <td>{((100 * c.correct) / c.n).toFixed(0)}%</td>
                <td>
                  {(100 * lo).toFixed(0)}–{(100 * hi).toFixed(0)}%
                </td>
                <td>{((100 * c.formatOk) / c.n).toFixed(0)}%</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
