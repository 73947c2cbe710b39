// Kernels page: runs every matmul kernel on seeded random inputs on this machine's GPU and
// compares it with the CPU reference, then the loaded model's whole GPU forward against the CPU
// reference model; shows the adapter, its limits and features, and the published `matmul` and
// `train` benchmarks (public/results/) when there are.
import { useEffect, useState } from 'react';
import type { KernelCheck, ModelCheck } from '../../engine/api.ts';
import { connectEngine } from '../../engine/client.ts';
import { ErrorPanel, Notices } from '../components/ErrorPanel.tsx';
import { GpuGate } from '../components/GpuGate.tsx';
import { PublishedBenchmark } from '../components/PublishedBenchmark.tsx';
import { type ShownError, toShownError, useEngineStore } from '../store/engineStore.ts';
import { useModelStore } from '../store/modelStore.ts';
import { intParam, useUrlParams } from '../url.ts';

const PARAMS = { seed: intParam(1, 0, 2 ** 31 - 1) };

function CheckTable({ checks }: { checks: KernelCheck[] }) {
  return (
    <table className="data" data-testid="kernel-checks">
      <caption className="muted small">
        Tolerance: {checks[0]?.tolerance} (|GPU − CPU| ≤ atol + rtol·|CPU|). Each time is one small dispatch,
        mostly fixed overhead: the matmul benchmark below measures speed.
      </caption>
      <thead>
        <tr>
          <th>kernel</th>
          <th>M×N×K</th>
          <th>max |GPU − CPU|</th>
          <th>result</th>
          <th>GPU ms</th>
          <th>GFLOP/s</th>
        </tr>
      </thead>
      <tbody>
        {checks.map((c) => (
          <tr key={`${c.kernel}-${c.shape}`}>
            <td>
              <code>{c.kernel}</code>
            </td>
            <td>{c.shape}</td>
            <td>{c.maxAbsDiff.toExponential(2)}</td>
            <td className={c.ok ? 'ok' : 'bad'}>{c.ok ? 'matches' : 'MISMATCH'}</td>
            <td>{c.gpuMs.toFixed(3)}</td>
            <td>{c.gflops.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A WebGPU limit's camelCase name with line-break chances between its words. */
function CamelBreaks({ name }: { name: string }) {
  const words = name.split(/(?=[A-Z])/);
  return words.map((word, i) => (
    <span key={word + String(i)}>
      {i > 0 && <wbr />}
      {word}
    </span>
  ));
}

function AdapterDetails() {
  const status = useEngineStore((s) => s.status);
  if (!status) return null;
  const { adapter } = status;
  return (
    <section className="panel">
      <h2>Adapter</h2>
      <dl className="facts">
        <dt>vendor</dt>
        <dd>{adapter.vendor || '—'}</dd>
        <dt>architecture</dt>
        <dd>{adapter.architecture || '—'}</dd>
        <dt>fallback adapter</dt>
        <dd>{adapter.isFallbackAdapter ? 'yes (software)' : 'no'}</dd>
        <dt>GPU memory held</dt>
        <dd>
          {(status.gpuBytesInUse / 1024).toFixed(1)} KiB in {status.liveBuffers} buffers
        </dd>
        {Object.entries(adapter.limits).map(([name, value]) => (
          <div key={name} className="fact-row">
            <dt>
              <CamelBreaks name={name} />
            </dt>
            <dd>{value.toLocaleString('en-US')}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">Features: {adapter.features.join(', ') || 'none'}</p>
    </section>
  );
}

function KernelCheckPanel() {
  const { values, problems, set } = useUrlParams(PARAMS);
  const refreshStatus = useEngineStore((s) => s.refreshStatus);
  const [checks, setChecks] = useState<KernelCheck[] | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [running, setRunning] = useState(false);

  const run = async (seed: number) => {
    setRunning(true);
    setError(null);
    try {
      setChecks(await connectEngine().checkKernels(seed));
      await refreshStatus();
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setRunning(false);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run only when the seed changes
  useEffect(() => {
    void run(values.seed);
  }, [values.seed]);

  const allOk = checks?.every((c) => c.ok);
  return (
    <section className="panel">
      <h2>Kernel self-check</h2>
      <Notices messages={problems} />
      <p className="muted">
        Each kernel multiplies seeded random matrices (values in [−1, 1)) on the GPU; the CPU reference
        computes the same product in float64. Odd sizes exercise the bounds checks.
      </p>
      <div className="controls-row">
        <label>
          seed{' '}
          <input
            type="number"
            min={0}
            value={values.seed}
            onChange={(e) => {
              const seed = Number(e.target.value);
              if (Number.isInteger(seed) && seed >= 0) set({ seed });
            }}
          />
        </label>
        <button type="button" disabled={running} onClick={() => void run(values.seed)}>
          {running ? 'Running…' : 'Run again'}
        </button>
        {checks && (
          <span className={allOk ? 'ok' : 'bad'} data-testid="kernel-verdict">
            {allOk
              ? `All ${checks.length} kernels match the CPU reference`
              : 'A kernel does not match the reference'}
          </span>
        )}
      </div>
      {error && <ErrorPanel title="The check failed" error={error} />}
      {checks && <CheckTable checks={checks} />}
    </section>
  );
}

function ModelCheckPanel() {
  const { values } = useUrlParams(PARAMS);
  const info = useModelStore((s) => s.info);
  const [check, setCheck] = useState<ModelCheck | null>(null);
  const [error, setError] = useState<ShownError | null>(null);

  useEffect(() => {
    if (!info) return;
    let current = true;
    setCheck(null);
    setError(null);
    connectEngine()
      .checkModel(values.seed)
      .then((result) => current && setCheck(result))
      .catch((caught: unknown) => current && setError(toShownError(caught)));
    return () => {
      current = false;
    };
  }, [info, values.seed]);

  return (
    <section className="panel">
      <h2>Model forward check</h2>
      <p className="muted">
        The loaded model runs a seeded random prompt through every forward kernel on the GPU (embedding
        gather, RMSNorm, fused q/k/v matmul, RoPE and the KV-cache write, causal attention, SwiGLU, the tied
        head, log-softmax); the CPU reference model computes the same logits in plain TypeScript with float64
        sums.
      </p>
      {!info && <p className="muted">Waiting for a model…</p>}
      {error && <ErrorPanel title="The model check failed" error={error} />}
      {info && !check && !error && <p className="muted">Running {info.name} on the GPU and the CPU…</p>}
      {check && (
        <dl className="facts" data-testid="model-check">
          <dt>model</dt>
          <dd>{check.model}</dd>
          <dt>prompt</dt>
          <dd>
            {check.tokens} random tokens (seed {check.seed})
          </dd>
          <dt>max |GPU − CPU| / max |CPU|</dt>
          <dd>
            {check.relativeError.toExponential(2)} (bound {check.bound.toExponential(0)}){' '}
            <span className={check.ok ? 'ok' : 'bad'} data-testid="model-verdict">
              {check.ok ? 'matches the CPU reference' : 'MISMATCH'}
            </span>
          </dd>
          <dt>time</dt>
          <dd>
            GPU {check.gpuMs.toFixed(1)} ms (with upload and readback) · CPU reference{' '}
            {check.cpuMs.toFixed(1)} ms
          </dd>
        </dl>
      )}
    </section>
  );
}

export function KernelsPage() {
  return (
    <main className="page">
      <h1>Kernels</h1>
      <GpuGate>
        <div className="two-columns">
          <div>
            <KernelCheckPanel />
            <ModelCheckPanel />
          </div>
          <AdapterDetails />
        </div>
      </GpuGate>
      <PublishedBenchmark scenario="matmul" />
      <PublishedBenchmark scenario="train" />
    </main>
  );
}
