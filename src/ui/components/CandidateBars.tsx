// The next-token distribution of one generation step: the top candidates with their probability
// under the raw softmax and under the distribution actually sampled from (after temperature,
// top-k, top-p), the sampled token marked.
import type { Candidate } from '../../engine/api.ts';
import { tokenLabel } from './TokenStrip.tsx';

export function CandidateBars({ candidates, sampled }: { candidates: Candidate[]; sampled: number }) {
  return (
    <table className="candidate-bars" data-testid="candidate-bars">
      <thead>
        <tr>
          <th>token</th>
          <th>sampled from (q)</th>
          <th>raw softmax</th>
        </tr>
      </thead>
      <tbody>
        {candidates.map((c) => (
          <tr key={c.token} className={c.token === sampled ? 'sampled' : undefined}>
            <td>
              <code>{tokenLabel(c.token)}</code>
              {c.token === sampled && <span className="small ok"> ◀ sampled</span>}
            </td>
            <td>
              <span className="bar" style={{ width: `${(c.processed * 100).toFixed(1)}%` }} />
              <span className="bar-value">{(c.processed * 100).toFixed(1)}%</span>
            </td>
            <td>
              <span className="bar bar-raw" style={{ width: `${(c.raw * 100).toFixed(1)}%` }} />
              <span className="bar-value">{(c.raw * 100).toFixed(1)}%</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
