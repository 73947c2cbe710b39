// Bench page: the engines compared on the visitor's own machine with one click (benchmark
// `decode-peers`: ours, onnxruntime-web and transformers.js (WebGPU and wasm each) on the same model,
// interleaved), its chart and table and the JSON to copy; the published run of this repository's
// machine; and where one decode step's and one training step's time goes, kernel by kernel, from
// timestamp queries (or a plain statement that this browser has none).
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BenchProgress, BenchResult, StepProfiles } from '../../engine/api.ts';
import { connectEngine, runBench } from '../../engine/client.ts';
import { CHART_AXIS, CHART_GRID, CHART_TOOLTIP } from '../components/chartTheme.ts';
import { ErrorPanel, Notices } from '../components/ErrorPanel.tsx';
import { GpuGate } from '../components/GpuGate.tsx';
import { KernelTimeline } from '../components/KernelTimeline.tsx';
import { PublishedBenchmark } from '../components/PublishedBenchmark.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { type ShownError, toShownError } from '../store/engineStore.ts';
import { useModelStore } from '../store/modelStore.ts';
import { enumParam, intParam, useUrlParams } from '../url.ts';

const PARAMS = {
  mode: enumParam<'quick' | 'full'>('quick', ['quick', 'full']),
  seed: intParam(1, 0, 2 ** 31 - 1),
};
const ENGINES = ['ours', 'ort-webgpu', 'ort-wasm', 'transformers.js', 'transformers.js-webgpu'];
const COLORS: Record<string, string> = {
  ours: '#7dd3fc',
  'ort-webgpu': '#f59e0b',
  'ort-wasm': '#a78bfa',
  'transformers.js': '#4ade80',
  'transformers.js-webgpu': '#f472b6',
};

function PeerChart({ result }: { result: BenchResult }) {
  const groups = new Map<string, Record<string, number | string>>();
  for (const row of result.rows) {
    const key = row.group === 'prefill' ? 'prefill' : `batch ${row.B}`;
    const entry = groups.get(key) ?? { name: key };
    entry[String(row.engine)] = Number(row.tokens_per_s);
    groups.set(key, entry);
  }
  return (
    <div className="chart">
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={[...groups.values()]} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={CHART_GRID} />
          <XAxis dataKey="name" stroke={CHART_AXIS} fontSize={12} />
          <YAxis
            scale="log"
            domain={['auto', 'auto']}
            stroke={CHART_AXIS}
            fontSize={11}
            label={{ value: 'tokens/s (log)', angle: -90, position: 'insideLeft', fill: CHART_AXIS }}
          />
          <Tooltip contentStyle={CHART_TOOLTIP} />
          <Legend verticalAlign="top" />
          {ENGINES.map((engine) => (
            <Bar key={engine} dataKey={engine} fill={COLORS[engine]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function PeerComparison() {
  const { values, set } = useUrlParams(PARAMS);
  const [progress, setProgress] = useState<BenchProgress | null>(null);
  const [result, setResult] = useState<BenchResult | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [copied, setCopied] = useState(false);
  const running = progress !== null;
  const run = async () => {
    setError(null);
    setResult(null);
    setProgress({ done: 0, total: 1, note: 'loading the engines' });
    try {
      setResult(
        await runBench(
          connectEngine(),
          'decode-peers',
          { mode: values.mode, seed: values.seed },
          setProgress,
        ),
      );
    } catch (e) {
      setError(toShownError(e));
    } finally {
      setProgress(null);
    }
  };
  return (
    <section className="panel">
      <h2>The engines on this machine</h2>
      <p className="muted">
        The same model and prompts in our engine, onnxruntime-web and transformers.js (each on its WebGPU and
        wasm execution providers), greedy decoding at batch 1 to 32 and a 64-token prefill, interleaved so
        that a slower moment hits every engine alike. Quick: batches 1 and 8, one repeat (about a minute on a
        GPU); full: four batches, three repeats.
      </p>
      <div className="controls-row">
        <label>
          mode{' '}
          <select value={values.mode} onChange={(e) => set({ mode: e.target.value as 'quick' | 'full' })}>
            <option value="quick">quick</option>
            <option value="full">full</option>
          </select>
        </label>
        <button type="button" disabled={running} onClick={() => void run()}>
          {running ? 'Running…' : 'Run the comparison'}
        </button>
        {running && (
          <>
            <button type="button" onClick={() => void connectEngine().cancel()}>
              Cancel
            </button>
            <span className="muted" data-testid="bench-progress">
              {progress.done}/{progress.total} {progress.note}
            </span>
          </>
        )}
      </div>
      {error && <ErrorPanel title="The comparison could not run" error={error} />}
      {result && (
        <div data-testid="peer-result">
          <PeerChart result={result} />
          <ScrollRegion label="our engine against the peers, per runtime">
            <table className="data">
              <thead>
                <tr>
                  <th>measure</th>
                  <th>engine</th>
                  <th>tokens/s (median)</th>
                  <th>min – max</th>
                  <th>ours ÷ this</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((row) => (
                  <tr key={`${row.group}-${row.engine}-${row.B}`}>
                    <td>{row.group === 'prefill' ? 'prefill' : `decode, batch ${row.B}`}</td>
                    <td>{row.engine}</td>
                    <td>{row.tokens_per_s}</td>
                    <td>
                      {row.min} – {row.max}
                    </td>
                    <td>{row.ours_over_peer === null ? '—' : `${row.ours_over_peer}×`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {result.notes.map((note) => (
            <p key={note} className="muted small">
              {note}
            </p>
          ))}
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard.writeText(JSON.stringify(result, null, 2)).then(() => setCopied(true))
            }
          >
            {copied ? 'Copied' : 'Copy the JSON'}
          </button>
        </div>
      )}
    </section>
  );
}

function StepProfile() {
  const model = useModelStore((s) => s.info);
  const [profiles, setProfiles] = useState<StepProfiles | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setProfiles(await connectEngine().profileSteps());
    } catch (e) {
      setError(toShownError(e));
    } finally {
      setRunning(false);
    }
  };
  return (
    <section className="panel">
      <h2>Where a step's time goes</h2>
      <p className="muted">
        The GPU timeline of one decode step (the forward of batch 1; sampling excluded) and of one training
        step (forward, backward, AdamW on a seeded random batch) of the loaded model
        {model ? ` (${model.name})` : ''}, from timestamp queries: every bar is one dispatch, named by its
        WGSL file and entry point.
      </p>
      <button type="button" disabled={running || !model} onClick={() => void run()}>
        {running ? 'Profiling…' : 'Profile the loaded model'}
      </button>
      {error && <ErrorPanel title="The profile could not run" error={error} />}
      {profiles && !profiles.supported && (
        <p className="notice" data-testid="no-timestamps">
          This browser's adapter has no timestamp queries (the <code>timestamp-query</code> feature), so
          per-kernel times cannot be measured here; nothing is shown rather than a guess. Chromium exposes
          them by default on most GPUs.
        </p>
      )}
      {profiles?.supported && (
        <div data-testid="step-profiles">
          <KernelTimeline entries={profiles.decode} title={`One decode step of ${profiles.model}`} />
          <KernelTimeline
            entries={profiles.train}
            title={`One training step of ${profiles.model} (${profiles.trainBatch})`}
          />
        </div>
      )}
    </section>
  );
}

export function BenchPage() {
  const { problems } = useUrlParams(PARAMS);
  return (
    <main className="page">
      <h1>Bench</h1>
      <p className="lead">
        How our kernels compare with the runtimes people use to run small models in the browser, measured
        here, now, on your machine.
      </p>
      <Notices messages={problems} />
      <GpuGate>
        <PeerComparison />
        <StepProfile />
        <PublishedBenchmark scenario="decode-peers" />
      </GpuGate>
      <PublishedBenchmark scenario="coldstart" />
    </main>
  );
}
