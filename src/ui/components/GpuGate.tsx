// Renders its children only when the GPU is ready. Otherwise it explains: WebGPU missing (and how
// to enable it), the device lost (with a restart button), or still starting.
import type { ReactNode } from 'react';
import { useEngineStore } from '../store/engineStore.ts';
import { ErrorPanel } from './ErrorPanel.tsx';

const ENABLE_STEPS = [
  'Chrome or Edge 113+ on Windows, macOS or ChromeOS: WebGPU is on by default; update the browser.',
  'Chrome on Linux or Android: open chrome://flags/#enable-unsafe-webgpu, enable it, and relaunch.',
  'Headless Chromium without a GPU: --enable-unsafe-webgpu --use-webgpu-adapter=swiftshader.',
  'Firefox 141+ (Windows) and Safari 26+: WebGPU is on by default; older versions need a flag.',
  'Open the lab from http://localhost or https:// — WebGPU is only offered to secure pages.',
];

export function GpuGate({ children }: { children: ReactNode }) {
  const { phase, error, start } = useEngineStore();
  if (phase === 'ready') return <>{children}</>;
  if (phase === 'starting') return <p className="muted">Acquiring the GPU…</p>;
  if (!error) return null;
  if (phase === 'lost') {
    return (
      <ErrorPanel title="The GPU device was lost" error={error}>
        <button type="button" onClick={() => void start()}>
          Restart GPU
        </button>
      </ErrorPanel>
    );
  }
  return (
    <ErrorPanel
      title={phase === 'unavailable' ? 'WebGPU is not available here' : 'The GPU failed to start'}
      error={error}
    >
      <h3>How to enable WebGPU</h3>
      <ul>
        {ENABLE_STEPS.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ul>
      <button type="button" onClick={() => void start()}>
        Try again
      </button>
    </ErrorPanel>
  );
}
