// The lab's one chart of values per training step (x = step): a line per series, an optional 95%
// band behind a line, a linear or log y axis, and ChartExport (PNG, CSV, numbers) under it. The
// RL, Trainer and Multiplex pages draw every step series through it, so they look and export alike.
import { type ReactNode, useRef } from 'react';
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
import { ChartExport } from './ChartExport.tsx';
import { CHART_AXIS, CHART_GRID, CHART_TOOLTIP } from './chartTheme.ts';
import { thinSteps } from './stepSeries.ts';

export interface StepLine<Row> {
  /** The row field holding this line's values (an index-like key: recharts reads it as a path). */
  key: keyof Row & string;
  /** The line's name in the legend and the tooltip. */
  name: string;
  color: string;
  dashed?: boolean;
  dots?: boolean;
  /** The row field holding a [low, high] pair, drawn as a 95% band behind the line. */
  band?: keyof Row & string;
}

export interface StepSeriesChartProps<Row extends { step: number }> {
  title: string;
  caption?: string;
  /** The exported files' name, and the container's data-chart-name (run bundles find charts by it). */
  name: string;
  rows: readonly Row[];
  lines: readonly StepLine<Row>[];
  /** The numbers behind the chart, for the CSV and the numbers table. */
  csv: () => { header: string[]; rows: (string | number)[][] };
  /** Formats the y ticks, and the tooltip unless `tooltipFormat` is given. */
  format: (v: number) => string;
  tooltipFormat?: (v: number) => string;
  yScale?: 'linear' | 'log';
  /** From 0 up to nice ticks above the data unless given. */
  yDomain?: [number | 'auto', number | 'auto'];
  xLabel?: string;
  height?: number;
  /** For a chart inside another panel: no panel of its own. */
  inPanel?: boolean;
  /** More on the same numbers under the export row, such as a table of the latest step. */
  children?: ReactNode;
}

export function StepSeriesChart<Row extends { step: number }>({
  title,
  caption,
  name,
  rows,
  lines,
  csv,
  format,
  tooltipFormat = format,
  yScale = 'linear',
  yDomain = [0, 'auto'],
  xLabel,
  height = 200,
  inPanel = false,
  children,
}: StepSeriesChartProps<Row>) {
  const chart = useRef<HTMLDivElement>(null);
  return (
    <section className={inPanel ? 'step-chart' : 'panel step-chart'} aria-label={title}>
      <h3>{title}</h3>
      {caption && <p className="muted small">{caption}</p>}
      <div ref={chart} className="chart" data-chart-name={name}>
        <ResponsiveContainer width="100%" height={height}>
          <ComposedChart
            data={thinSteps(rows)}
            margin={{ top: 4, right: 12, bottom: xLabel ? 16 : 0, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
            <XAxis
              dataKey="step"
              type="number"
              domain={['dataMin', 'dataMax']}
              stroke={CHART_AXIS}
              fontSize={11}
              label={
                xLabel && {
                  value: xLabel,
                  position: 'insideBottom',
                  offset: -10,
                  fill: CHART_AXIS,
                  fontSize: 12,
                }
              }
            />
            <YAxis
              scale={yScale}
              domain={yDomain}
              stroke={CHART_AXIS}
              fontSize={11}
              tickFormatter={format}
              // Fixed, not 'auto': a measured width once came out 0 mid-run and hid the axis.
              width={52}
            />
            <Tooltip
              contentStyle={CHART_TOOLTIP}
              labelFormatter={(step) => `step ${step}`}
              formatter={(v) =>
                Array.isArray(v)
                  ? v.map((x) => tooltipFormat(Number(x))).join(' – ')
                  : tooltipFormat(Number(v))
              }
            />
            {lines.length > 1 && <Legend verticalAlign="top" height={24} />}
            {lines.map(
              (line) =>
                line.band && (
                  <Area
                    key={line.band}
                    // Widened: Area cannot check a key against a generic row type.
                    dataKey={line.band as string}
                    name={`${line.name}, 95%`}
                    stroke="none"
                    fill={line.color}
                    fillOpacity={0.18}
                    legendType="none"
                    isAnimationActive={false}
                  />
                ),
            )}
            {lines.map((line) => (
              <Line
                key={line.key}
                dataKey={line.key}
                name={line.name}
                stroke={line.color}
                strokeWidth={1.5}
                strokeDasharray={line.dashed ? '4 3' : undefined}
                dot={line.dots ?? false}
                legendType="plainline"
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ChartExport chart={chart} name={name} csv={csv} />
      {children}
    </section>
  );
}
