// The latest `multiplex` benchmark (public/results/multiplex.json) in words and numbers: Pass@k
// curves with 95% bands per study, the gaps to the discrete arm as verdicts read from their
// paired intervals, the paper's claim checked part by part (and said plainly when our miniature
// does not reproduce it), the arms' summary, and the RL study's training curves. The rows are the
// scenario's own type (MultiplexRow), checked by schema version on load.
import { MULTIPLEX_RESULTS, type MultiplexGapRow } from '../../../engine/api.ts';
import { IntervalVerdict } from '../IntervalVerdict.tsx';
import { usePublishedResult } from '../PublishedBenchmark.tsx';
import { PublishedProvenance } from '../PublishedProvenance.tsx';
import { ScrollRegion } from '../ScrollRegion.tsx';
import {
  armsOf,
  baselineOf,
  checkClaim,
  GAP_SUBJECT,
  gapLead,
  type MultiplexBench,
  readMultiplexBench,
} from './multiplexBenchRows.ts';
import { PassAtKChart } from './PassAtKChart.tsx';
import { TrainingCurves } from './TrainingCurves.tsx';

const STUDY_TITLES: Record<string, string> = {
  'training-free': 'Training-free: the loaded model, never trained on mixed inputs',
  rl: 'After RL: multiplex and discrete RL trained with the same seeds and steps',
};

const interval = (value: number, low: number, high: number) =>
  `${(100 * value).toFixed(1)}% [${(100 * low).toFixed(1)}, ${(100 * high).toFixed(1)}]`;

/** One gap and its verdict, coloured by it, after the study's name when `withStudy`. */
function GapLine({ gap, withStudy = false }: { gap: MultiplexGapRow; withStudy?: boolean }) {
  return (
    <IntervalVerdict
      as="li"
      low={gap.difference_low}
      high={gap.difference_high}
      subject={GAP_SUBJECT}
      lead={`${withStudy ? `${gap.study}: ` : ''}${gapLead(gap)}`}
    />
  );
}

function ClaimCheck({ bench, study }: { bench: MultiplexBench; study: string }) {
  const claim = checkClaim(bench, study);
  if (!claim) return null;
  const failed = claim.parts.filter((p) => !p.held);
  return (
    <div className="mx-claim" data-testid={`claim-${study}`}>
      <p className="small">
        <strong>The paper's claim, on {claim.arm}:</strong>
      </p>
      <ul className="mx-verdicts">
        {claim.parts.map((p) => (
          <li key={p.claim} className={p.held ? 'ok' : 'bad'}>
            {p.held ? '✓' : '✗'} {p.claim}: {p.measured}
          </li>
        ))}
      </ul>
      <p>
        {failed.length === 0 ? (
          <span className="ok">Our miniature reproduces the claim in this study.</span>
        ) : (
          <strong className="bad">
            Our miniature does not reproduce the paper's claim here (not met:{' '}
            {failed.map((p) => p.claim).join('; ')}).
          </strong>
        )}
      </p>
    </div>
  );
}

function StudySection({ bench, study }: { bench: MultiplexBench; study: string }) {
  const first = bench.pass.find((p) => p.study === study);
  const ks = [...new Set(bench.gaps.filter((g) => g.study === study).map((g) => g.k))].sort((x, y) => x - y);
  const shownKs = [ks[0], ks.at(-1)].filter(
    (k, i, all): k is number => k !== undefined && all.indexOf(k) === i,
  );
  const headline = armsOf(bench.gaps, study).flatMap((arm) =>
    shownKs.flatMap((k) => bench.gaps.filter((g) => g.study === study && g.arm === arm && g.k === k)),
  );
  return (
    <section className="mx-study" data-testid={`study-${study}`}>
      <h3>{STUDY_TITLES[study] ?? study}</h3>
      {first && (
        <p className="small muted">
          Pass@k over {first.problems} problems × {first.samples} samples per arm (the unbiased estimator),
          with 95% bootstrap bands over problems; gaps to {baselineOf(study)} are paired by problem.
        </p>
      )}
      <PassAtKChart study={study} points={bench.pass} />
      <ul className="mx-verdicts" data-testid={`gaps-${study}`}>
        {headline.map((g) => (
          <GapLine key={`${g.arm}-${g.k}`} gap={g} />
        ))}
      </ul>
      <ClaimCheck bench={bench} study={study} />
    </section>
  );
}

/**
 * Per RL arm: greedy accuracy before and after training, the retention panel's change (the skills
 * the start model already had), and entropy over the first and last steps.
 */
function RlReadout({ bench }: { bench: MultiplexBench }) {
  const arms = armsOf(bench.training, 'rl');
  const meanOf = (values: number[]) => values.reduce((x, y) => x + y, 0) / Math.max(1, values.length);
  return (
    <ul className="small" data-testid="rl-readout">
      {arms.map((arm) => {
        const greedy = bench.greedy.filter((g) => g.arm === arm).sort((x, y) => x.step - y.step);
        const steps = bench.training.filter((p) => p.arm === arm).sort((x, y) => x.step - y.step);
        const span = Math.max(1, Math.min(5, Math.floor(steps.length / 2)));
        const [start, end] = [steps.slice(0, span), steps.slice(-span)].map((part) =>
          meanOf(part.map((p) => p.entropy)),
        );
        const before = greedy[0];
        const after = greedy.at(-1);
        const kept = bench.retention.filter((r) => r.arm === arm).sort((x, y) => x.step - y.step);
        const panelStart = kept[0];
        const panelEnd = kept.at(-1);
        const points = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`;
        return (
          <li key={arm}>
            <strong>{arm}</strong>:{' '}
            {before && after && after !== before
              ? `greedy accuracy on the same problems ${before.correct}/${before.n} at step ${before.step} → ${after.correct}/${after.n} at step ${after.step}; `
              : ''}
            {panelStart && panelEnd && panelEnd !== panelStart
              ? `retention panel ${(100 * panelStart.accuracy).toFixed(0)}% → ${(100 * panelEnd.accuracy).toFixed(0)}% (${points(panelEnd.change)} points [${points(panelEnd.change_low)}, ${points(panelEnd.change_high)}], ${panelEnd.verdict}); `
              : bench.retention.length === 0
                ? 'retention not measured (published before the panel); '
                : ''}
            entropy {start.toFixed(4)} → {end.toFixed(4)} nats (mean of the first and last {span} steps,{' '}
            {start > 0 ? `${(100 * (end / start - 1)).toFixed(0)}%` : 'n/a'}).
          </li>
        );
      })}
    </ul>
  );
}

function SummaryTable({ bench }: { bench: MultiplexBench }) {
  if (bench.summary.length === 0) return null;
  return (
    <ScrollRegion label="accuracy, thinking length and distinct draws per arm">
      <table className="data" data-testid="multiplex-summary">
        <caption className="muted small">
          Mean accuracy (Pass@1) with its 95% bootstrap interval, mean thinking length and mean distinct draws
          per thinking step (1 for discrete decoding: self-adaptivity shows as values near 1).
        </caption>
        <thead>
          <tr>
            <th>study</th>
            <th>arm</th>
            <th>Pass@1</th>
            <th>thinking tokens</th>
            <th>distinct draws / step</th>
            <th>problems × samples</th>
          </tr>
        </thead>
        <tbody>
          {bench.summary.map((r) => (
            <tr key={`${r.study}-${r.arm}`}>
              <td>{r.study}</td>
              <td>{r.arm}</td>
              <td>{interval(r.avg, r.avg_low, r.avg_high)}</td>
              <td>{r.think_steps.toFixed(1)}</td>
              <td>{r.distinct_draws.toFixed(2)}</td>
              <td>
                {r.problems} × {r.samples}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function EveryGap({ bench }: { bench: MultiplexBench }) {
  if (bench.gaps.length === 0) return null;
  return (
    <details className="small">
      <summary>Every gap, k by k</summary>
      <ul className="mx-verdicts">
        {bench.gaps.map((g) => (
          <GapLine key={`${g.study}-${g.arm}-${g.k}`} gap={g} withStudy />
        ))}
      </ul>
    </details>
  );
}

export function MultiplexResults() {
  const load = usePublishedResult(MULTIPLEX_RESULTS);
  if (load.state === 'loading') return null;
  if (load.state !== 'ok') {
    return (
      <section className="panel" data-testid="multiplex-results">
        <h2>Pass@k on this model (benchmark “multiplex”)</h2>
        <p className="muted" data-testid="multiplex-unpublished">
          {load.state === 'mismatch' ? (
            `The published result cannot be shown: ${load.message}.`
          ) : (
            <>
              {load.state === 'missing'
                ? 'No published run yet — measure it with '
                : `The published result could not be read (${load.why}) — measure it again with `}
              <code>npm run bench -- multiplex --publish</code>.
            </>
          )}
        </p>
      </section>
    );
  }
  const { result } = load;
  const bench = readMultiplexBench(result.rows);
  return (
    <section className="panel" data-testid="multiplex-results">
      <h2>Pass@k on this model (benchmark “multiplex”)</h2>
      <PublishedProvenance result={result} />
      <p className="notice small">
        The paper (on 1.5B and 7B models): multiplex thinking is at least as good as discrete decoding at
        Pass@1, the gap widens at larger k, and it thinks in fewer tokens. A model this small never saw mixed
        inputs before training, so the training-free arm may be hurt by them; the RL comparison is the anchor.
        At this level the chain of thought has a fixed length (one step per digit), so thinking cannot get
        shorter here.
      </p>
      <div className="mx-studies">
        {bench.studies.map((study) => (
          <StudySection key={study} bench={bench} study={study} />
        ))}
      </div>
      {bench.training.some((p) => p.study === 'rl') && (
        <>
          <h3>RL training: multiplex against discrete RL</h3>
          <p className="small muted">
            Per RL step, both arms trained with the same seeds: the policy's token-mean entropy (the paper
            reports that it decays more slowly with multiplexing) and the mean reward.
          </p>
          <TrainingCurves study="rl" points={bench.training} />
          <RlReadout bench={bench} />
        </>
      )}
      <SummaryTable bench={bench} />
      <EveryGap bench={bench} />
      {result.notes.map((note) => (
        <p key={note} className="muted small">
          {note}
        </p>
      ))}
    </section>
  );
}
