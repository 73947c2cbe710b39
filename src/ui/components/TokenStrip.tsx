// A sequence as the model sees it: one chip per token (special tokens and newlines spelled out).
// Generated tokens can be selected; an optional weight per token tints its chip, so one row of
// attention reads as "where the model looked".
import { VOCABULARY } from '../../engine/api.ts';

export function tokenLabel(id: number): string {
  const text = VOCABULARY[id] ?? `#${id}`;
  if (text === '\n') return '↵';
  if (text === ' ') return '␣';
  return text;
}

interface TokenStripProps {
  prompt: number[];
  generated: number[];
  selected: number | null;
  onSelect?: (step: number) => void;
  /** Weight per position (prompt first), 0..1; tints are relative to the largest. */
  weights?: ArrayLike<number>;
}

export function TokenStrip({ prompt, generated, selected, onSelect, weights }: TokenStripProps) {
  const chip = (id: number, position: number, step: number | null) => {
    const weight = weights ? (weights[position] ?? 0) : 0;
    const style = weights
      ? { background: `rgba(125, 211, 252, ${Math.min(1, weight).toFixed(3)})` }
      : undefined;
    const classes = [
      'token-chip',
      step === null ? 'prompt' : 'generated',
      step !== null && step === selected ? 'selected' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const title = `position ${position}${weights ? `, attention ${(weight * 100).toFixed(1)}%` : ''}`;
    if (step === null || !onSelect) {
      return (
        <span key={position} className={classes} style={style} title={title}>
          {tokenLabel(id)}
        </span>
      );
    }
    return (
      <button
        key={position}
        type="button"
        className={classes}
        style={style}
        title={title}
        onClick={() => onSelect(step)}
      >
        {tokenLabel(id)}
      </button>
    );
  };
  return (
    <div className="token-strip" data-testid="token-strip">
      {prompt.map((id, p) => chip(id, p, null))}
      {generated.map((id, t) => chip(id, prompt.length + t, t))}
    </div>
  );
}
