// Which rung the model computes on: our kernels on a GPU, our kernels on SwiftShader (WebGPU
// emulated on the CPU), or the CPU reference in plain TypeScript (no WebGPU).
import type { Rung } from '../../engine/api.ts';

const RUNGS: Record<Rung, { label: string; className: string; title: string }> = {
  gpu: { label: 'GPU', className: 'badge-ok', title: 'Our WGSL kernels on a hardware GPU' },
  swiftshader: {
    label: 'SwiftShader',
    className: 'badge-warn',
    title: 'Our WGSL kernels on SwiftShader, a CPU emulation of a GPU (~100x slower than hardware)',
  },
  cpu: {
    label: 'CPU reference',
    className: 'badge-warn',
    title: 'No WebGPU: the plain-TypeScript reference model, slow and obviously right',
  },
};

export function RungBadge({ rung }: { rung: Rung }) {
  const { label, className, title } = RUNGS[rung];
  return (
    <p>
      <span className={`badge ${className}`} title={title} data-testid="rung-badge">
        rung: {label}
      </span>
    </p>
  );
}
