// The method notes as the Notes page renders them: every note of the registry's methods exists,
// links are rewritten for the app (notes to their pages, outside links apart, repository files as
// text), and raw HTML in a note is shown as text.
import { describe, expect, it } from 'vitest';
import { headingId, linkTarget, NOTES, noteHtml } from './methodNotes.ts';

describe('method notes', () => {
  it('has the index and a note for each method with a paper', () => {
    for (const id of [
      'README',
      'grpo',
      'oel',
      'craeg',
      'multiplex',
      'asyncthink',
      'rpt',
      'lhrm',
      'rrm',
      'icon',
      'selfbudgeter',
    ])
      expect(NOTES[id]?.length ?? 0).toBeGreaterThan(500);
  });

  it('rewrites links for the app', () => {
    expect(linkTarget('grpo.md')).toEqual({ kind: 'note', to: '/notes/grpo' });
    expect(linkTarget('README.md')).toEqual({ kind: 'note', to: '/notes/' });
    expect(linkTarget('multiplex.md#4-the-miniature')).toEqual({
      kind: 'note',
      to: '/notes/multiplex#4-the-miniature',
    });
    expect(linkTarget('https://arxiv.org/abs/2601.22536')).toEqual({
      kind: 'outside',
      to: 'https://arxiv.org/abs/2601.22536',
    });
    expect(linkTarget('../../src/methods/craeg/study.ts')).toEqual({
      kind: 'file',
      path: 'src/methods/craeg/study.ts',
    });
  });

  it('gives headings the anchors GitHub gives them', () => {
    expect(headingId('4. The miniature: task and measurement')).toBe('4-the-miniature-task-and-measurement');
    expect(noteHtml('craeg')).toContain('id="1-what-the-paper-claims"');
  });

  it('renders a note with its links rewritten and no raw HTML', () => {
    const html = noteHtml('craeg');
    expect(html).toContain('<h1');
    expect(html).toContain('href="https://arxiv.org/abs/2601.22536" target="_blank"');
    expect(html).not.toMatch(/href="\.\.\//);
    expect(html).toContain('class="note-file"');
    expect(() => noteHtml('nope')).toThrow(/no method note 'nope'/);
  });
});
