// How many bytes a record takes in IndexedDB, estimated from the value itself: binary data by its
// length, text by its characters, 8 per number. Used to say how much a refused save needed, to
// list what the lab keeps with sizes, and to count a test's storage budget (storageFaults.ts).

/** The estimated bytes of `value` as IndexedDB keeps it (structured clone of plain data). */
export function recordBytes(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return value.length;
  if (typeof value === 'number' || typeof value === 'bigint') return 8;
  if (typeof value === 'boolean') return 1;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value.byteLength;
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + recordBytes(item), 0);
  if (typeof value === 'object')
    return Object.entries(value).reduce((n, [key, item]) => n + key.length + recordBytes(item), 0);
  return 0;
}
