// Under a chart: export buttons, PNG (the chart's SVG drawn onto a canvas at 2x) and CSV (the
// numbers behind it), both downloaded without leaving the browser; and the same numbers as a
// table behind a "numbers" toggle, so a screen reader or a keyboard user reads what the chart shows.
// chartPng alone draws a chart for a run bundle's charts/ (bundle/chartImages.ts).
import { type RefObject, useState } from 'react';
import { downloadBlob } from '../download.ts';
import { ScrollRegion } from './ScrollRegion.tsx';

/** The first <svg> in `container` drawn as a PNG, or null when it holds none. */
export async function chartPng(container: HTMLElement): Promise<Blob | null> {
  const svg = container.querySelector('svg');
  if (!svg) return null;
  const { width, height } = svg.getBoundingClientRect();
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  const url = URL.createObjectURL(
    new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }),
  );
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * 2);
    canvas.height = Math.ceil(height * 2);
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    context.fillStyle = getComputedStyle(document.body).backgroundColor || '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(2, 2);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Downloads the first <svg> in `container` as a PNG file. */
export async function exportPng(container: HTMLElement, fileName: string): Promise<void> {
  const png = await chartPng(container);
  if (png) downloadBlob(png, fileName);
}

/** A CSV file of `rows` under `header` (numbers as written, text quoted when needed). */
export function exportCsv(header: string[], rows: (string | number)[][], fileName: string): void {
  const cell = (v: string | number) =>
    typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  const text = [header, ...rows].map((row) => row.map(cell).join(',')).join('\n');
  downloadBlob(new Blob([`${text}\n`], { type: 'text/csv' }), fileName);
}

export function ChartExport({
  chart,
  name,
  csv,
}: {
  chart: RefObject<HTMLDivElement | null>;
  name: string;
  csv: () => { header: string[]; rows: (string | number)[][] };
}) {
  const [table, setTable] = useState<{ header: string[]; rows: (string | number)[][] } | null>(null);
  return (
    <div className="chart-export">
      <details className="chart-numbers" onToggle={(e) => setTable(e.currentTarget.open ? csv() : null)}>
        <summary>numbers</summary>
        {table && <NumbersTable name={name} {...table} />}
      </details>
      <button
        type="button"
        className="export-button"
        onClick={() => chart.current && void exportPng(chart.current, `${name}.png`)}
      >
        PNG
      </button>
      <button
        type="button"
        className="export-button"
        onClick={() => {
          const { header, rows } = csv();
          exportCsv(header, rows, `${name}.csv`);
        }}
      >
        CSV
      </button>
    </div>
  );
}

/** The chart's numbers, as its CSV has them. */
function NumbersTable({
  name,
  header,
  rows,
}: {
  name: string;
  header: string[];
  rows: (string | number)[][];
}) {
  const cell = (v: string | number) =>
    typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(4) : String(v);
  return (
    <ScrollRegion label={`the numbers of ${name}`}>
      <table className="data">
        <thead>
          <tr>
            {header.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the rows of a fixed export, never reordered
            <tr key={r}>
              {row.map((v, c) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the columns of a fixed export
                <td key={c}>{cell(v)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
