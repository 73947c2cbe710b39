// A region that scrolls sideways when its table or chart is wider than the panel. It takes the
// keyboard focus (tabIndex 0) and carries a name, so a keyboard user can scroll it with the arrow
// keys and a screen reader announces what it holds (axe: scrollable-region-focusable).
import type { ReactNode } from 'react';

export function ScrollRegion({
  label,
  className = '',
  children,
}: {
  /** What the region holds, e.g. "rollouts of step 12". */
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard
    <section className={`table-scroll ${className}`.trim()} tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
