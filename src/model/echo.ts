// How a message quotes a value it was given (a URL parameter, a model name, a config.json field):
// JSON-quoted, and past a few dozen characters cut to its start plus its length, so a 100 kB
// value gives a one-line message. In model/ because that is the lowest layer whose messages need
// it; the engine uses it directly and the UI through engine/api.ts.

/** Characters of a value a message shows before it cuts. */
export const ECHO_MAX = 40;

/** `value` as a message shows it: `"abc"`, or `"abcd…" (100000 characters)` when longer than `max`. */
export function echo(value: unknown, max = ECHO_MAX): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const characters = [...text];
  const quoted = (s: string) => (typeof value === 'string' ? JSON.stringify(s) : s);
  if (characters.length <= max) return quoted(text);
  return `${quoted(`${characters.slice(0, max).join('')}…`)} (${characters.length} characters)`;
}
