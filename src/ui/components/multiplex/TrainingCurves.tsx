// The RL study's training curves from the published multiplex benchmark: the policy's token-mean
// entropy and the mean reward per step, a line per arm (K=3 against discrete RL, same seeds and
// steps). The paper expects entropy to decay more slowly with multiplexing. PNG/CSV export.
import { useRef } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MultiplexTrainingRow } from '../../../engine/api.ts';
import { ChartExport } from '../ChartExport.tsx';
import { CHART_AXIS, CHART_GRID, CHART_TOOLTIP } from '../chartTheme.ts';
import { armsOf } from './multiplexBenchRows.ts';
import { armColors } from './PassAtKChart.tsx';

function CurveChart({
  title,
  study,
  points,
  metric,
}: {
  title: string;
  study: string;
  points: MultiplexTrainingRow[];
  metric: 'entropy' | 'reward';
}) {
  const chart = useRef<HTMLDivElement>(null);
  const arms = armsOf(points, study);
  const colors = armColors(arms, study);
  const steps = [...new Set(points.map((p) => p.step))].sort((x, y) => x - y);
  const data = steps.map((step) => {
    const row: Record<string, number> = { step };
    arms.forEach((arm, i) => {
      const p = points.find((q) => q.arm === arm && q.step === step);
      if (p && Number.isFinite(p[metric])) row[`a${i}`] = p[metric];
    });
    return row;
  });
  return (
    <div className="rl-chart">
      <h3>{title}</h3>
      <div ref={chart} className="chart">
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={data} margin={{ top: 4, right: 12, bottom: 16, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
            <XAxis
              dataKey="step"
              type="number"
              domain={['dataMin', 'dataMax']}
              stroke={CHART_AXIS}
              fontSize={11}
              label={{ value: 'RL step', position: 'insideBottom', offset: -10, fill: CHART_AXIS }}
            />
            <YAxis
              stroke={CHART_AXIS}
              fontSize={11}
              width={52}
              tickFormatter={(v: number) => String(Number(v.toPrecision(2)))}
            />
            <Tooltip
              contentStyle={CHART_TOOLTIP}
              labelFormatter={(s) => `step ${s}`}
              formatter={(v) => Number(v).toFixed(3)}
            />
            <Legend verticalAlign="top" height={24} />
            {arms.map((arm, i) => (
              <Line
                key={arm}
                dataKey={`a${i}`}
                name={arm}
                stroke={colors.get(arm)}
                strokeWidth={2}
                dot={false}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ChartExport
        chart={chart}
        name={`multiplex-training-${metric}`}
        csv={() => ({
          header: ['study', 'arm', 'step', metric],
          rows: points.map((p) => [p.study, p.arm, p.step, p[metric]]),
        })}
      />
    </div>
  );
}

export function TrainingCurves({ study, points }: { study: string; points: MultiplexTrainingRow[] }) {
  const mine = points.filter((p) => p.study === study);
  if (mine.length === 0) return null;
  return (
    <div className="rl-charts" data-testid="multiplex-training">
      <CurveChart title="Policy entropy (token mean, nats)" study={study} points={mine} metric="entropy" />
      <CurveChart title="Mean reward" study={study} points={mine} metric="reward" />
    </div>
  );
}
