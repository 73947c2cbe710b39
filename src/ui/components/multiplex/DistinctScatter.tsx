// Self-adaptivity as a scatter: for every thinking step of the multiplex run, the entropy of the
// distribution its K draws came from (x, nats) against how many distinct tokens they were (y,
// 1..K). A sure model sits at y = 1 on the left; mixing grows with uncertainty. PNG/CSV export.
import { useRef } from 'react';
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartExport } from '../ChartExport.tsx';
import { CHART_AXIS, CHART_GRID, CHART_TOOLTIP } from '../chartTheme.ts';
import { tokenLabel } from '../TokenStrip.tsx';
import type { MultiplexStep } from './multiplexSteps.ts';

export function DistinctScatter({ steps, width }: { steps: MultiplexStep[]; width: number }) {
  const chart = useRef<HTMLDivElement>(null);
  const points = steps.map((s) => ({
    step: s.step + 1,
    entropy: s.entropy,
    distinct: s.draws.length,
    shown: tokenLabel(s.draws[0].token),
  }));
  const ticks = Array.from({ length: width }, (_, i) => i + 1);
  return (
    <section className="panel" data-testid="distinct-scatter">
      <h2>Distinct draws against entropy</h2>
      <p className="small muted">
        Each dot is one thinking step of the multiplex run: the entropy of the next-token distribution (after
        temperature and top-p) and how many distinct tokens its {width} draws were.
      </p>
      <div ref={chart} className="chart">
        <ResponsiveContainer width="100%" height={240}>
          <ScatterChart margin={{ top: 8, right: 16, bottom: 20, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
            <XAxis
              dataKey="entropy"
              type="number"
              name="entropy"
              stroke={CHART_AXIS}
              fontSize={11}
              tickFormatter={(v: number) => v.toFixed(2)}
              label={{ value: 'entropy (nats)', position: 'insideBottom', offset: -12, fill: CHART_AXIS }}
            />
            <YAxis
              dataKey="distinct"
              type="number"
              name="distinct draws"
              domain={[0.5, width + 0.5]}
              ticks={ticks}
              allowDecimals={false}
              stroke={CHART_AXIS}
              fontSize={11}
              width={40}
              label={{ value: 'distinct', angle: -90, position: 'insideLeft', fill: CHART_AXIS }}
            />
            <Tooltip
              contentStyle={CHART_TOOLTIP}
              cursor={{ strokeDasharray: '3 3' }}
              formatter={(v, name) => [typeof v === 'number' && name === 'entropy' ? v.toFixed(3) : v, name]}
            />
            <Scatter data={points} fill="#fb923c" fillOpacity={0.65} isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <ChartExport
        chart={chart}
        name="multiplex-distinct-vs-entropy"
        csv={() => ({
          header: ['step', 'shown_token', 'entropy_nats', 'distinct_draws'],
          rows: points.map((p) => [p.step, p.shown, p.entropy, p.distinct]),
        })}
      />
    </section>
  );
}
