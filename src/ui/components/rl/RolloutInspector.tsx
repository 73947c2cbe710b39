// The rollouts of a step (the one that just ran, or any earlier step of the run picked from the
// step list; kept in IndexedDB, or read from a viewed run bundle): a table of every rollout with
// its reward and the verifier's reason, and a token-level inspector of one group (the G rollouts
// of one prompt).
// Each response token is coloured by its rollout's advantage (or by its log-probability under the
// policy, or by how far the policy has moved from the reference there); tokens the clip stopped are
// outlined; hovering or focusing a token shows its ratio, whether it was clipped, and its
// log-probability under the policy and the frozen reference.
import { type ReactNode, useEffect, useState } from 'react';
import type { RolloutView } from '../../../engine/api.ts';
import { useRlStore } from '../../store/rlStore.ts';
import { ScrollRegion } from '../ScrollRegion.tsx';
import { TokenText } from '../TokenText.tsx';

type ColourBy = 'advantage' | 'logprob' | 'drift';

const COLOUR_BY: Record<ColourBy, string> = {
  advantage: 'advantage (green: reinforced, red: discouraged)',
  logprob: 'log-probability under the policy (darker: less likely)',
  drift: 'log π − log π_ref (green: policy likes it more than the start model)',
};

interface Hovered {
  rollout: RolloutView;
  position: number;
}

/** A log-probability readable near 0 too (−3e-5 rather than −0.000). */
function logProbText(value: number): string {
  return Math.abs(value) < 1e-3 && value !== 0 ? value.toExponential(1) : value.toFixed(3);
}

function visible(text: string): string {
  if (text === '\n') return '↵';
  if (text === ' ') return '␣';
  return text;
}

function diverging(value: number, scale: number): string {
  const alpha = Math.min(1, Math.abs(value) / Math.max(scale, 1e-9)) * 0.75;
  return value >= 0 ? `rgba(74, 222, 128, ${alpha.toFixed(3)})` : `rgba(248, 113, 113, ${alpha.toFixed(3)})`;
}

function tokenColour(rollout: RolloutView, t: number, by: ColourBy, advantageScale: number): string {
  if (by === 'advantage') return diverging(rollout.advantage, advantageScale);
  if (by === 'logprob') {
    const surprise = Math.min(1, -rollout.logProb[t] / 4);
    return `rgba(96, 165, 250, ${(0.75 * surprise).toFixed(3)})`;
  }
  const ref = rollout.refLogProb;
  return ref ? diverging(rollout.logProb[t] - ref[t], 1) : 'transparent';
}

function tokenTitle(rollout: RolloutView, t: number): string {
  const ref = rollout.refLogProb?.[t];
  return [
    `token ${t}: ${JSON.stringify(rollout.tokens[t])}`,
    `advantage ${rollout.advantage.toFixed(3)}`,
    `ratio ${rollout.ratio[t].toFixed(4)}${rollout.clipped[t] ? ' (clipped)' : ''}`,
    `log π ${logProbText(rollout.logProb[t])}`,
    ref === undefined ? 'no reference scores' : `log π_ref ${logProbText(ref)}`,
  ].join('\n');
}

function TokenDetails({ hovered }: { hovered: Hovered | null }) {
  if (!hovered) {
    return <p className="muted small rl-token-details">Hover or focus a token to see its scores.</p>;
  }
  const { rollout, position: t } = hovered;
  const ref = rollout.refLogProb?.[t];
  return (
    <dl className="facts rl-token-details" data-testid="rl-token-details">
      <dt>token</dt>
      <dd>
        <code>{visible(rollout.tokens[t])}</code> (#{t} of sample {rollout.sample + 1})
      </dd>
      <dt>advantage</dt>
      <dd>{rollout.advantage.toFixed(3)}</dd>
      <dt>ratio π/π_old</dt>
      <dd>
        {rollout.ratio[t].toFixed(4)}{' '}
        {rollout.clipped[t] ? <strong className="bad">clipped</strong> : 'not clipped'}
      </dd>
      <dt>log π (policy)</dt>
      <dd>
        {logProbText(rollout.logProb[t])} (p = {Math.exp(rollout.logProb[t]).toFixed(3)})
      </dd>
      <dt>log π_ref</dt>
      <dd>{ref === undefined ? '—' : `${logProbText(ref)} (p = ${Math.exp(ref).toFixed(3)})`}</dd>
    </dl>
  );
}

function GroupInspector({ rollouts, group }: { rollouts: RolloutView[]; group: number }) {
  const [by, setBy] = useState<ColourBy>('advantage');
  const [hovered, setHovered] = useState<Hovered | null>(null);
  const members = rollouts.filter((r) => r.group === group);
  const scale = Math.max(...rollouts.map((r) => Math.abs(r.advantage)), 1e-9);
  if (members.length === 0) return null;
  return (
    <div data-testid="rl-inspector">
      <div className="controls-row">
        <label>
          colour by{' '}
          <select value={by} onChange={(e) => setBy(e.target.value as ColourBy)}>
            {(Object.keys(COLOUR_BY) as ColourBy[]).map((k) => (
              <option key={k} value={k}>
                {COLOUR_BY[k]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="small">
        Prompt <code>{members[0].promptText}</code> · {members.length} samples,{' '}
        {members.filter((r) => r.reward === 1).length} correct · outlined tokens were clipped.
      </p>
      <div className="rl-token-layout">
        <ol className="rl-group">
          {members.map((r) => (
            <li key={r.sample}>
              <span className={`badge ${r.reward === 1 ? 'badge-ok' : 'badge-error'}`} title={r.reason}>
                {r.reward === 1 ? '✓' : '✗'} A {r.advantage >= 0 ? '+' : ''}
                {r.advantage.toFixed(2)}
              </span>
              <span className="token-strip">
                {r.tokens.map((text, t) => (
                  <button
                    // biome-ignore lint/suspicious/noArrayIndexKey: positions of one fixed response
                    key={t}
                    type="button"
                    className={`token-chip generated${r.clipped[t] ? ' clipped' : ''}`}
                    style={{ background: tokenColour(r, t, by, scale) }}
                    title={tokenTitle(r, t)}
                    onMouseEnter={() => setHovered({ rollout: r, position: t })}
                    onFocus={() => setHovered({ rollout: r, position: t })}
                  >
                    {visible(text)}
                  </button>
                ))}
              </span>
            </li>
          ))}
        </ol>
        <TokenDetails hovered={hovered} />
      </div>
    </div>
  );
}

/** The step whose rollouts are shown: the latest unless one is picked, and its rollouts (null while read). */
function usePickedStep(latest: { step: number; rollouts: RolloutView[] }) {
  const steps = useRlStore((s) => s.latestSteps);
  const latestAt = useRlStore((s) => s.latestAt);
  const [picked, setPicked] = useState<number | null>(null);
  const [read, setRead] = useState<{ step: number; rollouts: RolloutView[] | null } | null>(null);
  const chosen = picked !== null && picked !== latest.step && steps.includes(picked) ? picked : null;
  useEffect(() => {
    if (chosen === null) return;
    let current = true;
    void latestAt(chosen).then((rollouts) => current && setRead({ step: chosen, rollouts }));
    return () => {
      current = false;
    };
  }, [chosen, latestAt]);
  const shown =
    chosen === null ? latest : { step: chosen, rollouts: read?.step === chosen ? read.rollouts : null };
  return { steps, chosen, pick: setPicked, shown };
}

function StepPicker({
  steps,
  latest,
  chosen,
  pick,
}: {
  steps: number[];
  latest: number;
  chosen: number | null;
  pick(step: number | null): void;
}) {
  return (
    <label>
      step{' '}
      <select
        aria-label="step"
        value={chosen ?? 'latest'}
        onChange={(e) => pick(e.target.value === 'latest' ? null : Number(e.target.value))}
      >
        <option value="latest">latest (step {latest})</option>
        {steps
          .filter((s) => s !== latest)
          .reverse()
          .map((s) => (
            <option key={s} value={s}>
              step {s}
            </option>
          ))}
      </select>
    </label>
  );
}

export function RolloutInspector(latest: { step: number; rollouts: RolloutView[] }) {
  const { steps, chosen, pick, shown } = usePickedStep(latest);
  const picker = <StepPicker steps={steps} latest={latest.step} chosen={chosen} pick={pick} />;
  if (shown.rollouts) return <StepRollouts step={shown.step} rollouts={shown.rollouts} picker={picker} />;
  return (
    <section className="panel">
      <h2>Token inspector, step {shown.step}</h2>
      {picker}
      <p className="muted">Reading the rollouts of step {shown.step}…</p>
    </section>
  );
}

function StepRollouts({
  step,
  rollouts,
  picker,
}: {
  step: number;
  rollouts: RolloutView[];
  picker: ReactNode;
}) {
  const [group, setGroup] = useState(0);
  const groups = [...new Set(rollouts.map((r) => r.group))];
  const chosen = groups.includes(group) ? group : (groups[0] ?? 0);
  return (
    <>
      <section className="panel">
        <h2>Token inspector, step {step}</h2>
        <p className="muted small">
          GRPO gives every token of a rollout its group-normalised advantage; the clipped surrogate then stops
          tokens whose ratio left [1 − ε_low, 1 + ε_high] in the direction the advantage pushes. On the first
          update of a batch the ratio is exactly 1: raise "updates per batch" to see clipping.
        </p>
        <div className="controls-row">
          {picker}
          <label>
            group{' '}
            <select value={chosen} onChange={(e) => setGroup(Number(e.target.value))} aria-label="group">
              {groups.map((g) => {
                const members = rollouts.filter((r) => r.group === g);
                const mean = members.reduce((a, r) => a + r.reward, 0) / members.length;
                return (
                  <option key={g} value={g}>
                    {g + 1}: {members[0].promptText.replace('<bos>', '')} (mean reward {mean.toFixed(2)})
                  </option>
                );
              })}
            </select>
          </label>
        </div>
        <GroupInspector rollouts={rollouts} group={chosen} />
      </section>
      <section className="panel">
        <h2>Rollouts of step {step}</h2>
        <ScrollRegion className="rl-rollouts" label={`rollouts of step ${step}`}>
          <table className="data" data-testid="rl-rollouts">
            <thead>
              <tr>
                <th>group</th>
                <th>sample</th>
                <th>response</th>
                <th>reward</th>
                <th>verifier</th>
                <th>advantage</th>
                <th>tokens</th>
              </tr>
            </thead>
            <tbody>
              {rollouts.map((r) => (
                <tr key={`${r.group}-${r.sample}`} className={r.group === chosen ? 'selected' : undefined}>
                  <td>
                    <button type="button" className="link-button" onClick={() => setGroup(r.group)}>
                      {r.group + 1}
                    </button>
                  </td>
                  <td>{r.sample + 1}</td>
                  <td>
                    <TokenText text={r.text} />
                  </td>
                  <td className={r.reward === 1 ? 'ok' : 'bad'}>{r.reward}</td>
                  <td>{r.reason}</td>
                  <td>{r.advantage.toFixed(2)}</td>
                  <td>{r.tokens.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
    </>
  );
}
