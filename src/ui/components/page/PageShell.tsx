// The frame every tool and method page shares: its title and lead, what sits under them (a method's
// paper line, a notice), the URL's problems and the page's error, then the page itself. One place,
// so every page reads the same way and names a bad URL value the same way.
import type { ReactNode } from 'react';
import type { ShownError } from '../../store/engineStore.ts';
import { ErrorPanel, Notices } from '../ErrorPanel.tsx';

export interface PageError {
  /** What could not run ("The microscope could not run"). */
  title: string;
  error: ShownError;
}

export function PageShell({
  title,
  lead,
  header,
  problems,
  error,
  children,
}: {
  title: string;
  lead?: ReactNode;
  /** Under the lead: a method's paper and note, a notice about the model. */
  header?: ReactNode;
  /** One sentence per malformed URL parameter (useUrlParams). */
  problems: string[];
  error?: PageError | null;
  children: ReactNode;
}) {
  return (
    <main className="page">
      <h1>{title}</h1>
      {lead && <p className="lead">{lead}</p>}
      {header}
      <Notices messages={problems} />
      {error && <ErrorPanel title={error.title} error={error.error} />}
      {children}
    </main>
  );
}
