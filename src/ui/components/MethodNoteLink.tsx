// The line under a method page's title that opens the lab's note on the method (/notes/<id>):
// the paper's claims, what we implement, where we depart, how the miniature measures it.
import { Link } from 'wouter';

export function MethodNoteLink({ id, title }: { id: string; title: string }) {
  return (
    <p className="small" data-testid="method-note-link">
      <Link href={`/notes/${id}`}>The method note on {title}</Link>: what the paper claims, what the lab
      implements, where it departs, and how the miniature measures it.
    </p>
  );
}
