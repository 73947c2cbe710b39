// Splits a published benchmark's rows into the tables a reader takes in: one per `group` where
// rows carry one (decode / prefill / profile, cube / train / decode), else one per set of filled
// columns (a training run's summary rows apart from its per-kernel and per-shape rows). Each table keeps only
// the columns some row of it fills, in the order of the first row, and no `group` column (it is
// the table's caption).
import type { BenchRow } from '../../engine/api.ts';

export interface BenchmarkTable {
  caption: string | null;
  columns: string[];
  rows: BenchRow[];
}

const filled = (value: unknown) => value !== null && value !== undefined;

function partitionKey(row: BenchRow): string {
  if (typeof row.group === 'string') return `group:${row.group}`;
  return Object.keys(row)
    .filter((column) => filled(row[column]))
    .join('|');
}

export function benchmarkTables(rows: BenchRow[]): BenchmarkTable[] {
  const partitions = new Map<string, BenchRow[]>();
  for (const row of rows) {
    const key = partitionKey(row);
    partitions.set(key, [...(partitions.get(key) ?? []), row]);
  }
  return [...partitions.values()].map((members) => {
    const order = [...new Set(members.flatMap((row) => Object.keys(row)))];
    const columns = order.filter(
      (column) => column !== 'group' && members.some((row) => filled(row[column])),
    );
    const group = members[0]?.group;
    const caption =
      typeof group === 'string'
        ? group
        : columns.includes('shape')
          ? 'matmuls by shape'
          : columns.includes('kernel')
            ? 'profile'
            : null;
    return { caption, columns, rows: members };
  });
}
