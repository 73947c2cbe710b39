// Where and when a published benchmark ran, in one line under its heading: mode, date, seed, commit,
// browser and adapter, and whether other work shared the machine (its timings are then inflated).
import type { PublishedResult } from '../../engine/api.ts';

export function PublishedProvenance({ result }: { result: PublishedResult }) {
  return (
    <p className="muted small">
      {result.mode} run of {result.generatedAt.slice(0, 10)}, seed {result.seed}, commit{' '}
      <code>{result.gitCommit.slice(0, 8)}</code>; {result.browser}; adapter {result.adapter.vendor}/
      {result.adapter.architecture}
      {result.machineShared ? '; the machine was shared during the run' : ''}.
    </p>
  );
}
