// One study's Pass@k curves from the published multiplex benchmark: k on a log2 axis, a line per
// arm with its 95% bootstrap band over problems (an Area from low to high). PNG/CSV export.
import { useRef } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { MultiplexPassRow } from '../../../engine/api.ts';
import { ChartExport } from '../ChartExport.tsx';
import { CHART_AXIS, CHART_GRID, CHART_TOOLTIP } from '../chartTheme.ts';
import { armsOf, baselineOf } from './multiplexBenchRows.ts';

const BASELINE_COLOR = '#9aa6c1';
/** Colours by K, so an arm of the same width looks the same in every study. */
const WIDTH_COLORS: Record<number, string> = {
  2: '#c084fc',
  3: '#7dd3fc',
  4: '#4ade80',
  6: '#fb923c',
  8: '#f472b6',
};
const OTHER_COLOR = '#facc15';

/** A colour per arm: grey for the study's discrete arm, else by the K in its name. */
export function armColors(arms: readonly string[], study: string): Map<string, string> {
  return new Map(
    arms.map((arm) => {
      if (arm === baselineOf(study)) return [arm, BASELINE_COLOR];
      const K = Number(/K=(\d+)/.exec(arm)?.[1]);
      return [arm, WIDTH_COLORS[K] ?? OTHER_COLOR];
    }),
  );
}

export function PassAtKChart({ study, points }: { study: string; points: MultiplexPassRow[] }) {
  const chart = useRef<HTMLDivElement>(null);
  const mine = points.filter((p) => p.study === study);
  const arms = armsOf(mine, study);
  const colors = armColors(arms, study);
  const ks = [...new Set(mine.map((p) => p.k))].sort((x, y) => x - y);
  // Arms are keyed by index: recharts reads a dataKey as a path, and arm names hold spaces and '='.
  const data = ks.map((k) => {
    const row: Record<string, number | [number, number]> = { k };
    arms.forEach((arm, i) => {
      const p = mine.find((q) => q.arm === arm && q.k === k);
      if (p) {
        row[`a${i}`] = p.pass;
        row[`a${i}band`] = [p.pass_low, p.pass_high];
      }
    });
    return row;
  });
  const lowest = Math.min(...mine.map((p) => p.pass_low));
  const floor = Math.max(0, Math.floor(lowest * 10) / 10);
  const tickStep = 1 - floor > 0.3 ? 0.1 : 0.05;
  const yTicks = Array.from(
    { length: Math.round((1 - floor) / tickStep) + 1 },
    (_, i) => floor + i * tickStep,
  );
  const percent = (v: number) => `${(100 * v).toFixed(0)}%`;
  return (
    <div className="mx-chart">
      <div ref={chart} className="chart">
        <ResponsiveContainer width="100%" height={260}>
          <ComposedChart data={data} margin={{ top: 4, right: 16, bottom: 16, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
            <XAxis
              dataKey="k"
              type="number"
              scale="log"
              domain={[ks[0] ?? 1, ks.at(-1) ?? 1]}
              ticks={ks}
              stroke={CHART_AXIS}
              fontSize={11}
              label={{ value: 'k (log₂ scale)', position: 'insideBottom', offset: -10, fill: CHART_AXIS }}
            />
            <YAxis
              domain={[floor, 1]}
              ticks={yTicks}
              tickFormatter={percent}
              stroke={CHART_AXIS}
              fontSize={11}
              width={44}
            />
            <Tooltip
              contentStyle={CHART_TOOLTIP}
              labelFormatter={(k) => `k = ${k}`}
              formatter={(v) =>
                Array.isArray(v) ? v.map((x) => percent(Number(x))).join(' – ') : percent(Number(v))
              }
            />
            <Legend verticalAlign="top" height={28} />
            {arms.map((arm, i) => (
              <Area
                key={`${arm} band`}
                dataKey={`a${i}band`}
                name={`${arm} 95%`}
                stroke="none"
                fill={colors.get(arm)}
                fillOpacity={0.15}
                legendType="none"
                isAnimationActive={false}
              />
            ))}
            {arms.map((arm, i) => (
              <Line
                key={arm}
                dataKey={`a${i}`}
                name={arm}
                stroke={colors.get(arm)}
                strokeWidth={2}
                dot={{ r: 3 }}
                isAnimationActive={false}
              />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ChartExport
        chart={chart}
        name={`multiplex-pass-at-k-${study}`}
        csv={() => ({
          header: ['study', 'arm', 'k', 'pass', 'pass_low', 'pass_high', 'problems', 'samples'],
          rows: mine.map((p) => [
            p.study,
            p.arm,
            p.k,
            p.pass,
            p.pass_low,
            p.pass_high,
            p.problems,
            p.samples,
          ]),
        })}
      />
    </div>
  );
}
