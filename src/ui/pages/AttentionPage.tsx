// Attention page: type a prompt, watch the model's tokens stream in, then pick any generated token
// to see the distribution it was sampled from (top candidates, raw and after temperature / top-k /
// top-p) and where every layer and head attended when producing it. Runs on the GPU, or on the
// CPU reference without WebGPU; every control is in the URL.
import { useEffect } from 'react';
import type { TextGenerateRequest } from '../../engine/api.ts';
import { AttentionHeatmap } from '../components/AttentionHeatmap.tsx';
import { CandidateBars } from '../components/CandidateBars.tsx';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { SamplingFields } from '../components/fields/SamplingFields.tsx';
import { samplingParams } from '../components/fields/samplingParams.ts';
import { PublishedBenchmark } from '../components/PublishedBenchmark.tsx';
import { LabLayout } from '../components/page/LabLayout.tsx';
import { PageShell } from '../components/page/PageShell.tsx';
import { RungBadge } from '../components/RungBadge.tsx';
import { TokenStrip, tokenLabel } from '../components/TokenStrip.tsx';
import { TokenText } from '../components/TokenText.tsx';
import { useEngineStore } from '../store/engineStore.ts';
import { useGenerationStore } from '../store/generationStore.ts';
import { useModelStore } from '../store/modelStore.ts';
import { intParam, textParam, useUrlParams } from '../url.ts';
import { type AttentionSelection, selectAttention } from './attentionSelection.ts';

/** The longest prompt the page takes (the textarea stops there; the URL refuses more). */
const PROMPT_MAX = 200;

const PARAMS = {
  prompt: textParam('12+34=', PROMPT_MAX),
  ...samplingParams({ temperature: 0.8, topK: 0, topP: 1, seed: 1, max: 24 }),
  step: intParam(0, 0, 255),
  layer: intParam(0, 0, 63),
  head: intParam(0, 0, 63),
};
const CANDIDATES = 10;

/** The step, layer and head shown: the URL's, within the loaded model and the generated sequence. */
function useSelection(): AttentionSelection {
  const { values } = useUrlParams(PARAMS);
  const sequence = useGenerationStore((s) => s.result?.sequences[0]);
  const config = useModelStore((s) => s.info?.config);
  return selectAttention(values, {
    layers: config?.num_hidden_layers ?? 0,
    heads: config?.num_attention_heads ?? 0,
    tokens: sequence ? sequence.tokens.length : null,
  });
}

function Controls({ onRun }: { onRun: () => void }) {
  const { values, set } = useUrlParams(PARAMS);
  const { running, cancel } = useGenerationStore();
  return (
    <aside className="controls panel">
      <label>
        prompt
        <textarea
          rows={3}
          maxLength={PROMPT_MAX}
          value={values.prompt}
          onChange={(e) => set({ prompt: e.target.value })}
        />
        <span className="small muted">
          {values.prompt.length} / {PROMPT_MAX} characters
        </span>
      </label>
      <SamplingFields specs={PARAMS} values={values} set={set} disabled={running} />
      <p className="small muted">A &lt;bos&gt; is prepended to the prompt.</p>
      <div className="controls-row">
        <button type="button" onClick={onRun} disabled={running}>
          {running ? 'Generating…' : 'Generate'}
        </button>
        {running && (
          <button type="button" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
      </div>
    </aside>
  );
}

function Metrics() {
  const { result } = useGenerationStore();
  const info = useModelStore((s) => s.info);
  const { step } = useSelection();
  const sequence = result?.sequences[0];
  return (
    <aside className="panel metrics" data-testid="generation-metrics">
      <h2>Measured</h2>
      {info && <RungBadge rung={info.rung} />}
      {!result && <p className="muted">Generate to measure.</p>}
      {result && sequence && (
        <dl className="facts">
          <dt>tokens/s</dt>
          <dd data-testid="tokens-per-second">{result.tokensPerSecond.toFixed(1)}</dd>
          <dt>generated</dt>
          <dd>
            {sequence.tokens.length} tokens, ended by {sequence.finish}
          </dd>
          <dt>prefill</dt>
          <dd>
            {result.prefillMs.toFixed(1)} ms ({sequence.promptTokens.length} tokens)
          </dd>
          <dt>decode</dt>
          <dd>
            {result.decodeMs.toFixed(1)} ms ({result.steps} steps)
          </dd>
          <dt>step {step}: log q</dt>
          <dd>{sequence.logProbs[step]?.toFixed(3)}</dd>
          <dt>step {step}: entropy</dt>
          <dd>{sequence.entropy[step]?.toFixed(3)} nats</dd>
        </dl>
      )}
      <p className="small muted">
        One run of the loaded model in this browser, n = 1 sequence; times include pipeline compiles on the
        first run.
      </p>
    </aside>
  );
}

function Visualisation() {
  const { streamed, result, running, error } = useGenerationStore();
  const { set } = useUrlParams(PARAMS);
  const { step, layer, head } = useSelection();
  const sequence = result?.sequences[0];
  const config = useModelStore((s) => s.info?.config);
  const L = config?.num_hidden_layers ?? 0;
  const H = config?.num_attention_heads ?? 0;
  const S = config?.max_position_embeddings ?? 0;
  const positions = sequence ? sequence.promptTokens.length + Math.max(0, sequence.tokens.length - 1) : 0;
  const queryRow = sequence ? sequence.promptTokens.length - 1 + step : null;
  const headRows = (l: number, h: number) =>
    sequence?.attention
      ? sequence.attention.subarray((l * H + h) * positions * S, (l * H + h + 1) * positions * S)
      : null;
  const heads = Array.from({ length: L * H }, (_, i) => ({
    l: Math.floor(i / H),
    h: i % H,
    label: `layer ${Math.floor(i / H)} · head ${i % H}`,
  }));
  const selectedHead = headRows(layer, head);
  const selectedRow =
    selectedHead && queryRow !== null
      ? selectedHead.subarray(queryRow * S, queryRow * S + positions)
      : undefined;

  if (error) return <ErrorPanel title="Generation failed" error={error} />;
  if (!sequence) {
    return (
      <section className="panel">
        <h2>Output</h2>
        {running ? <TokenText text={streamed[0] ?? ''} /> : <p className="muted">Press Generate.</p>}
      </section>
    );
  }
  return (
    <>
      <section className="panel">
        <h2>Tokens</h2>
        <p className="small muted">
          Prompt tokens are dim; click a generated token to inspect the step that produced it.
        </p>
        <TokenStrip
          prompt={sequence.promptTokens}
          generated={sequence.tokens}
          selected={step}
          onSelect={(s) => set({ step: s })}
        />
      </section>
      <section className="panel">
        <h2>
          Step {step}: the distribution <code>{tokenLabel(sequence.tokens[step])}</code> was sampled from
        </h2>
        {sequence.candidates?.[step] && (
          <CandidateBars candidates={sequence.candidates[step]} sampled={sequence.tokens[step]} />
        )}
      </section>
      <section className="panel">
        <h2>Attention when producing step {step}</h2>
        <p className="small muted">
          Each square is one head: row p shows how position p attended to positions 0..p (brighter = more).
          The outlined row is the query that produced token {step}. Click a head to enlarge it.
        </p>
        <div className="heatmap-grid" style={{ gridTemplateColumns: `repeat(${H}, auto)` }}>
          {heads.map(({ l, h, label }) => {
            const rows = headRows(l, h);
            return rows ? (
              <AttentionHeatmap
                key={label}
                rows={rows}
                positions={positions}
                stride={S}
                selectedRow={queryRow}
                size={112}
                label={label}
                active={l === layer && h === head}
                onClick={() => set({ layer: l, head: h })}
              />
            ) : null;
          })}
        </div>
        {selectedRow && (
          <div className="attention-row">
            <h3>
              Layer {layer}, head {head}: where step {step} looked
            </h3>
            <p className="small muted">Tint relative to the largest weight; hover a token for its share.</p>
            <TokenStrip
              prompt={sequence.promptTokens}
              generated={sequence.tokens.slice(0, step)}
              selected={null}
              weights={selectedRow}
            />
          </div>
        )}
      </section>
    </>
  );
}

/** Which engine runs the page (the CPU reference without WebGPU) and whether the model is trained. */
function ModelNotices() {
  const { phase, error: engineError } = useEngineStore();
  const info = useModelStore((s) => s.info);
  return (
    <>
      {phase === 'unavailable' && engineError && (
        <div className="notice" role="status">
          <p>
            WebGPU is not available here, so this page runs on the CPU reference: the same model in plain
            TypeScript, slowly. {engineError.message}
          </p>
        </div>
      )}
      {info?.trained === false && (
        <div className="notice" role="status" data-testid="untrained-notice">
          <p>
            {info.name} is untrained (a random init): its tokens are noise. What you see is the machinery —
            the sampler, the KV cache and attention — on our kernels. A trained model replaces it once the
            Trainer has made one.
          </p>
        </div>
      )}
    </>
  );
}

export function AttentionPage() {
  const { values, problems } = useUrlParams(PARAMS);
  const { notices } = useSelection();
  const info = useModelStore((s) => s.info);
  const run = useGenerationStore((s) => s.run);
  const request: TextGenerateRequest = {
    prompts: [values.prompt],
    sampling: { temperature: values.temperature, topK: values.topK, topP: values.topP },
    seed: values.seed,
    maxNewTokens: values.max,
    syncEvery: 4,
    record: { candidates: CANDIDATES, attention: true },
  };
  const start = () => void run(request);
  // biome-ignore lint/correctness/useExhaustiveDependencies: generate once per loaded model, as the URL says
  useEffect(() => {
    if (info) start();
  }, [info]);

  return (
    <PageShell
      title="Attention"
      lead="Type a prompt and watch the model write: pick any token to see the distribution it was drawn from and where every head looked when producing it."
      header={<ModelNotices />}
      problems={[...problems, ...notices]}
    >
      <LabLayout controls={<Controls onRun={start} />} mechanism={<Visualisation />} metrics={<Metrics />} />
      <PublishedBenchmark scenario="decode" />
    </PageShell>
  );
}
