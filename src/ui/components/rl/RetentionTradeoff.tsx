// The RL page's retention trade-off (benchmark `retention`, public/results/retention.json): per
// guard arm of the GRPO learning run, what it learned of the target against what it kept of the
// start model's other skills, both since step 0 in points with 95% intervals, its path through the
// evaluations in between, a table of the same, and the best arm among those that kept the panel.
import { intervalVerdict } from '../../../engine/api.ts';
import { SWEEP_ARMS, SWEEP_RESULTS } from '../../../engine/retentionApi.ts';
import { usePublishedResult } from '../PublishedBenchmark.tsx';
import { PublishedProvenance } from '../PublishedProvenance.tsx';
import { ScrollRegion } from '../ScrollRegion.tsx';
import { familyOf, interval, MARGIN, signed, TradeoffChart } from './RetentionTradeoffChart.tsx';
import { bestArm, readTradeoff, type SweepArmRow } from './retentionTradeoff.ts';

const VERDICT_TONE: Record<string, string> = { kept: 'ok', lost: 'bad' };
const BENCH_COMMAND = 'npm run bench -- retention --shard i/7 --launches 1 --publish';

function BestSentence({ best }: { best: SweepArmRow | null }) {
  if (!best) {
    return (
      <p data-testid="retention-best">
        <strong className="bad">No setting kept the panel within {MARGIN} points</strong>: no arm's 95%
        interval of the retention change lies wholly above −{MARGIN} points, so none is marked best.
      </p>
    );
  }
  const gain = intervalVerdict({ low: best.target_gain_low, high: best.target_gain_high }, 'gain').direction;
  return (
    <p data-testid="retention-best" data-arm={best.arm}>
      <strong>Best setting that kept the panel: {best.arm}</strong> — target {signed(best.target_gain)}{' '}
      {interval(best.target_gain_low, best.target_gain_high)} points, retention{' '}
      {signed(best.retention_change)} {interval(best.retention_change_low, best.retention_change_high)} (the
      largest lower bound of target gain among the arms marked kept)
      {gain === 'higher'
        ? '.'
        : gain === 'lower'
          ? '; but its target accuracy fell.'
          : '; but its gain is not distinguishable from zero.'}
    </p>
  );
}

function ArmTable({ arms, best }: { arms: readonly SweepArmRow[]; best: SweepArmRow | null }) {
  return (
    <ScrollRegion label="target gain and retention change per guard arm">
      <table className="data" data-testid="retention-arms">
        <caption className="muted small">
          Kept = the 95% interval of the pooled panel's change lies above −{MARGIN} points; lost = wholly
          below it; undecided = it reaches across. KL: to the start model, mean of the last 5 steps.
        </caption>
        <thead>
          <tr>
            <th scope="col">arm</th>
            <th scope="col">target gain, points [95%]</th>
            <th scope="col">retention change, points [95%]</th>
            <th scope="col">panel</th>
            <th scope="col">KL at the end</th>
            <th scope="col">minutes</th>
          </tr>
        </thead>
        <tbody>
          {arms.map((a) => (
            <tr key={a.arm} className={a === best ? 'rt-best' : undefined}>
              <th scope="row">
                <span style={{ color: familyOf(a.guard).color }}>{familyOf(a.guard).glyph}</span> {a.arm}
                {a === best && <strong className="ok"> — best</strong>}
              </th>
              <td>
                {signed(a.target_gain)} {interval(a.target_gain_low, a.target_gain_high)}
              </td>
              <td>
                {signed(a.retention_change)} {interval(a.retention_change_low, a.retention_change_high)}
              </td>
              <td className={VERDICT_TONE[a.verdict] ?? 'muted'}>{a.verdict}</td>
              <td>{a.kl.toFixed(4)}</td>
              <td>{a.minutes.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

const TITLE = 'What keeps the other skills (benchmark “retention”)';

export function RetentionTradeoff() {
  const load = usePublishedResult(SWEEP_RESULTS);
  if (load.state === 'loading') return null;
  if (load.state !== 'ok') {
    return (
      <section className="panel" data-testid="retention-tradeoff">
        <h2>{TITLE}</h2>
        <p className="muted" data-testid="retention-unpublished">
          {load.state === 'missing' ? (
            <>
              The retention sweep is not published yet. Each of its {SWEEP_ARMS.length} arms is one bench
              shard (about 35 minutes on SwiftShader): run <code>{BENCH_COMMAND}</code> for i = 1 …{' '}
              {SWEEP_ARMS.length}; the file is written when all {SWEEP_ARMS.length} are there.
            </>
          ) : load.state === 'mismatch' ? (
            `The published result cannot be shown: ${load.message}.`
          ) : (
            <>
              The published result could not be read ({load.why}) — measure it again with{' '}
              <code>{BENCH_COMMAND}</code> for i = 1 … {SWEEP_ARMS.length}.
            </>
          )}
        </p>
      </section>
    );
  }
  const { result } = load;
  const tradeoff = readTradeoff(result.rows);
  const best = bestArm(tradeoff.arms);
  const steps = tradeoff.arms[0]?.step;
  return (
    <section className="panel" data-testid="retention-tradeoff">
      <h2>{TITLE}</h2>
      <PublishedProvenance result={result} />
      <p className="small">
        The same GRPO run ({steps ?? '?'} steps, the same seed and prompts) once per guard. Up is more learned
        on the target, right is more kept of what the start model already knew; each mark is where an arm
        ends, its whiskers the 95% intervals. Left of the dashed <span className="rt-margin">margin</span>{' '}
        line the panel lost more than {MARGIN} points.
      </p>
      {tradeoff.absent.length > 0 && (
        <p className="small muted">Not in this file: {tradeoff.absent.join(', ')}.</p>
      )}
      <TradeoffChart tradeoff={tradeoff} />
      <BestSentence best={best} />
      <ArmTable arms={tradeoff.arms} best={best} />
      {result.notes.map((note) => (
        <p key={note} className="muted small">
          {note}
        </p>
      ))}
    </section>
  );
}
