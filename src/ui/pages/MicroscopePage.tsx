// Decoding microscope: why a sampler picks a token. A prompt is generated on our kernels with the
// whole logits-processor chain on the GPU (temperature, top-k, top-p, min-p, CraEG), and every
// step is open: the distribution after each stage as bars, the candidates on a 2-D map of the
// embedding table (the "crowd" CraEG reasons about), a strip of the sequence coloured by step
// crowding or entropy; play, pause, step, rewind; branch at any token by taking another
// candidate. CraEG's equations are our reconstruction and the page says so. Every control is in
// the URL.
import { useEffect } from 'react';
import { Link } from 'wouter';
import { DEFAULT_CRAEG, type SamplingParams, VOCABULARY } from '../../engine/api.ts';
import { ErrorPanel, Notices } from '../components/ErrorPanel.tsx';
import { GpuGate } from '../components/GpuGate.tsx';
import { MethodNoteLink } from '../components/MethodNoteLink.tsx';
import { CraegResults } from '../components/microscope/CraegResults.tsx';
import { EmbeddingMapView } from '../components/microscope/EmbeddingMapView.tsx';
import { SequenceStrip } from '../components/microscope/SequenceStrip.tsx';
import { StageBars } from '../components/microscope/StageBars.tsx';
import { NumberField } from '../components/NumberField.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { tokenLabel } from '../components/TokenStrip.tsx';
import { TokenText } from '../components/TokenText.tsx';
import { type MicroscopeRequest, useMicroscopeStore } from '../store/microscopeStore.ts';
import { useModelStore } from '../store/modelStore.ts';
import { enumParam, floatParam, intParam, numberSpec, textParam, useUrlParams } from '../url.ts';

/** The longest prompt the page takes (the textarea stops there; the URL refuses more). */
const PROMPT_MAX = 200;

const PARAMS = {
  prompt: textParam('47*38=<think>', PROMPT_MAX),
  temperature: floatParam(1, 0, 5),
  topK: intParam(0, 0, 1024),
  topP: floatParam(1, 0.01, 1),
  minP: floatParam(0, 0, 1),
  craeg: enumParam<'on' | 'off'>('on', ['on', 'off']),
  weighting: enumParam<'linear' | 'nonlinear'>(DEFAULT_CRAEG.weighting, ['linear', 'nonlinear']),
  epsilon: floatParam(DEFAULT_CRAEG.epsilon, 0, 1),
  tau: floatParam(DEFAULT_CRAEG.tau, 0, 1),
  kappa: floatParam(DEFAULT_CRAEG.kappa, 0, 10),
  seed: intParam(1, 0, 2 ** 31 - 1),
  max: intParam(96, 1, 200),
  strip: enumParam<'crowding' | 'entropy'>('crowding', ['crowding', 'entropy']),
};
type Values = ReturnType<typeof useUrlParams<typeof PARAMS>>['values'];

function requestOf(v: Values): MicroscopeRequest {
  const sampling: SamplingParams = {
    temperature: v.temperature,
    topK: v.topK,
    topP: v.topP,
    minP: v.minP,
    craeg:
      v.craeg === 'on'
        ? { ...DEFAULT_CRAEG, epsilon: v.epsilon, tau: v.tau, kappa: v.kappa, weighting: v.weighting }
        : null,
  };
  return { prompt: v.prompt, sampling, seed: v.seed, maxNewTokens: v.max };
}

const decodeTokens = (tokens: number[]) => tokens.map((t) => VOCABULARY[t] ?? '').join('');

function Controls() {
  const { values, set } = useUrlParams(PARAMS);
  const { running, run } = useMicroscopeStore();
  const model = useModelStore((s) => s.info);
  const field = (name: keyof Values & string, label: string, step: number) => (
    <NumberField
      key={name}
      spec={numberSpec(PARAMS, name)}
      name={name}
      label={label}
      step={step}
      values={values}
      set={set}
      disabled={running}
    />
  );
  return (
    <aside className="controls controls-static panel" aria-label="decoding settings">
      <label>
        prompt
        <textarea
          rows={2}
          maxLength={PROMPT_MAX}
          value={values.prompt}
          onChange={(e) => set({ prompt: e.target.value })}
        />
        <span className="small muted">
          {values.prompt.length} / {PROMPT_MAX} characters
        </span>
      </label>
      <fieldset className="field-group">
        <legend>sampling chain</legend>
        {field('temperature', 'temperature (0 = greedy)', 0.1)}
        {field('topK', 'top-k (0 = off)', 1)}
        {field('topP', 'top-p', 0.05)}
        {field('minP', 'min-p', 0.01)}
        {field('seed', 'seed', 1)}
        {field('max', 'max new tokens', 1)}
      </fieldset>
      <fieldset className="field-group">
        <legend>CraEG (our reconstruction)</legend>
        <label className="checkbox-label">
          <input
            type="checkbox"
            checked={values.craeg === 'on'}
            onChange={(e) => set({ craeg: e.target.checked ? 'on' : 'off' })}
          />
          CraEG on
        </label>
        <label>
          weighting
          <select
            value={values.weighting}
            onChange={(e) => set({ weighting: e.target.value as Values['weighting'] })}
          >
            <option value="linear">linear (w = c)</option>
            <option value="nonlinear">non-linear (w = c²)</option>
          </select>
        </label>
        {field('epsilon', 'ε (prob. floor)', 0.05)}
        {field('tau', 'τ (crowding floor)', 0.05)}
        {field('kappa', 'κ (strength)', 0.05)}
      </fieldset>
      <button type="button" disabled={running || !model} onClick={() => void run(requestOf(values))}>
        {running ? 'Generating…' : 'Generate'}
      </button>
    </aside>
  );
}

function Transport() {
  const { steps, cursor, playing, moveTo, setPlaying } = useMicroscopeStore();
  useEffect(() => {
    if (!playing) return;
    if (cursor >= steps.length) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => moveTo(cursor + 1), 350);
    return () => clearTimeout(timer);
  }, [playing, cursor, steps.length, moveTo, setPlaying]);
  return (
    <div className="controls-row transport">
      <button type="button" onClick={() => moveTo(1)} aria-label="rewind" disabled={cursor <= 1}>
        rewind
      </button>
      <button type="button" onClick={() => moveTo(cursor - 1)} aria-label="step back" disabled={cursor <= 1}>
        ◀ back
      </button>
      <button
        type="button"
        onClick={() => setPlaying(!playing)}
        disabled={cursor >= steps.length && !playing}
      >
        {playing ? '⏸ pause' : '▶ play'}
      </button>
      <button
        type="button"
        onClick={() => moveTo(cursor + 1)}
        aria-label="step"
        disabled={cursor >= steps.length}
      >
        step ▶
      </button>
      <input
        type="range"
        min={1}
        max={Math.max(1, steps.length)}
        value={cursor}
        aria-label="step slider"
        onChange={(e) => moveTo(Number(e.target.value))}
      />
      <span className="small muted" data-testid="microscope-position">
        {cursor} / {steps.length}
      </span>
    </div>
  );
}

function StepView() {
  const { values, set } = useUrlParams(PARAMS);
  const { steps, cursor, running, request, map, branch, moveTo } = useMicroscopeStore();
  if (!request || steps.length === 0) {
    return (
      <section className="panel">
        <h2>Press Generate</h2>
        <p className="muted">
          The model answers the prompt (a multiplication with its chain of thought, by default) with the chain
          you set. Then walk through it: each step shows how the next-token distribution changes at every
          stage, where its candidates sit in embedding space, and lets you take another candidate to see where
          that leads.
        </p>
      </section>
    );
  }
  const at = Math.max(0, cursor - 1);
  const step = steps[at];
  const shown = steps.slice(0, cursor);
  const values_ = shown.map((s) => (values.strip === 'crowding' ? (s.crowding?.step ?? 0) : s.entropy));
  return (
    <>
      <section className="panel" data-testid="microscope-step">
        <h2>
          Step {at + 1} of {steps.length}: <code>{tokenLabel(step.token)}</code>{' '}
          {step.branched && <span className="badge badge-warn">picked by hand</span>}
        </h2>
        <Transport />
        <div className="controls-row">
          <span className="small">colour the sequence by</span>
          <select
            value={values.strip}
            onChange={(e) => set({ strip: e.target.value as Values['strip'] })}
            aria-label="strip metric"
          >
            <option value="crowding">step crowding C_t</option>
            <option value="entropy">entropy</option>
          </select>
        </div>
        <p className="small">
          <TokenText text={request.prompt} />
        </p>
        <SequenceStrip
          tokens={shown.map((s) => s.token)}
          values={values_}
          metric={values.strip}
          current={at}
          branched={shown.map((s) => s.branched)}
          onSelect={(t) => moveTo(t + 1)}
        />
        <p className="small" data-testid="microscope-metrics">
          step crowding C_t <strong>{(step.crowding?.step ?? 0).toFixed(3)}</strong> · CraEG strength λ{' '}
          <strong>{(step.crowding?.lambda ?? 0).toFixed(3)}</strong> · entropy{' '}
          <strong>{step.entropy.toFixed(3)}</strong> nats · {step.crowding?.tokens.length ?? 0} candidates
          with mass
        </p>
      </section>
      <div>
        <section className="panel">
          <h3>The distribution at each stage</h3>
          <ScrollRegion label="the distribution at each stage">
            <StageBars
              candidates={step.candidates}
              chosen={step.token}
              disabled={running}
              onBranch={(token) => void branch(at, token, decodeTokens)}
            />
          </ScrollRegion>
          <p className="muted small">
            Top {step.candidates.length} candidates by logit. "branch" takes that token here and generates on
            from it with the same settings.
          </p>
        </section>
        <section className="panel">
          <h3>The candidates in embedding space</h3>
          {map ? (
            <EmbeddingMapView map={map} candidates={step.candidates} chosen={step.token} />
          ) : (
            <p className="muted">Loading the map…</p>
          )}
        </section>
      </div>
    </>
  );
}

export function MicroscopePage() {
  const { problems } = useUrlParams(PARAMS);
  const { error, map, loadMap } = useMicroscopeStore();
  const model = useModelStore((s) => s.info);
  useEffect(() => {
    if (model && !map) void loadMap();
  }, [model, map, loadMap]);
  return (
    <main className="page">
      <h1>Decoding microscope</h1>
      <p className="lead">
        Why the sampler picked this token: every stage of the sampling chain on the model's full distribution,
        and CraEG's view of it — how crowded the candidates are in embedding space.
      </p>
      <p className="notice small" data-testid="recon-label">
        CraEG (Yang, Dong, Sui 2026) is shown as <strong>our reconstruction</strong>: the paper's exact
        crowding score, correction factor and strength λ are not public; we use the definitions of{' '}
        <Link href="/notes/craeg#2-the-algorithm-as-the-lab-implements-it">our CraEG note</Link> (token
        crowding c_v, step crowding C_t, a closed-form λ removing κ·C_t of the crowded mass).
      </p>
      <MethodNoteLink id="craeg" title="CraEG" />
      <Notices messages={problems} />
      {error && <ErrorPanel title="The microscope could not run" error={error} />}
      <GpuGate>
        <div className="sidebar-layout">
          <Controls />
          <div>
            <StepView />
            <CraegResults />
          </div>
        </div>
      </GpuGate>
    </main>
  );
}
