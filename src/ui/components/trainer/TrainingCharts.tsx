// The Trainer page's live charts: the training loss per step (log scale) and the held-out greedy
// accuracy per category over the run, with the latest evaluation's table (95% Wilson intervals).
// Both are StepSeriesCharts, so they export PNG and CSV and show their numbers like every chart.
import { wilsonInterval } from '../../../engine/api.ts';
import { useTrainerStore } from '../../store/trainerStore.ts';
import { StepSeriesChart } from '../StepSeriesChart.tsx';

const COLORS = ['#60a5fa', '#f87171', '#4ade80', '#c084fc', '#fb923c', '#22d3ee', '#a1a1aa', '#facc15'];
const percent = (v: number) => `${v.toFixed(0)}%`;

export function LossChart() {
  const points = useTrainerStore((s) => s.points);
  if (points.length === 0) return null;
  return (
    <StepSeriesChart
      title="Training loss"
      caption="Mean cross-entropy (nats) over the answer tokens of each step's batch; log scale."
      name="training-loss"
      rows={points}
      lines={[{ key: 'loss', name: 'loss', color: COLORS[0] }]}
      yScale="log"
      yDomain={['auto', 'auto']}
      format={(v) => v.toPrecision(2)}
      tooltipFormat={(v) => v.toFixed(4)}
      height={240}
      csv={() => ({
        header: ['step', 'positions', 'loss', 'lr', 'grad_norm', 'train_ms'],
        rows: points.map((p) => [p.step, p.tokens, p.loss, p.lr, p.gradNorm, p.trainMs]),
      })}
    />
  );
}

export function AccuracyChart() {
  const evals = useTrainerStore((s) => s.evals);
  if (evals.length === 0) return null;
  const names = evals[0].categories.map((c) => c.name);
  // Categories are keyed by index: recharts reads a dataKey as a path.
  const rows = evals.map((e): { step: number } & Record<string, number> => ({
    step: e.step,
    ...Object.fromEntries(e.categories.map((c, i) => [`c${i}`, (100 * c.correct) / c.n])),
  }));
  const latest = evals[evals.length - 1];
  return (
    <StepSeriesChart
      title="Held-out accuracy (greedy, exact match)"
      caption="A line per category, think and no-think (dashed) of an operation in one colour."
      name="held-out-accuracy"
      rows={rows}
      lines={names.map((name, i) => ({
        key: `c${i}`,
        name,
        color: COLORS[Math.floor(i / 2) % COLORS.length],
        dashed: name.endsWith('no-think'),
        dots: true,
      }))}
      yDomain={[0, 100]}
      format={percent}
      height={260}
      csv={() => ({
        header: ['step', 'positions', 'category', 'n', 'correct', 'format_ok'],
        rows: evals.flatMap((e) =>
          e.categories.map((c) => [e.step, e.tokens, c.name, c.n, c.correct, c.formatOk]),
        ),
      })}
    >
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
    </StepSeriesChart>
  );
}
