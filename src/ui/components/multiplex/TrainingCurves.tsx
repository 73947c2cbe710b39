// The RL study's training curves from the published multiplex benchmark: the policy's token-mean
// entropy and the mean reward per step, a line per arm (K=3 against discrete RL, same seeds and
// steps). The paper expects entropy to decay more slowly with multiplexing. Two StepSeriesCharts,
// side by side inside the results panel.
import type { MultiplexTrainingRow } from '../../../engine/api.ts';
import { StepSeriesChart } from '../StepSeriesChart.tsx';
import { armsOf } from './multiplexBenchRows.ts';
import { armColors } from './PassAtKChart.tsx';

const CURVES = [
  { metric: 'entropy', title: 'Policy entropy (token mean, nats)' },
  { metric: 'reward', title: 'Mean reward' },
] as const;

export function TrainingCurves({ study, points }: { study: string; points: MultiplexTrainingRow[] }) {
  const mine = points.filter((p) => p.study === study);
  if (mine.length === 0) return null;
  const arms = armsOf(mine, study);
  const colors = armColors(arms, study);
  const steps = [...new Set(mine.map((p) => p.step))].sort((x, y) => x - y);
  // Arms are keyed by index: recharts reads a dataKey as a path, and arm names hold spaces and '='.
  const rowsOf = (metric: 'entropy' | 'reward') =>
    steps.map((step) => {
      const row: { step: number } & Record<string, number> = { step };
      arms.forEach((arm, i) => {
        const p = mine.find((q) => q.arm === arm && q.step === step);
        if (p && Number.isFinite(p[metric])) row[`a${i}`] = p[metric];
      });
      return row;
    });
  return (
    <div className="step-charts" data-testid="multiplex-training">
      {CURVES.map(({ metric, title }) => (
        <StepSeriesChart
          key={metric}
          inPanel
          title={title}
          name={`multiplex-training-${metric}`}
          rows={rowsOf(metric)}
          lines={[...colors].map(([arm, color], i) => ({ key: `a${i}`, name: arm, color }))}
          format={(v) => String(Number(v.toPrecision(2)))}
          tooltipFormat={(v) => v.toFixed(3)}
          xLabel="RL step"
          csv={() => ({
            header: ['study', 'arm', 'step', metric],
            rows: mine.map((p) => [p.study, p.arm, p.step, p[metric]]),
          })}
        />
      ))}
    </div>
  );
}
