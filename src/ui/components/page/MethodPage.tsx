// The scaffold of every method page (and of the RL and Trainer pages, the cores the methods train
// with): the header from the registry, the page's own lead, then controls | live mechanism |
// measured metrics once the GPU is ready, and the method's published study with its verdicts
// below. A method page supplies its parts; the frame, order and wording are the same everywhere.
import type { ReactNode } from 'react';
import { methodById } from '../../../engine/api.ts';
import { GpuGate } from '../GpuGate.tsx';
import { LabLayout } from './LabLayout.tsx';
import { MethodHeader } from './MethodHeader.tsx';
import { type PageError, PageShell } from './PageShell.tsx';

export function MethodPage({
  method: id,
  title,
  lead,
  problems,
  error,
  intro,
  controls,
  mechanism,
  metrics,
  study,
}: {
  /** The method's id in the registry. */
  method: string;
  /** The page's name when it is not the method's ("Decoding microscope" for CraEG). */
  title?: string;
  lead: ReactNode;
  problems: string[];
  error?: PageError | null;
  /** Between the header and the lab: how the method works, for a first visit. */
  intro?: ReactNode;
  controls: ReactNode;
  mechanism: ReactNode;
  metrics?: ReactNode;
  /** The published study: what the benchmark measured, with its verdicts. */
  study?: ReactNode;
}) {
  const method = methodById(id);
  return (
    <PageShell
      title={title ?? method.title}
      lead={lead}
      header={<MethodHeader method={method} />}
      problems={problems}
      error={error}
    >
      {intro}
      <GpuGate>
        <LabLayout controls={controls} mechanism={mechanism} metrics={metrics} />
      </GpuGate>
      {study && <div className="method-study">{study}</div>}
    </PageShell>
  );
}
