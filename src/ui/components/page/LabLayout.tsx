// The three parts of a lab page, as the design has them: the controls on the left, the live
// mechanism in the centre and, where the page measures something, the metrics with their n and
// interval on the right. Narrow windows stack them in that order.
import type { ReactNode } from 'react';

export function LabLayout({
  controls,
  mechanism,
  metrics,
}: {
  controls: ReactNode;
  mechanism: ReactNode;
  metrics?: ReactNode;
}) {
  return (
    <div className={metrics ? 'lab-layout with-metrics' : 'lab-layout'}>
      {controls}
      <div className="lab-mechanism">{mechanism}</div>
      {metrics && <div className="lab-metrics">{metrics}</div>}
    </div>
  );
}
