// Export buttons under a chart: PNG (the chart's SVG drawn onto a canvas at 2x) and CSV (the
// numbers behind it). Both download a file; nothing leaves the browser.
import type { RefObject } from 'react';
import { downloadBlob } from '../download.ts';

/** Renders the first <svg> in `container` to a PNG file. */
export async function exportPng(container: HTMLElement, fileName: string): Promise<void> {
  const svg = container.querySelector('svg');
  if (!svg) return;
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
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (png) downloadBlob(png, fileName);
  } finally {
    URL.revokeObjectURL(url);
  }
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
  return (
    <div className="chart-export">
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
