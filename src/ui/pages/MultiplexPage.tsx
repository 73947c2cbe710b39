// Multiplex Thinking (arXiv 2601.08808) on our model: one 2-digit × 2-digit multiplication solved
// twice with the same seed, discretely and with K merged draws per thinking step, side by side
// with the verifier's verdicts; every thinking step's draws as chips sized by their merge weight;
// distinct draws against entropy; and the published Pass@k study. Every control is in the URL.
import { useEffect } from 'react';
import { useSearchParams } from 'wouter';
import { MAX_MULTIPLEX_WIDTH, MERGE_MODES, type MergeMode } from '../../engine/api.ts';
import { fieldMaker } from '../components/fields/fieldMaker.tsx';
import { MERGE_OPTIONS } from '../components/fields/mergeOptions.ts';
import { SamplingFields } from '../components/fields/SamplingFields.tsx';
import { samplingParams } from '../components/fields/samplingParams.ts';
import { DistinctScatter } from '../components/multiplex/DistinctScatter.tsx';
import { DrawChips } from '../components/multiplex/DrawChips.tsx';
import { MethodExplainer } from '../components/multiplex/MethodExplainer.tsx';
import { MultiplexResults } from '../components/multiplex/MultiplexResults.tsx';
import { type MultiplexStep, multiplexSteps } from '../components/multiplex/multiplexSteps.ts';
import { OPERAND_MAX, OPERAND_MIN, OperandField } from '../components/multiplex/OperandField.tsx';
import { RunColumns } from '../components/multiplex/RunColumns.tsx';
import { MethodPage } from '../components/page/MethodPage.tsx';
import { TokenText } from '../components/TokenText.tsx';
import { useModelStore } from '../store/modelStore.ts';
import {
  type CompareRequest,
  type RunOutcome,
  type SeededProblem,
  useMultiplexStore,
} from '../store/multiplexStore.ts';
import { enumParam, intParam, type ParamSpec, useUrlParams } from '../url.ts';

/** An operand in the URL; absent, the seeded problem's is used. */
function operandParam(): ParamSpec<number | null> {
  const whole = intParam(OPERAND_MIN, OPERAND_MIN, OPERAND_MAX);
  return {
    fallback: null,
    parse: whole.parse,
    format: (v) => (v === null ? 'the seeded problem' : String(v)),
  };
}

const PARAMS = {
  problem: intParam(1, 0, 2 ** 31 - 1),
  a: operandParam(),
  b: operandParam(),
  K: intParam(3, 1, MAX_MULTIPLEX_WIDTH),
  merge: enumParam<MergeMode>('reweighted', MERGE_MODES),
  ...samplingParams({ temperature: 1, topP: 1, seed: 1, max: 96 }),
};
type Values = ReturnType<typeof useUrlParams<typeof PARAMS>>['values'];

function settingsOf(v: Values): Omit<CompareRequest, 'problem'> {
  return {
    sampling: { temperature: v.temperature, topK: 0, topP: v.topP },
    seed: v.seed,
    maxNewTokens: v.max,
    multiplex: { width: v.K, merge: v.merge },
  };
}

function operandsOf(v: Values, seeded: SeededProblem): [number, number] {
  return [v.a ?? seeded.a, v.b ?? seeded.b];
}

function Controls() {
  const { values, set } = useUrlParams(PARAMS);
  const [, setSearch] = useSearchParams();
  const { seeded, running, compare } = useMultiplexStore();
  const model = useModelStore((s) => s.info);
  const busy = running !== null;
  const binding = { specs: PARAMS, values, set, disabled: busy };
  const { number, choice } = fieldMaker(binding);
  const chosen = values.a !== null || values.b !== null;
  const newProblem = () => {
    if (!seeded) return;
    setSearch(
      (previous) => {
        const next = new URLSearchParams(previous);
        next.delete('a');
        next.delete('b');
        next.set('problem', String(seeded.seed + 1));
        return next;
      },
      { replace: true },
    );
  };
  return (
    <aside className="controls controls-static panel" aria-label="multiplex settings">
      <fieldset className="field-group">
        <legend>problem: 2-digit × 2-digit</legend>
        <OperandField
          label="a"
          value={values.a ?? seeded?.a ?? null}
          disabled={busy || !seeded}
          onChange={(a) => set({ a, b: values.b ?? seeded?.b ?? null })}
        />
        <OperandField
          label="b"
          value={values.b ?? seeded?.b ?? null}
          disabled={busy || !seeded}
          onChange={(b) => set({ a: values.a ?? seeded?.a ?? null, b })}
        />
        <p className="small muted mx-problem-source">
          {chosen
            ? 'Your operands.'
            : seeded
              ? `Seeded problem of the arithmetic world (level 4, seed ${seeded.seed}).`
              : 'Drawing the seeded problem…'}
        </p>
        <button type="button" className="mx-wide" disabled={busy || !seeded} onClick={newProblem}>
          New problem
        </button>
      </fieldset>
      <fieldset className="field-group">
        <legend>multiplex</legend>
        {number('K', `K draws (1–${MAX_MULTIPLEX_WIDTH})`)}
        {choice('merge', 'merge', MERGE_OPTIONS)}
      </fieldset>
      <SamplingFields legend="sampling (both runs)" {...binding} />
      <button
        type="button"
        disabled={busy || !model || !seeded}
        onClick={() => seeded && void compare(settingsOf(values), operandsOf(values, seeded))}
      >
        {running ? `Running ${running}…` : 'Run discrete and multiplex'}
      </button>
      {!model && <p className="small muted">Waiting for the model to load…</p>}
    </aside>
  );
}

function Comparison() {
  const { comparison, running, streamed } = useMultiplexStore();
  if (running) {
    return (
      <section className="panel" data-testid="mx-running">
        <h2>Running {running === 'discrete' ? 'discrete decoding (K = 1)' : 'multiplex thinking'}…</h2>
        <TokenText text={`<think>${streamed}`} />
      </section>
    );
  }
  if (!comparison) {
    return (
      <section className="panel">
        <h2>Press “Run discrete and multiplex”</h2>
        <p className="muted">
          The model solves the problem twice with the same seed: once drawing one token per step, once merging
          K draws per thinking step. Then compare the answers, and see at which steps the K draws agreed and
          where the model carried a mixture forward.
        </p>
      </section>
    );
  }
  const { request, multiplex } = comparison;
  const steps = multiplex.trace ? multiplexSteps(multiplex.trace, multiplex.entropy) : [];
  const { width } = request.multiplex;
  return (
    <>
      <section className="panel" data-testid="comparison">
        <h2>
          <code>{request.problem.prompt}</code> with seed {request.seed}, temperature{' '}
          {request.sampling.temperature}, top-p {request.sampling.topP}
        </h2>
        {width === 1 && (
          <p className="small muted">With K = 1 both runs are ordinary decoding: they give the same text.</p>
        )}
        <RunColumns comparison={comparison} />
      </section>
      <DrawChips steps={steps} width={width} />
      {steps.length > 0 && <DistinctScatter steps={steps} width={width} />}
    </>
  );
}

function runFacts(run: RunOutcome) {
  const thinking = run.entropy.slice(0, run.thinkingSteps);
  const meanEntropy = thinking.reduce((a, b) => a + b, 0) / Math.max(1, thinking.length);
  return { correct: run.verdict.reward === 1, thinking: run.thinkingSteps, meanEntropy };
}

function distinctDraws(steps: MultiplexStep[]) {
  const mean = steps.reduce((a, s) => a + s.draws.length, 0) / Math.max(1, steps.length);
  return { mean, collapsed: steps.filter((s) => s.collapsed).length };
}

/** The comparison's numbers: one problem, one seed (n = 1); the study below has the intervals. */
function ComparisonMetrics() {
  const { comparison } = useMultiplexStore();
  const rows = comparison && [
    { name: 'discrete', facts: runFacts(comparison.discrete) },
    { name: `K = ${comparison.request.multiplex.width}`, facts: runFacts(comparison.multiplex) },
  ];
  const steps =
    comparison?.multiplex.trace && multiplexSteps(comparison.multiplex.trace, comparison.multiplex.entropy);
  const draws = steps && distinctDraws(steps);
  return (
    <aside className="panel metrics" data-testid="mx-metrics" aria-label="measured in this comparison">
      <h2>Measured</h2>
      {!rows ? (
        <p className="muted">Run the comparison to measure.</p>
      ) : (
        <>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">run</th>
                <th scope="col">answer</th>
                <th scope="col">thinking</th>
                <th scope="col">entropy</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ name, facts }) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td className={facts.correct ? 'ok' : 'bad'}>{facts.correct ? 'correct' : 'wrong'}</td>
                  <td>{facts.thinking}</td>
                  <td>{facts.meanEntropy.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small muted">Thinking in tokens; entropy: mean nats per thinking step.</p>
          {draws && steps && steps.length > 0 && (
            <p className="small">
              Distinct tokens among the K draws: <strong>{draws.mean.toFixed(2)}</strong> per thinking step;{' '}
              {draws.collapsed} of {steps.length} steps collapsed to one token.
            </p>
          )}
        </>
      )}
      <p className="small muted">
        One problem and one seed (n = 1): a single comparison says little. The published study below compares
        the two over many problems and samples, with 95% intervals.
      </p>
    </aside>
  );
}

export function MultiplexPage() {
  const { values, problems } = useUrlParams(PARAMS);
  const { error, loadProblem } = useMultiplexStore();
  useEffect(() => {
    void loadProblem(values.problem);
  }, [values.problem, loadProblem]);
  return (
    <MethodPage
      method="multiplex"
      lead="Think with several tokens at once: at every thinking step, K sampled tokens merged into one input. The same multiplication, decoded discretely and multiplexed, on our WGSL kernels."
      problems={problems}
      error={error && { title: 'The comparison could not run', error }}
      intro={<MethodExplainer />}
      controls={<Controls />}
      mechanism={<Comparison />}
      metrics={<ComparisonMetrics />}
      study={<MultiplexResults />}
    />
  );
}
