// Seeded mutations of a valid JSON file, for the checkpoint fuzz tests: edits of the text
// (characters flipped, cut, inserted, a number rewritten as NaN or 1e999) and edits at one key path
// (deleted, renamed, retyped, a huge, negative or fractional number, nesting 100,000 deep). A key
// edit says which path it changed, so a test can check that the error names that key.

export type Random = () => number;
export type JsonPath = (string | number)[];

export interface JsonMutation {
  text: string;
  /** The key path a key edit changed; null for an edit of the raw text. */
  path: JsonPath | null;
  kind: string;
}

const int = (random: Random, n: number) => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)];

/**
 * Stand-ins for what JSON.stringify cannot write (an array or object nested 100,000 deep, a
 * number that parses as Infinity): serializeJson swaps each for its text.
 */
export const DEEP_ARRAY = '@@deep-array@@';
export const DEEP_OBJECT = '@@deep-object@@';
const INFINITE = '@@1e999@@';
const DEPTH = 100_000;

/** Type changes and edge values; strings such as "NaN" stand for what JSON cannot hold. */
export const ODD_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  -1,
  1.5,
  -1e308,
  1e308,
  2 ** 53 + 2,
  '',
  '4',
  'NaN',
  'Infinity',
  'x'.repeat(100_000),
  [],
  {},
  [1, 2, 3],
  { a: 1 },
  DEEP_ARRAY,
  DEEP_OBJECT,
  INFINITE,
];

/** JSON text of `json`, with the stand-ins of ODD_VALUES written out (nesting, 1e999). */
export function serializeJson(json: unknown, indent?: number): string {
  return JSON.stringify(json, null, indent)
    .replaceAll(`"${DEEP_ARRAY}"`, `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`)
    .replaceAll(`"${DEEP_OBJECT}"`, `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`)
    .replaceAll(`"${INFINITE}"`, '1e999');
}

type Container = Record<string | number, unknown>;
const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/** A random path from the root: one step at least, then on into a non-empty child with probability 0.7. */
function randomPath(
  random: Random,
  root: Container,
): { parent: Container; key: string | number; path: JsonPath } {
  let parent = root;
  const path: JsonPath = [];
  for (;;) {
    const keys: (string | number)[] = Array.isArray(parent) ? parent.map((_, i) => i) : Object.keys(parent);
    const key = pick(random, keys);
    path.push(key);
    const child = parent[key];
    if (!isContainer(child) || Object.keys(child).length === 0 || random() < 0.3)
      return { parent, key, path };
    parent = child;
  }
}

function tweak(random: Random, value: unknown): unknown {
  if (typeof value === 'number')
    return pick(random, [value + 1, value - 1, value * 2, value / 2 + 0.25, -value, value * 1e6]);
  if (typeof value === 'string') return pick(random, [`${value}x`, '', value.toUpperCase(), ` ${value}`]);
  if (typeof value === 'boolean') return !value;
  if (Array.isArray(value)) return random() < 0.5 ? [...value, value[0]] : value.slice(1);
  if (isContainer(value)) return { ...value, extra: 1 };
  return 0;
}

/** One edit at a random key path of the parsed file. */
function mutateKey(random: Random, root: Container): JsonMutation {
  const { parent, key, path } = randomPath(random, root);
  const kinds = Array.isArray(parent)
    ? ['delete', 'retype', 'tweak']
    : ['delete', 'rename', 'retype', 'tweak'];
  const kind = pick(random, kinds);
  if (kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (kind === 'rename') {
    const renamed = pick(random, [`${key}x`, String(key).toUpperCase(), ` ${key}`]);
    const value = parent[key];
    delete parent[key];
    parent[renamed] = value;
  } else if (kind === 'retype') {
    parent[key] = pick(random, ODD_VALUES);
  } else {
    parent[key] = tweak(random, parent[key]);
  }
  return { text: serializeJson(root, 2), path, kind };
}

const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/g;

/** One edit of the raw text; most make it invalid JSON, some change a value or a key name. */
function mutateText(random: Random, text: string): JsonMutation {
  const at = int(random, text.length);
  const junk = () => String.fromCharCode(int(random, 128));
  switch (pick(random, ['flip', 'cut', 'insert', 'number'])) {
    case 'flip': {
      const chars = [...text];
      for (let n = 1 + int(random, 4); n > 0; n--) chars[int(random, chars.length)] = junk();
      return { text: chars.join(''), path: null, kind: 'flip' };
    }
    case 'cut':
      return { text: text.slice(0, at), path: null, kind: 'cut' };
    case 'insert':
      return { text: text.slice(0, at) + junk() + text.slice(at), path: null, kind: 'insert' };
    default: {
      const numbers = [...text.matchAll(NUMBER)];
      const { index, 0: literal } = pick(random, numbers);
      const replacement = pick(random, [
        'NaN',
        'Infinity',
        '-Infinity',
        '1e999',
        '-1e999',
        '0x10',
        '01',
        '1.',
      ]);
      return {
        text: text.slice(0, index) + replacement + text.slice(index + literal.length),
        path: null,
        kind: 'number',
      };
    }
  }
}

/** A seeded mutation of `valid` (a JSON object's text): a key edit or, one time in three, a text edit. */
export function mutateJson(random: Random, valid: string): JsonMutation {
  if (random() < 1 / 3) return mutateText(random, valid);
  return mutateKey(random, JSON.parse(valid) as Container);
}
