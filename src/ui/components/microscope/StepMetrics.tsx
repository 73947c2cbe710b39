// The microscope's metrics column: what the sampler saw at the current step (step crowding, CraEG's
// strength, entropy, candidates with mass) and the means over the steps so far, for one generation
// (n = 1, said so); the published study below the page measures the method.
import { useMicroscopeStore } from '../../store/microscopeStore.ts';

/** What the sampler saw at the current step, and over the steps so far (n = 1 generation). */
export function StepMetrics() {
  const { steps, cursor } = useMicroscopeStore();
  const shown = steps.slice(0, cursor);
  const step = shown.at(-1);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return (
    <aside className="panel metrics" data-testid="microscope-metrics" aria-label="measured at this step">
      <h2>Measured</h2>
      {!step ? (
        <p className="muted">Generate to measure.</p>
      ) : (
        <>
          <h3>At step {cursor}</h3>
          <dl className="facts">
            <dt>step crowding C_t</dt>
            <dd>{(step.crowding?.step ?? 0).toFixed(3)}</dd>
            <dt>CraEG strength λ</dt>
            <dd>{(step.crowding?.lambda ?? 0).toFixed(3)}</dd>
            <dt>entropy</dt>
            <dd>{step.entropy.toFixed(3)} nats</dd>
            <dt>candidates with mass</dt>
            <dd>{step.crowding?.tokens.length ?? 0}</dd>
          </dl>
          <h3>Over steps 1–{cursor}</h3>
          <dl className="facts">
            <dt>mean C_t</dt>
            <dd>{mean(shown.map((s) => s.crowding?.step ?? 0)).toFixed(3)}</dd>
            <dt>mean entropy</dt>
            <dd>{mean(shown.map((s) => s.entropy)).toFixed(3)} nats</dd>
            <dt>crowded steps</dt>
            <dd>
              {shown.filter((s) => (s.crowding?.tokens.length ?? 0) > 1).length} of {shown.length}
            </dd>
          </dl>
        </>
      )}
      <p className="small muted">
        One generation (n = 1): these describe this sequence, not the method. The study below measures CraEG
        over many problems and samples, with intervals.
      </p>
    </aside>
  );
}
