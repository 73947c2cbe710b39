// Renders model text the way the tokenizer sees it: each special token as one chip, newlines
// as a visible ↵ followed by a line break, every other character as itself.
import { SPECIAL_TOKENS } from '../../engine/api.ts';

const SPECIAL = new RegExp(`(${SPECIAL_TOKENS.map((t) => t.replace(/[<>/]/g, (c) => `\\${c}`)).join('|')})`);

export function TokenText({ text }: { text: string }) {
  const parts = text.split(SPECIAL).filter((part) => part !== '');
  return (
    <code className="token-text">
      {parts.map((part, i) =>
        (SPECIAL_TOKENS as readonly string[]).includes(part) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed string, never reordered
          <span key={i} className="special-token">
            {part}
          </span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed string, never reordered
          <span key={i}>{part.replaceAll('\n', '↵\n')}</span>
        ),
      )}
    </code>
  );
}
