// Controls live in the URL (?seed=7&layout=nt) so a state can be shared and reproduced. Each
// parameter has a parser; a malformed value never crashes a page: the page falls back to the
// default and shows the message this module produces. A value the URL accepts but the page must
// still adjust (a layer past the model's last) gets the same message through paramNotice.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'wouter';
import { echo } from '../engine/api.ts';

export interface ParamSpec<T> {
  fallback: T;
  /** Returns the value, or a string explaining why `raw` is not acceptable. */
  parse(raw: string): T | { problem: string };
  format(value: T): string;
}

export function intParam(fallback: number, min: number, max: number): ParamSpec<number> {
  return {
    fallback,
    parse(raw) {
      if (!/^-?\d+$/.test(raw)) return { problem: `is not a whole number` };
      const value = Number(raw);
      return value < min || value > max ? { problem: `is outside ${min}..${max}` } : value;
    },
    format: String,
  };
}

export function floatParam(fallback: number, min: number, max: number): ParamSpec<number> {
  return {
    fallback,
    parse(raw) {
      if (!/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(raw)) return { problem: 'is not a number' };
      const value = Number(raw);
      return value < min || value > max ? { problem: `is outside ${min}..${max}` } : value;
    },
    format: String,
  };
}

/** Free text up to `maxLength` characters. */
export function textParam(fallback: string, maxLength = 1000): ParamSpec<string> {
  return {
    fallback,
    parse: (raw) => (raw.length > maxLength ? { problem: `is longer than ${maxLength} characters` } : raw),
    format: String,
  };
}

export function enumParam<T extends string>(fallback: T, options: readonly T[]): ParamSpec<T> {
  return {
    fallback,
    parse: (raw) =>
      (options as readonly string[]).includes(raw)
        ? (raw as T)
        : { problem: `is not one of ${options.join(', ')}` },
    format: String,
  };
}

/** A non-empty set of options, comma-separated in the URL (?ops=add,mul), kept in `options` order. */
export function listParam<T extends string>(fallback: readonly T[], options: readonly T[]): ParamSpec<T[]> {
  return {
    fallback: [...fallback],
    parse(raw) {
      const parts = raw.split(',').filter((p) => p !== '');
      const unknown = parts.filter((p) => !(options as readonly string[]).includes(p));
      if (unknown.length > 0)
        return { problem: `names ${unknown.join(', ')}, not one of ${options.join(', ')}` };
      if (parts.length === 0) return { problem: `names none of ${options.join(', ')}` };
      return options.filter((o) => parts.includes(o));
    },
    format: (value) => value.join(','),
  };
}

/**
 * The sentence for a URL parameter a page does not use as given: the parameter, its value (cut
 * when long), what was wrong, and what the page uses instead.
 */
export function paramNotice(name: string, raw: string, problem: string, used: string | number): string {
  return `URL parameter ${name}=${echo(raw)} ${problem}; using ${used}.`;
}

type Specs = Record<string, ParamSpec<unknown>>;
type Values<S extends Specs> = { [K in keyof S]: S[K]['fallback'] };

export interface UrlParams<S extends Specs> {
  values: Values<S>;
  /** One sentence per malformed parameter, saying what was wrong and what is used instead. */
  problems: string[];
  set(update: Partial<Values<S>>): void;
}

export function readParams<S extends Specs>(search: URLSearchParams, specs: S): Omit<UrlParams<S>, 'set'> {
  const values = {} as Values<S>;
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(specs) as [keyof S & string, ParamSpec<unknown>][]) {
    const raw = search.get(name);
    if (raw === null) {
      values[name] = spec.fallback as Values<S>[typeof name];
      continue;
    }
    const parsed = spec.parse(raw);
    if (parsed !== null && typeof parsed === 'object' && 'problem' in parsed) {
      problems.push(paramNotice(name, raw, String(parsed.problem), spec.format(spec.fallback)));
      values[name] = spec.fallback as Values<S>[typeof name];
    } else {
      values[name] = parsed as Values<S>[typeof name];
    }
  }
  return { values, problems };
}

export function useUrlParams<S extends Specs>(specs: S): UrlParams<S> {
  const [search, setSearch] = useSearchParams();
  const { values, problems } = useMemo(() => readParams(search, specs), [search, specs]);
  const set = useCallback(
    (update: Partial<Values<S>>) => {
      setSearch(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [name, value] of Object.entries(update)) next.set(name, specs[name].format(value));
          return next;
        },
        { replace: true },
      );
    },
    [setSearch, specs],
  );
  return { values, problems, set };
}

/** The spec of a number parameter, for its field. @throws RangeError for a parameter that is not a number */
export function numberSpec(specs: Specs, name: string): ParamSpec<number> {
  const spec = specs[name];
  if (typeof spec?.fallback !== 'number') throw new RangeError(`URL parameter ${name} is not a number`);
  return spec as ParamSpec<number>;
}
