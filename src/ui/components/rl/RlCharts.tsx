// The RL page's live charts, one per quantity a GRPO run is judged by: mean reward with its 95%
// band, held-out greedy accuracy with 95% Wilson intervals, response length, policy entropy, KL
// to the frozen reference and the clip fraction. Each exports as PNG and CSV.
import { useRef } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { type EvalReport, type GrpoPoint, wilsonInterval } from '../../../engine/api.ts';
import { ChartExport } from '../ChartExport.tsx';
import { CHART_AXIS, CHART_GRID, CHART_TOOLTIP } from '../chartTheme.ts';

interface MetricChartProps {
  title: string;
  caption: string;
  data: Record<string, number | number[] | null>[];
  value: string;
  /** A [low, high] key drawn as a band behind the line. */
  band?: string;
  color: string;
  domain?: [number | 'auto', number | 'auto'];
  format: (v: number) => string;
  name: string;
  csv: () => { header: string[]; rows: (number | string)[][] };
  dots?: boolean;
}

function MetricChart({
  title,
  caption,
  data,
  value,
  band,
  color,
  domain,
  format,
  name,
  csv,
  dots,
}: MetricChartProps) {
  const chart = useRef<HTMLDivElement>(null);
  return (
    <section className="panel rl-chart" aria-label={title}>
      <h3>{title}</h3>
      <p className="muted small">{caption}</p>
      <div ref={chart} className="chart">
        <ResponsiveContainer width="100%" height={180}>
          <ComposedChart data={data} margin={{ left: 0, right: 12, top: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
            <XAxis
              dataKey="step"
              type="number"
              domain={['dataMin', 'dataMax']}
              stroke={CHART_AXIS}
              fontSize={11}
            />
            <YAxis
              domain={domain ?? ['auto', 'auto']}
              stroke={CHART_AXIS}
              fontSize={11}
              tickFormatter={format}
              width={44}
            />
            <Tooltip
              contentStyle={CHART_TOOLTIP}
              formatter={(v) =>
                Array.isArray(v) ? v.map((x) => format(Number(x))).join(' – ') : format(Number(v))
              }
            />
            {band && (
              <Area
                dataKey={band}
                stroke="none"
                fill={color}
                fillOpacity={0.18}
                isAnimationActive={false}
                name="95%"
              />
            )}
            <Line dataKey={value} stroke={color} dot={dots ?? false} isAnimationActive={false} connectNulls />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ChartExport chart={chart} name={name} csv={csv} />
    </section>
  );
}

const fixed = (digits: number) => (v: number) => v.toFixed(digits);
const percent = (v: number) => `${v.toFixed(0)}%`;

/** Held-out accuracy over every category of a report: correct, n, and its Wilson interval. */
export function overallAccuracy(report: EvalReport) {
  const correct = report.categories.reduce((a, c) => a + c.correct, 0);
  const n = report.categories.reduce((a, c) => a + c.n, 0);
  const [low, high] = wilsonInterval(correct, n);
  return { correct, n, low, high };
}

export function RlCharts({
  points,
  evals,
  klEstimator,
}: {
  points: GrpoPoint[];
  evals: EvalReport[];
  /** The estimator the run charts KL with: its penalty's, else k3. */
  klEstimator: string;
}) {
  if (points.length === 0 && evals.length === 0) return null;
  const every = Math.max(1, Math.ceil(points.length / 400));
  const shown = points.filter((_, i) => i % every === 0 || i === points.length - 1);
  const series = shown.map((p) => ({
    step: p.step,
    reward: p.meanReward,
    rewardBand: [Math.max(0, p.rewardLow), Math.min(1, p.rewardHigh)],
    length: p.meanResponseLength,
    entropy: p.entropy,
    kl: p.kl,
    clip: 100 * p.clipFraction,
  }));
  const accuracy = evals.map((e) => {
    const { correct, n, low, high } = overallAccuracy(e);
    return { step: e.step, accuracy: (100 * correct) / n, band: [100 * low, 100 * high] };
  });
  const pointsCsv = () => ({
    header: [
      'step',
      'lr',
      'mean_reward',
      'reward_low',
      'reward_high',
      'rollouts',
      'informative_groups',
      'response_length',
      'entropy',
      'kl',
      'clip_fraction',
      'loss',
      'grad_norm',
      'rollout_ms',
      'scoring_ms',
      'update_ms',
    ],
    rows: points.map((p) => [
      p.step,
      p.lr,
      p.meanReward,
      p.rewardLow,
      p.rewardHigh,
      p.rollouts,
      p.informativeGroups,
      p.meanResponseLength,
      p.entropy,
      p.kl ?? '',
      p.clipFraction,
      p.loss,
      p.gradNorm,
      p.rolloutMs,
      p.scoringMs,
      p.updateMs,
    ]),
  });
  return (
    <div className="rl-charts">
      <MetricChart
        title="Mean reward"
        caption="Over the step's rollouts (verifier: 1 correct, 0 otherwise), with a 95% band."
        data={series}
        value="reward"
        band="rewardBand"
        color="#4ade80"
        domain={[0, 1]}
        format={fixed(2)}
        name="rl-reward"
        csv={pointsCsv}
      />
      <MetricChart
        title="Held-out accuracy (greedy)"
        caption={`Exact match on ${evals[0] ? overallAccuracy(evals[0]).n : 'the'} held-out problems the prompts never show; 95% Wilson interval. Step 0 is the start model.`}
        data={accuracy}
        value="accuracy"
        band="band"
        color="#60a5fa"
        domain={[0, 100]}
        format={percent}
        name="rl-held-out-accuracy"
        dots
        csv={() => ({
          header: ['step', 'category', 'n', 'correct', 'format_ok'],
          rows: evals.flatMap((e) => e.categories.map((c) => [e.step, c.name, c.n, c.correct, c.formatOk])),
        })}
      />
      <MetricChart
        title="Response length"
        caption="Mean tokens per rollout, up to and including <eos>."
        data={series}
        value="length"
        color="#c084fc"
        domain={[0, 'auto']}
        format={fixed(0)}
        name="rl-response-length"
        csv={pointsCsv}
      />
      <MetricChart
        title="Policy entropy"
        caption="Token-mean entropy (nats) of the policy over the sampled responses."
        data={series}
        value="entropy"
        color="#fb923c"
        domain={[0, 'auto']}
        format={fixed(3)}
        name="rl-entropy"
        csv={pointsCsv}
      />
      <MetricChart
        title="KL to the reference"
        caption={`${klEstimator} estimate against the frozen start model, aggregated like the loss.`}
        data={series}
        value="kl"
        color="#22d3ee"
        domain={[0, 'auto']}
        format={(v) => v.toPrecision(2)}
        name="rl-kl"
        csv={pointsCsv}
      />
      <MetricChart
        title="Clip fraction"
        caption="Share of response tokens whose ratio the clip stopped (0 with one update per batch)."
        data={series}
        value="clip"
        color="#f87171"
        domain={[0, 'auto']}
        format={percent}
        name="rl-clip-fraction"
        csv={pointsCsv}
      />
    </div>
  );
}
