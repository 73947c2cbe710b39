// The embedding table in 2-D (its first two principal components, computed by us from the unit
// rows CraEG's crowding uses): every token a faint label; the current step's candidates as
// circles whose area is their final probability, so a "crowd" of near neighbours sharing the mass
// is visible at a glance. The taken token is ringed.
import type { Candidate, EmbeddingMap } from '../../../engine/api.ts';
import { CHART_GRID } from '../chartTheme.ts';
import { tokenLabel } from '../TokenStrip.tsx';

const SIZE = 340;
const PAD = 18;

export function EmbeddingMapView({
  map,
  candidates,
  chosen,
}: {
  map: EmbeddingMap;
  candidates: Candidate[];
  chosen: number | null;
}) {
  const V = map.coordinates.length / 2;
  const xs = Array.from({ length: V }, (_, v) => map.coordinates[2 * v]);
  const ys = Array.from({ length: V }, (_, v) => map.coordinates[2 * v + 1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const px = (x: number) => PAD + ((x - x0) / (x1 - x0 || 1)) * (SIZE - 2 * PAD);
  const py = (y: number) => SIZE - PAD - ((y - y0) / (y1 - y0 || 1)) * (SIZE - 2 * PAD);
  return (
    <figure className="embedding-map" data-testid="embedding-map">
      <svg viewBox={`0 0 ${SIZE} ${SIZE}`} width={SIZE} height={SIZE} role="img" aria-label="embedding map">
        <rect x={0} y={0} width={SIZE} height={SIZE} fill="none" stroke={CHART_GRID} />
        {xs.map((x, v) => (
          <text
            // biome-ignore lint/suspicious/noArrayIndexKey: v is the token id, a stable identity
            key={v}
            x={px(x)}
            y={py(ys[v])}
            className="map-token"
            textAnchor="middle"
            dominantBaseline="middle"
          >
            {tokenLabel(v).length > 3 ? '·' : tokenLabel(v)}
          </text>
        ))}
        {candidates.map((c) => (
          <circle
            key={c.token}
            cx={px(xs[c.token])}
            cy={py(ys[c.token])}
            r={3 + 22 * Math.sqrt(c.processed)}
            className={c.token === chosen ? 'map-candidate taken' : 'map-candidate'}
          >
            <title>
              {tokenLabel(c.token)}: {(100 * c.processed).toFixed(1)}%
            </title>
          </circle>
        ))}
      </svg>
      <figcaption className="muted small">
        PCA of the unit embedding rows: the axes explain {(100 * map.explained[0]).toFixed(0)}% and{' '}
        {(100 * map.explained[1]).toFixed(0)}% of their variance. Circle area: the candidate's final
        probability.
      </figcaption>
    </figure>
  );
}
