// The RL page's live charts, one per quantity a GRPO run is judged by: mean reward with its 95%
// band, held-out greedy accuracy on the target and on the retention panel (what the start model
// already knew, pooled) with 95% Wilson intervals, response length, policy entropy, KL
// to the frozen reference and the clip fraction. Each is a StepSeriesChart, so each exports as
// PNG and CSV and shows its numbers.
import { type EvalReport, type GrpoPoint, wilsonInterval } from '../../../engine/api.ts';
import { StepSeriesChart } from '../StepSeriesChart.tsx';

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
  const series = points.map((p) => ({
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
    const panel =
      e.retention && e.retention.length > 0 ? overallAccuracy({ ...e, categories: e.retention }) : null;
    return {
      step: e.step,
      accuracy: (100 * correct) / n,
      band: [100 * low, 100 * high],
      retention: panel ? (100 * panel.correct) / panel.n : null,
      retentionBand: panel ? [100 * panel.low, 100 * panel.high] : null,
    };
  });
  const hasPanel = accuracy.some((a) => a.retention !== null);
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
    <div className="step-charts">
      <StepSeriesChart
        title="Mean reward"
        caption="Over the step's rollouts (verifier: 1 correct, 0 otherwise), with a 95% band."
        name="rl-reward"
        rows={series}
        lines={[{ key: 'reward', name: 'mean reward', color: '#4ade80', band: 'rewardBand' }]}
        yDomain={[0, 1]}
        format={fixed(2)}
        csv={pointsCsv}
      />
      <StepSeriesChart
        title="Held-out accuracy (greedy)"
        caption={`Exact match on ${evals[0] ? overallAccuracy(evals[0]).n : 'the'} held-out problems the prompts never show${hasPanel ? ', and on the retention panel (the skills the start model already had, pooled)' : ''}; 95% Wilson interval. Step 0 is the start model.`}
        name="rl-held-out-accuracy"
        rows={accuracy}
        lines={[
          { key: 'accuracy', name: 'target', color: '#60a5fa', band: 'band', dots: true },
          ...(hasPanel
            ? [
                {
                  key: 'retention' as const,
                  name: 'retention panel',
                  color: '#facc15',
                  band: 'retentionBand' as const,
                  dots: true,
                },
              ]
            : []),
        ]}
        yDomain={[0, 100]}
        format={percent}
        csv={() => ({
          header: ['step', 'panel', 'category', 'n', 'correct', 'format_ok'],
          rows: evals.flatMap((e) => [
            ...e.categories.map((c) => [e.step, 'target', c.name, c.n, c.correct, c.formatOk]),
            ...(e.retention ?? []).map((c) => [e.step, 'retention', c.name, c.n, c.correct, c.formatOk]),
          ]),
        })}
      />
      <StepSeriesChart
        title="Response length"
        caption="Mean tokens per rollout, up to and including <eos>."
        name="rl-response-length"
        rows={series}
        lines={[{ key: 'length', name: 'tokens', color: '#c084fc' }]}
        format={fixed(0)}
        csv={pointsCsv}
      />
      <StepSeriesChart
        title="Policy entropy"
        caption="Token-mean entropy (nats) of the policy over the sampled responses."
        name="rl-entropy"
        rows={series}
        lines={[{ key: 'entropy', name: 'entropy', color: '#fb923c' }]}
        format={fixed(3)}
        csv={pointsCsv}
      />
      <StepSeriesChart
        title="KL to the reference"
        caption={`${klEstimator} estimate against the frozen start model, aggregated like the loss.`}
        name="rl-kl"
        rows={series}
        lines={[{ key: 'kl', name: 'KL', color: '#22d3ee' }]}
        format={(v) => v.toPrecision(2)}
        csv={pointsCsv}
      />
      <StepSeriesChart
        title="Clip fraction"
        caption="Share of response tokens whose ratio the clip stopped (0 with one update per batch)."
        name="rl-clip-fraction"
        rows={series}
        lines={[{ key: 'clip', name: 'clipped', color: '#f87171' }]}
        format={percent}
        csv={pointsCsv}
      />
    </div>
  );
}
