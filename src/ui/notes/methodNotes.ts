// The lab's method notes (docs/methods/*.md), bundled as text and rendered to HTML for the Notes
// page: a link to another note becomes a link to its page, a link to a file of the repository
// becomes its path in code (a visitor of the lab cannot open it), a file the app serves (public/)
// and an outside link open apart.
import { Marked, type Tokens } from 'marked';

const SOURCES = import.meta.glob<string>('../../../docs/methods/*.md', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Note id (file name without .md; 'README' is the index) → Markdown text. */
export const NOTES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SOURCES).map(([path, text]) => [(path.split('/').pop() ?? '').replace(/\.md$/, ''), text]),
);

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Where a note's link goes in the app: another note's page, an outside page, or nowhere (a file). */
export function linkTarget(
  href: string,
): { kind: 'note'; to: string } | { kind: 'outside'; to: string } | { kind: 'file'; path: string } {
  if (/^https?:\/\//.test(href)) return { kind: 'outside', to: href };
  const [file, anchor] = href.split('#');
  const note = file.match(/^(?:\.\/)?([A-Za-z]+)\.md$/);
  if (note)
    return { kind: 'note', to: `/notes/${note[1] === 'README' ? '' : note[1]}${anchor ? `#${anchor}` : ''}` };
  if (file === '' && anchor) return { kind: 'note', to: `#${anchor}` };
  const path = file.replace(/^(\.\.\/)+/, '');
  // The app serves public/ at its root: a published result or a model card opens as it is.
  if (path.startsWith('public/')) return { kind: 'outside', to: path.slice('public'.length) };
  return { kind: 'file', path };
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens. */
export function headingId(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

const marked = new Marked({
  gfm: true,
  renderer: {
    link({ href, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens);
      const target = linkTarget(href);
      if (target.kind === 'outside')
        return `<a href="${escapeHtml(target.to)}" target="_blank" rel="noreferrer">${text}</a>`;
      if (target.kind === 'note') return `<a href="${escapeHtml(target.to)}">${text}</a>`;
      return `<span class="note-file" title="in the lab's repository: ${escapeHtml(target.path)}">${text}</span>`;
    },
    heading({ tokens, depth, text }: Tokens.Heading) {
      return `<h${depth} id="${headingId(text)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
    },
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
  },
});

/** The note as HTML. @throws RangeError for an unknown id */
export function noteHtml(id: string): string {
  const text = NOTES[id];
  if (text === undefined) throw new RangeError(`there is no method note '${id}'`);
  return marked.parse(text, { async: false });
}
