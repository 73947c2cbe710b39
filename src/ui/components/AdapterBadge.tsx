// The header's statement of where the lab computes: a real GPU, SwiftShader (CPU emulation), or
// nowhere yet. SwiftShader gets a warning colour: everything is ~100x slower than on a GPU.
import { useEngineStore } from '../store/engineStore.ts';

export function AdapterBadge() {
  const { phase, status } = useEngineStore();
  if (phase === 'starting') return <span className="badge badge-muted">Starting GPU…</span>;
  if (phase === 'unavailable' || phase === 'failed')
    return <span className="badge badge-error">No WebGPU</span>;
  if (phase === 'lost') return <span className="badge badge-error">GPU lost</span>;
  if (!status) return null;
  const { adapter } = status;
  const name =
    [adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' · ') ||
    'unknown adapter';
  if (adapter.rung === 'swiftshader') {
    return (
      <span className="badge badge-warn" title={`Adapter: ${name}`} data-testid="adapter-badge">
        SwiftShader: CPU emulation, slow
      </span>
    );
  }
  return (
    <span className="badge badge-ok" title="WebGPU on a hardware adapter" data-testid="adapter-badge">
      GPU: {name}
    </span>
  );
}
