// One attention head as a heatmap: row p is how position p attended to positions 0..p (causal, so
// the upper triangle is empty). The selected query row is outlined. Drawn on a canvas: a 100-token
// sequence is 10,000 cells per head and a dozen heads are on screen.
import { useEffect, useRef } from 'react';

/** Dark blue -> cyan -> yellow: probability 0 -> 1 (sqrt scale, so small weights stay visible). */
export function heatColor(p: number): string {
  const v = Math.sqrt(Math.max(0, Math.min(1, p)));
  const stops = [
    [14, 20, 40],
    [32, 120, 180],
    [125, 211, 252],
    [251, 191, 36],
  ];
  const x = v * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const c = stops[i].map((a, k) => Math.round(a + f * (stops[i + 1][k] - a)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

interface HeatmapProps {
  /** [P, S] probabilities, row-major with row stride S. */
  rows: Float32Array;
  positions: number;
  stride: number;
  selectedRow: number | null;
  size: number;
  label: string;
  onClick?: () => void;
  active?: boolean;
}

export function AttentionHeatmap({
  rows,
  positions,
  stride,
  selectedRow,
  size,
  label,
  onClick,
  active,
}: HeatmapProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const cell = size / Math.max(1, positions);
    context.fillStyle = '#0b1020';
    context.fillRect(0, 0, size, size);
    for (let p = 0; p < positions; p++) {
      for (let s = 0; s <= p && s < positions; s++) {
        context.fillStyle = heatColor(rows[p * stride + s]);
        context.fillRect(s * cell, p * cell, Math.ceil(cell), Math.ceil(cell));
      }
    }
    if (selectedRow !== null && selectedRow < positions) {
      context.strokeStyle = '#ffffff';
      context.lineWidth = Math.max(1, Math.min(2, cell / 3));
      context.strokeRect(0.5, selectedRow * cell + 0.5, size - 1, Math.max(1, cell - 1));
    }
  }, [rows, positions, stride, selectedRow, size]);
  const image = <canvas ref={canvas} width={size} height={size} aria-label={label} />;
  return (
    <figure className={active ? 'heatmap active' : 'heatmap'}>
      {onClick ? (
        <button type="button" onClick={onClick} title={`Show ${label} large`}>
          {image}
        </button>
      ) : (
        image
      )}
      <figcaption className="small muted">{label}</figcaption>
    </figure>
  );
}
