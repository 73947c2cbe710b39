// The retention trade-off chart (RetentionTradeoff.tsx): per guard arm of the sweep, target gain
// against retention change since step 0 in points, with 95% error bars both ways, the margin line,
// and each arm's path through the evaluations in between (a toggle); it exports as PNG and CSV.
import { useRef, useState } from 'react';
import {
  CartesianGrid,
  ErrorBar,
  LabelList,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import { RETENTION_MARGIN } from '../../../engine/retentionApi.ts';
import { ChartExport } from '../ChartExport.tsx';
import { CHART_AXIS, CHART_GRID, CHART_TOOLTIP } from '../chartTheme.ts';
import { axisTicks, niceDomain, type SweepArmRow, type Tradeoff, tradeoffCsv } from './retentionTradeoff.ts';

type Shape = 'circle' | 'square' | 'diamond' | 'triangle' | 'star' | 'cross';
/** A colour and a mark per guard family (the glyph is the mark in the table); the unguarded baseline grey. */
const FAMILY: Record<string, { color: string; shape: Shape; glyph: string }> = {
  none: { color: '#9aa6c1', shape: 'circle', glyph: '●' },
  replay: { color: '#4ade80', shape: 'square', glyph: '■' },
  'KL k3': { color: '#7dd3fc', shape: 'diamond', glyph: '◆' },
  'KL k1': { color: '#c084fc', shape: 'triangle', glyph: '▲' },
  'learning rate': { color: '#facc15', shape: 'star', glyph: '★' },
};
const OTHER = { color: '#fb923c', shape: 'cross' as Shape, glyph: '✚' };
export const familyOf = (guard: string) => FAMILY[guard] ?? OTHER;

export const MARGIN = 100 * RETENTION_MARGIN;
export const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;
/** An axis tick: whole points, signed. */
const tick = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x)}`;
export const interval = (low: number, high: number) => `[${signed(low)}, ${signed(high)}]`;

interface ChartPoint {
  arm: string;
  step: number;
  x: number;
  y: number;
  /** Distances from the point to its interval's ends, as ErrorBar draws them. */
  xErr?: [number, number];
  yErr?: [number, number];
  text: string;
}

const endPoint = (a: SweepArmRow): ChartPoint => ({
  arm: a.arm,
  step: a.step,
  x: a.retention_change,
  y: a.target_gain,
  xErr: [a.retention_change - a.retention_change_low, a.retention_change_high - a.retention_change],
  yErr: [a.target_gain - a.target_gain_low, a.target_gain_high - a.target_gain],
  text: `target ${signed(a.target_gain)} ${interval(a.target_gain_low, a.target_gain_high)}, retention ${signed(a.retention_change)} ${interval(a.retention_change_low, a.retention_change_high)} points; panel ${a.verdict}`,
});

function TradeoffTip({
  active,
  payload,
}: {
  active?: boolean;
  payload?: readonly { payload?: ChartPoint }[];
}) {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  return (
    <div style={{ ...CHART_TOOLTIP, padding: '0.3rem 0.5rem' }} className="small">
      <strong>{point.arm}</strong>, step {point.step}
      <br />
      {point.text}
    </div>
  );
}

export function TradeoffChart({ tradeoff }: { tradeoff: Tradeoff }) {
  const chart = useRef<HTMLDivElement>(null);
  const [paths, setPaths] = useState(true);
  const { arms } = tradeoff;
  const families = [...new Set(arms.map((a) => a.guard))];
  const trail = (arm: string): ChartPoint[] =>
    (tradeoff.paths.get(arm) ?? []).map((p) => ({
      arm,
      step: p.step,
      x: p.retention,
      y: p.gain,
      text: `target ${signed(p.gain)}, retention ${signed(p.retention)} ${interval(p.retentionLow, p.retentionHigh)} points`,
    }));
  const xs = arms.flatMap((a) => [a.retention_change_low, a.retention_change_high]);
  const ys = arms.flatMap((a) => [a.target_gain_low, a.target_gain_high]);
  const trails = paths ? arms.flatMap((a) => trail(a.arm)) : [];
  const xDomain = niceDomain([...xs, ...trails.map((p) => p.x), -MARGIN, 0]);
  const yDomain = niceDomain([...ys, ...trails.map((p) => p.y), 0]);
  const steps = tradeoff.between.join(', ');
  return (
    <>
      {steps && (
        <label className="rt-toggle small">
          <input
            type="checkbox"
            className="rt-toggle-box"
            checked={paths}
            onChange={(e) => setPaths(e.target.checked)}
          />{' '}
          each arm's path from the start (0, 0) through steps {steps}
        </label>
      )}
      <div ref={chart} className="chart" data-chart-name="retention-tradeoff">
        <ResponsiveContainer width="100%" height={380}>
          <ScatterChart margin={{ top: 8, right: 24, bottom: 22, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
            <XAxis
              dataKey="x"
              type="number"
              domain={xDomain}
              ticks={axisTicks(xDomain)}
              stroke={CHART_AXIS}
              fontSize={11}
              tickFormatter={tick}
              label={{
                value: 'retention change since step 0 (points) → kept more',
                position: 'insideBottom',
                offset: -14,
                fill: CHART_AXIS,
                fontSize: 12,
              }}
            />
            <YAxis
              dataKey="y"
              type="number"
              domain={yDomain}
              ticks={axisTicks(yDomain)}
              stroke={CHART_AXIS}
              fontSize={11}
              tickFormatter={tick}
              width={52}
              label={{
                value: 'target gain (points)',
                angle: -90,
                position: 'insideLeft',
                fill: CHART_AXIS,
                fontSize: 12,
                style: { textAnchor: 'middle' },
              }}
            />
            <ZAxis zAxisId="end" range={[110, 110]} />
            <ZAxis zAxisId="path" range={[18, 18]} />
            <Tooltip content={TradeoffTip} cursor={{ strokeDasharray: '3 3' }} />
            <Legend verticalAlign="top" height={28} itemSorter={null} />
            <ReferenceLine y={0} stroke={CHART_AXIS} />
            <ReferenceLine x={0} stroke={CHART_GRID} />
            <ReferenceLine
              x={-MARGIN}
              stroke="#fbbf24"
              strokeDasharray="5 4"
              label={{ value: 'margin', position: 'insideTopLeft', fill: '#fbbf24', fontSize: 11 }}
            />
            {paths &&
              arms.map((a) => (
                <Scatter
                  key={`${a.arm} path`}
                  name={`${a.arm}, steps`}
                  data={trail(a.arm)}
                  zAxisId="path"
                  fill={familyOf(a.guard).color}
                  fillOpacity={0.45}
                  line={{ stroke: familyOf(a.guard).color, strokeOpacity: 0.35, strokeWidth: 1 }}
                  legendType="none"
                  isAnimationActive={false}
                />
              ))}
            {families.map((guard) => (
              <Scatter
                key={guard}
                name={guard === 'none' ? 'no guard' : guard}
                data={arms.filter((a) => a.guard === guard).map(endPoint)}
                zAxisId="end"
                fill={familyOf(guard).color}
                shape={familyOf(guard).shape}
                legendType={familyOf(guard).shape}
                isAnimationActive={false}
              >
                <ErrorBar dataKey="xErr" direction="x" stroke={familyOf(guard).color} width={4} />
                <ErrorBar dataKey="yErr" direction="y" stroke={familyOf(guard).color} width={4} />
                <LabelList dataKey="arm" position="right" offset={6} dy={-9} fill="#e6ebf5" fontSize={11} />
              </Scatter>
            ))}
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <ChartExport chart={chart} name="retention-tradeoff" csv={() => tradeoffCsv(tradeoff)} />
    </>
  );
}
