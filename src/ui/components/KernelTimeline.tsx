// A Gantt chart of one step's kernels on the GPU timeline (timestamp queries): one lane per WGSL
// file, a bar per dispatch at its start and duration, each bar naming its file, entry point and
// kernel label on hover; beside it, the time per entry point, largest first.
import type { ProfileEntry } from '../../engine/api.ts';
import { CHART_AXIS, CHART_GRID } from './chartTheme.ts';

const COLORS = [
  '#60a5fa',
  '#f87171',
  '#4ade80',
  '#c084fc',
  '#fb923c',
  '#22d3ee',
  '#facc15',
  '#a1a1aa',
  '#f472b6',
  '#34d399',
];
const LANE = 18;
const LEFT = 170;
const WIDTH = 900;

export function KernelTimeline({ entries, title }: { entries: ProfileEntry[]; title: string }) {
  if (entries.length === 0) return null;
  const files = [...new Set(entries.map((e) => e.file))];
  const end = Math.max(...entries.map((e) => e.startMs + e.ms));
  const x = (ms: number) => LEFT + (ms / end) * (WIDTH - LEFT - 10);
  const totals = new Map<string, { file: string; entryPoint: string; ms: number; count: number }>();
  for (const e of entries) {
    const key = `${e.file}:${e.entryPoint}`;
    const t = totals.get(key) ?? { file: e.file, entryPoint: e.entryPoint, ms: 0, count: 0 };
    totals.set(key, { ...t, ms: t.ms + e.ms, count: t.count + 1 });
  }
  const busy = entries.reduce((sum, e) => sum + e.ms, 0);
  const height = files.length * LANE + 30;
  return (
    <div className="kernel-timeline">
      <h3>{title}</h3>
      <p className="muted small">
        {entries.length} dispatches, {busy.toFixed(2)} ms of kernel time over {end.toFixed(2)} ms of GPU
        timeline.
      </p>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-label={`${title}: kernel timeline`}
      >
        {files.map((file, lane) => (
          <g key={file}>
            <text x={LEFT - 8} y={lane * LANE + 13} textAnchor="end" fontSize={11} fill={CHART_AXIS}>
              {file}
            </text>
            <line
              x1={LEFT}
              x2={WIDTH - 10}
              y1={lane * LANE + LANE - 1}
              y2={lane * LANE + LANE - 1}
              stroke={CHART_GRID}
            />
          </g>
        ))}
        {entries.map((e, i) => (
          <rect
            // biome-ignore lint/suspicious/noArrayIndexKey: dispatches are in timeline order and never reorder
            key={i}
            x={x(e.startMs)}
            y={files.indexOf(e.file) * LANE + 2}
            width={Math.max(1, x(e.startMs + e.ms) - x(e.startMs))}
            height={LANE - 5}
            fill={COLORS[files.indexOf(e.file) % COLORS.length]}
          >
            <title>{`${e.file} · ${e.entryPoint} (${e.label}): ${e.ms.toFixed(3)} ms at ${e.startMs.toFixed(2)} ms`}</title>
          </rect>
        ))}
        <text x={LEFT} y={height - 6} fontSize={11} fill={CHART_AXIS}>
          0 ms
        </text>
        <text x={WIDTH - 10} y={height - 6} fontSize={11} fill={CHART_AXIS} textAnchor="end">
          {end.toFixed(1)} ms
        </text>
      </svg>
      <table className="data">
        <thead>
          <tr>
            <th>WGSL file</th>
            <th>entry point</th>
            <th>dispatches</th>
            <th>ms</th>
            <th>share</th>
          </tr>
        </thead>
        <tbody>
          {[...totals.values()]
            .sort((a, b) => b.ms - a.ms)
            .map((t) => (
              <tr key={`${t.file}:${t.entryPoint}`}>
                <td>
                  <code>{t.file}</code>
                </td>
                <td>
                  <code>{t.entryPoint}</code>
                </td>
                <td>{t.count}</td>
                <td>{t.ms.toFixed(3)}</td>
                <td>{((100 * t.ms) / busy).toFixed(1)}%</td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
