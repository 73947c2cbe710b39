// Multiplex Thinking (arXiv 2601.08808) on our model: one 2-digit × 2-digit multiplication solved
// twice with the same seed, discretely and with K merged draws per thinking step, side by side
// with the verifier's verdicts; every thinking step's draws as chips sized by their merge weight;
// distinct draws against entropy; and the published Pass@k study. Every control is in the URL.
import { useEffect } from 'react';
import { useSearchParams } from 'wouter';
import { MAX_MULTIPLEX_WIDTH, MERGE_MODES, type MergeMode } from '../../engine/api.ts';
import { ErrorPanel, Notices } from '../components/ErrorPanel.tsx';
import { GpuGate } from '../components/GpuGate.tsx';
import { MethodNoteLink } from '../components/MethodNoteLink.tsx';
import { DistinctScatter } from '../components/multiplex/DistinctScatter.tsx';
import { DrawChips } from '../components/multiplex/DrawChips.tsx';
import { MethodExplainer } from '../components/multiplex/MethodExplainer.tsx';
import { MultiplexResults } from '../components/multiplex/MultiplexResults.tsx';
import { multiplexSteps } from '../components/multiplex/multiplexSteps.ts';
import { OPERAND_MAX, OPERAND_MIN, OperandField } from '../components/multiplex/OperandField.tsx';
import { RunColumns } from '../components/multiplex/RunColumns.tsx';
import { NumberField } from '../components/NumberField.tsx';
import { TokenText } from '../components/TokenText.tsx';
import { useModelStore } from '../store/modelStore.ts';
import { type CompareRequest, type SeededProblem, useMultiplexStore } from '../store/multiplexStore.ts';
import { enumParam, floatParam, intParam, numberSpec, type ParamSpec, useUrlParams } from '../url.ts';

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
  temperature: floatParam(1, 0, 5),
  topP: floatParam(1, 0.01, 1),
  seed: intParam(1, 0, 2 ** 31 - 1),
  maxNew: intParam(96, 1, 240),
};
type Values = ReturnType<typeof useUrlParams<typeof PARAMS>>['values'];

function settingsOf(v: Values): Omit<CompareRequest, 'problem'> {
  return {
    sampling: { temperature: v.temperature, topK: 0, topP: v.topP },
    seed: v.seed,
    maxNewTokens: v.maxNew,
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
  const field = (name: keyof Values & string, label: string, step = 1) => (
    <NumberField
      key={name}
      name={name}
      spec={numberSpec(PARAMS, name)}
      label={label}
      step={step}
      values={values}
      set={set}
      disabled={busy}
    />
  );
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
        {field('K', `K draws (1–${MAX_MULTIPLEX_WIDTH})`)}
        <label>
          merge
          <select
            value={values.merge}
            disabled={busy}
            onChange={(e) => set({ merge: e.target.value as MergeMode })}
          >
            <option value="reweighted">reweighted (wⱼ ∝ q(kⱼ))</option>
            <option value="averaged">averaged (wⱼ = 1/K)</option>
          </select>
        </label>
      </fieldset>
      <fieldset className="field-group">
        <legend>sampling (both runs)</legend>
        {field('temperature', 'temperature', 0.1)}
        {field('topP', 'top-p', 0.05)}
        {field('seed', 'seed')}
        {field('maxNew', 'max new tokens')}
      </fieldset>
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

export function MultiplexPage() {
  const { values, problems } = useUrlParams(PARAMS);
  const { error, loadProblem } = useMultiplexStore();
  useEffect(() => {
    void loadProblem(values.problem);
  }, [values.problem, loadProblem]);
  return (
    <main className="page">
      <h1>Multiplex Thinking</h1>
      <p className="lead">
        Think with several tokens at once: at every thinking step, K sampled tokens merged into one input. The
        same multiplication, decoded discretely and multiplexed, on our WGSL kernels.
      </p>
      <MethodNoteLink id="multiplex" title="Multiplex Thinking" />
      <Notices messages={problems} />
      {error && <ErrorPanel title="The comparison could not run" error={error} />}
      <MethodExplainer />
      <GpuGate>
        <div className="sidebar-layout">
          <Controls />
          <div>
            <Comparison />
          </div>
        </div>
      </GpuGate>
      <MultiplexResults />
    </main>
  );
}
