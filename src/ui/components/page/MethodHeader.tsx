// A method page's header, read from the registry: the paper (authors, year, title, arXiv link),
// the label saying which details the page shows are the lab's reconstruction, and the link to the
// lab's note on the method. The lab's own trainer (no paper) gets only its note.
import { Link } from 'wouter';
import type { MethodEntry } from '../../../engine/api.ts';

export function MethodHeader({ method }: { method: MethodEntry }) {
  const { paper } = method;
  return (
    <div className="method-header">
      {paper && (
        <p className="small" data-testid="method-paper">
          After {paper.authors} ({paper.year}), <cite>{paper.title}</cite>,{' '}
          <a href={`https://arxiv.org/abs/${paper.arxiv}`} target="_blank" rel="noreferrer">
            arXiv {paper.arxiv}
          </a>
          .
        </p>
      )}
      {method.reconstructed && (
        <p className="notice small" data-testid="recon-label">
          <strong>Our reconstruction:</strong> {method.reconstructed}{' '}
          <Link href={`/notes/${method.id}#3-where-the-lab-departs-from-the-paper-or-reconstructs-a-detail`}>
            Where the lab departs
          </Link>
          .
        </p>
      )}
      <p className="small" data-testid="method-note-link">
        <Link href={`/notes/${method.id}`}>The lab's note on {method.title}</Link>: what the paper claims,
        what the lab implements, where it departs, and how the miniature measures it.
      </p>
    </div>
  );
}
