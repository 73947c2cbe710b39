// Decoding microscope: why a sampler picks a token. A prompt is generated on our kernels with the
// whole logits-processor chain on the GPU (temperature, top-k, top-p, min-p, CraEG), and every
// step is open: the distribution after each stage as bars, the candidates on a 2-D map of the
// embedding table (the "crowd" CraEG reasons about), a strip of the sequence coloured by step
// crowding or entropy; play, pause, step, rewind; branch at any token by taking another
// candidate. CraEG's equations are our reconstruction and the page says so. Every control is in
// the URL.
import { useEffect } from 'react';
import { DEFAULT_CRAEG, type SamplingParams, VOCABULARY } from '../../engine/api.ts';
import { fieldMaker } from '../components/fields/fieldMaker.tsx';
import { SamplingFields } from '../components/fields/SamplingFields.tsx';
import { samplingParams } from '../components/fields/samplingParams.ts';
import { CraegResults } from '../components/microscope/CraegResults.tsx';
import { EmbeddingMapView } from '../components/microscope/EmbeddingMapView.tsx';
import { SequenceStrip } from '../components/microscope/SequenceStrip.tsx';
import { StageBars } from '../components/microscope/StageBars.tsx';
import { StepMetrics } from '../components/microscope/StepMetrics.tsx';
import { MethodPage } from '../components/page/MethodPage.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { tokenLabel } from '../components/TokenStrip.tsx';
import { TokenText } from '../components/TokenText.tsx';
import { type MicroscopeRequest, useMicroscopeStore } from '../store/microscopeStore.ts';
import { useModelStore } from '../store/modelStore.ts';
import { enumParam, floatParam, textParam, useUrlParams } from '../url.ts';

/** The longest prompt the page takes (the textarea stops there; the URL refuses more). */
const PROMPT_MAX = 200;

const PARAMS = {
  prompt: textParam('47*38=<think>', PROMPT_MAX),
  ...samplingParams({ temperature: 1, topK: 0, topP: 1, minP: 0, seed: 1, max: 96 }),
  craeg: enumParam<'on' | 'off'>('on', ['on', 'off']),
  weighting: enumParam<'linear' | 'nonlinear'>(DEFAULT_CRAEG.weighting, ['linear', 'nonlinear']),
  epsilon: floatParam(DEFAULT_CRAEG.epsilon, 0, 1),
  tau: floatParam(DEFAULT_CRAEG.tau, 0, 1),
  kappa: floatParam(DEFAULT_CRAEG.kappa, 0, 10),
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
  const binding = { specs: PARAMS, values, set, disabled: running };
  const { number } = fieldMaker(binding);
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
      <SamplingFields legend="sampling chain" {...binding} />
      <fieldset className="field-group">
        <legend>CraEG (our reconstruction)</legend>
        <label className="checkbox-label">
          <input
            type="checkbox"
            checked={values.craeg === 'on'}
            disabled={running}
            onChange={(e) => set({ craeg: e.target.checked ? 'on' : 'off' })}
          />
          CraEG on
        </label>
        <label>
          weighting
          <select
            value={values.weighting}
            disabled={running}
            onChange={(e) => set({ weighting: e.target.value as Values['weighting'] })}
          >
            <option value="linear">linear (w = c)</option>
            <option value="nonlinear">non-linear (w = c²)</option>
          </select>
        </label>
        {number('epsilon', 'ε (prob. floor)', 0.05)}
        {number('tau', 'τ (crowding floor)', 0.05)}
        {number('kappa', 'κ (strength)', 0.05)}
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
    <MethodPage
      method="craeg"
      title="Decoding microscope"
      lead="Why the sampler picked this token: every stage of the sampling chain on the model's full distribution, and CraEG's view of it — how crowded the candidates are in embedding space."
      problems={problems}
      error={error && { title: 'The microscope could not run', error }}
      controls={<Controls />}
      mechanism={<StepView />}
      metrics={<StepMetrics />}
      study={<CraegResults />}
    />
  );
}
