// The lab's method notes in the app (/notes, /notes/<id>): each method in our own words — what
// the paper claims, what the lab implements, where it departs, how the miniature measures it.
// Links between notes stay in the app; the method pages link here.
import { useCallback, useMemo } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import { NOTES, noteHtml } from '../notes/methodNotes.ts';

export function NotesPage() {
  const { id = 'README' } = useParams<{ id?: string }>();
  const [, navigate] = useLocation();
  const html = useMemo(() => (id in NOTES ? noteHtml(id) : null), [id]);
  // A link to another note (clicked, or Enter on it) navigates in the app instead of reloading
  // the page, which would start the GPU and load the model again.
  const article = useCallback(
    (element: HTMLElement | null) => {
      if (!element) return;
      const follow = (event: MouseEvent) => {
        const href = (event.target as HTMLElement).closest('a')?.getAttribute('href');
        if (!href?.startsWith('/notes')) return;
        event.preventDefault();
        navigate(href);
        window.scrollTo(0, 0);
      };
      element.addEventListener('click', follow);
      return () => element.removeEventListener('click', follow);
    },
    [navigate],
  );
  if (html === null) {
    return (
      <main className="page">
        <h1>No such note</h1>
        <p>
          There is no method note “{id}”. <Link href="/notes">See every note</Link>.
        </p>
      </main>
    );
  }
  return (
    <main className="page">
      {id !== 'README' && (
        <p className="small">
          <Link href="/notes">← every method note</Link>
        </p>
      )}
      <article
        className="note"
        data-testid="method-note"
        ref={article}
        // biome-ignore lint/security/noDangerouslySetInnerHtml: the lab's own notes, bundled at build time, raw HTML escaped by the renderer (notes/methodNotes.ts)
        dangerouslySetInnerHTML={{ __html: html }}
      />
    </main>
  );
}
