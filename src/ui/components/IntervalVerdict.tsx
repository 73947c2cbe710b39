// The one way a page shows a difference's verdict: the words of intervalVerdict (higher / lower /
// no detectable difference, read from the 95% interval) in the tone of that direction, after an
// optional lead such as "multiplex K=3 − discrete at k=32: +0.031 [−0.004, +0.066]". A table cell,
// a list item or inline text, as the study lays it out.
import type { ReactNode } from 'react';
import { type Direction, intervalVerdict } from '../../engine/api.ts';

/** The class a verdict is shown in: a gain green, a loss red, no detectable difference muted. */
export const VERDICT_TONE: Record<Direction, string> = {
  higher: 'ok',
  lower: 'bad',
  'no detectable difference': 'muted',
};

export function IntervalVerdict({
  low,
  high,
  subject,
  lead,
  as: Tag = 'span',
}: {
  /** The 95% interval of arm − base. */
  low: number;
  high: number;
  /** The arm measured, as the words name it ("CraEG higher"). */
  subject: string;
  /** What the verdict is about, shown before it and a dash. */
  lead?: ReactNode;
  as?: 'span' | 'td' | 'li';
}) {
  const verdict = intervalVerdict({ low, high }, subject);
  return (
    <Tag className={VERDICT_TONE[verdict.direction]} data-verdict={verdict.direction}>
      {lead}
      {lead ? ' — ' : null}
      {verdict.words}
    </Tag>
  );
}
