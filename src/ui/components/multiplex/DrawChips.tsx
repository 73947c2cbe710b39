// The multiplex run's thinking, one column per step: the K draws of the step as chips, identical
// draws merged into one chip marked ×n, each chip's height and opacity set by its merge weight.
// A step where all K agreed is one solid chip (the input was an ordinary token embedding); a mixed
// step splits into candidates. Hovering or focusing a chip shows its token, weight and log q.
import { type CSSProperties, useState } from 'react';
import { SPECIAL_TOKENS, VOCABULARY } from '../../../engine/api.ts';
import { tokenLabel } from '../TokenStrip.tsx';
import { collapsedShare, type GroupedDraw, type MultiplexStep } from './multiplexSteps.ts';

const isSpecial = (token: number) => (SPECIAL_TOKENS as readonly string[]).includes(VOCABULARY[token] ?? '');

interface Focused {
  step: MultiplexStep;
  draw: GroupedDraw;
}

function drawDetails({ step, draw }: Focused, width: number): string {
  return (
    `step ${step.step + 1}: ${JSON.stringify(tokenLabel(draw.token))} drawn ${draw.count} of ${width} · ` +
    `weight ${draw.weight.toFixed(3)} · log q ${draw.logProb.toFixed(3)} · ` +
    `entropy ${step.entropy.toFixed(3)} nats${draw.shown ? ' · shown in the text' : ''}`
  );
}

export function DrawChips({ steps, width }: { steps: MultiplexStep[]; width: number }) {
  const [focused, setFocused] = useState<Focused | null>(null);
  const share = collapsedShare(steps);
  const collapsed = steps.filter((s) => s.collapsed).length;
  return (
    <section className="panel" data-testid="draw-chips">
      <h2>Every thinking step's K = {width} draws</h2>
      <p className="small muted">
        One column per step, read left to right like the text (its top chip is the token shown there).{' '}
        <span className="mx-legend mx-legend-collapsed">blue</span>: all K draws agreed, so the input was an
        ordinary token embedding. <span className="mx-legend mx-legend-mixed">orange</span>: the input mixed
        candidates; a chip's height and opacity are its merge weight, ×n marks a token drawn n times.
      </p>
      {share === null ? (
        <p className="muted">The multiplex run ended its thinking at once: there are no thinking steps.</p>
      ) : share === 1 && width > 1 ? (
        <p data-testid="agreement">
          All {width} draws agreed at <strong>all {steps.length}</strong> thinking steps: the model was sure
          of every token, so each merged input was an ordinary token embedding, as in discrete decoding. Raise
          the temperature to make it unsure.
        </p>
      ) : (
        <p data-testid="agreement">
          All {width} draws agreed at <strong>{collapsed}</strong> of {steps.length} thinking steps (
          <strong>{(100 * share).toFixed(0)}%</strong>); at the other {steps.length - collapsed} the input
          mixed two or more candidates.
        </p>
      )}
      <ol className="mx-strip" aria-label="thinking steps">
        {steps.map((step) => (
          <li
            key={step.step}
            className={`mx-step ${step.collapsed ? 'collapsed' : 'mixed'}`}
            data-testid="mx-step"
          >
            {step.draws.map((draw) => {
              const label = drawDetails({ step, draw }, width);
              return (
                <button
                  key={draw.token}
                  type="button"
                  className={`mx-chip${draw.count > 1 ? ' multi' : ''}`}
                  style={{ '--w': draw.weight.toFixed(3) } as CSSProperties}
                  title={label}
                  aria-label={label}
                  data-testid="mx-chip"
                  onMouseEnter={() => setFocused({ step, draw })}
                  onFocus={() => setFocused({ step, draw })}
                >
                  <span className={isSpecial(draw.token) ? 'mx-token special' : 'mx-token'}>
                    {tokenLabel(draw.token)}
                  </span>
                  {draw.count > 1 && <span className="mx-count">×{draw.count}</span>}
                </button>
              );
            })}
          </li>
        ))}
      </ol>
      <p className="small mx-focus" aria-live="polite" data-testid="mx-focus">
        {focused
          ? drawDetails(focused, width)
          : 'Hover over or focus a chip to see its token, weight and log q.'}
      </p>
    </section>
  );
}
