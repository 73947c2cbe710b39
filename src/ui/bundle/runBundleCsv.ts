// The CSV files of a run bundle (FORMATS.md): metrics.csv, one row per step point with a column
// per field of the kind's point (snake_case), and evals.csv, one row per category of each
// held-out evaluation, its `panel` column telling the target's categories from the retention
// panel's (a bundle saved before the panel has no such column: all target). Numbers are written as JavaScript prints them, so they read back exactly.
import { type EvalReport, echo } from '../../engine/api.ts';
import { malformed } from './bundleError.ts';

/** A point field's kind: always a number, or a number that may be missing (an empty cell). */
export type ColumnKind = 'number' | 'number-or-empty';

export const snakeCase = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$|^NaN$|^-?Infinity$/i;

function cellText(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function writeCsv(header: readonly string[], rows: readonly (string | number | null)[][]): string {
  return [header, ...rows]
    .map((row) => row.map(cellText).join(','))
    .join('\n')
    .concat('\n');
}

/** Rows of cells (quoted cells may hold commas, quotes and line breaks). @throws BundleError */
export function parseCsv(text: string, file: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') cell += text[i++];
      else quoted = false;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endCell();
      rows.push(row);
      row = [];
    } else cell += c;
  }
  if (quoted) throw malformed(file, `line ${rows.length + 1}`, 'a quoted cell is never closed');
  if (cell !== '' || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}

/** The CSV's rows as records by header name; every name of `required` must be a column. */
function records(text: string, file: string, required: readonly string[]) {
  const [header, ...rows] = parseCsv(text, file);
  if (!header) throw malformed(file, '', 'the file is empty (it needs a header row)');
  const missing = required.filter((name) => !header.includes(name));
  if (missing.length > 0) throw malformed(file, 'the header', `it lacks the column ${missing.join(', ')}`);
  return rows.map((cells, r) => {
    const where = `line ${r + 2}`;
    if (cells.length !== header.length)
      throw malformed(file, where, `${cells.length} cells where the header has ${header.length}`);
    const number = (name: string, empty = false): number | null => {
      const cell = cells[header.indexOf(name)];
      if (empty && cell === '') return null;
      if (!NUMBER.test(cell)) throw malformed(file, where, `${echo(cell)} in column ${name} is not a number`);
      return Number(cell);
    };
    const text = (name: string) => cells[header.indexOf(name)];
    /** The cell of a column older files lack, or null in such a file. */
    const optional = (name: string): string | null => (header.includes(name) ? text(name) : null);
    return { number, text, optional };
  });
}

export function pointsToCsv<P>(columns: Record<keyof P & string, ColumnKind>, points: readonly P[]): string {
  const fields = Object.keys(columns) as (keyof P & string)[];
  return writeCsv(
    fields.map(snakeCase),
    points.map((p) => fields.map((f) => p[f] as number | null)),
  );
}

/** @throws BundleError naming the line and column of a cell that is not a number */
export function pointsFromCsv<P>(
  columns: Record<keyof P & string, ColumnKind>,
  text: string,
  file = 'metrics.csv',
): P[] {
  const fields = Object.entries(columns) as [keyof P & string, ColumnKind][];
  return records(
    text,
    file,
    fields.map(([f]) => snakeCase(f)),
  ).map(
    (row) =>
      Object.fromEntries(
        fields.map(([f, kind]) => [f, row.number(snakeCase(f), kind === 'number-or-empty')]),
      ) as P,
  );
}

const EVAL_COLUMNS = ['step', 'tokens', 'ms', 'category', 'n', 'correct', 'format_ok'] as const;
const PANELS = ['target', 'retention'] as const;

export function evalsToCsv(evals: readonly EvalReport[]): string {
  return writeCsv(
    [...EVAL_COLUMNS, 'panel'],
    evals.flatMap((e) =>
      PANELS.flatMap((panel) =>
        ((panel === 'target' ? e.categories : e.retention) ?? []).map((c) => [
          e.step,
          e.tokens,
          e.ms,
          c.name,
          c.n,
          c.correct,
          c.formatOk,
          panel,
        ]),
      ),
    ),
  );
}

/** Reports in the order their rows come, categories in row order. @throws BundleError */
export function evalsFromCsv(text: string, file = 'evals.csv'): EvalReport[] {
  const reports: EvalReport[] = [];
  for (const row of records(text, file, EVAL_COLUMNS)) {
    const step = row.number('step') as number;
    let report = reports.at(-1);
    if (report?.step !== step) {
      report = {
        step,
        tokens: row.number('tokens') as number,
        ms: row.number('ms') as number,
        categories: [],
      };
      reports.push(report);
    }
    const category = {
      name: row.text('category'),
      n: row.number('n') as number,
      correct: row.number('correct') as number,
      formatOk: row.number('format_ok') as number,
    };
    const panel = row.optional('panel') ?? 'target';
    if (panel === 'target') report.categories.push(category);
    else if (panel === 'retention') report.retention = [...(report.retention ?? []), category];
    else
      throw malformed(file, `step ${step}`, `${echo(panel)} in column panel is neither target nor retention`);
  }
  return reports;
}
