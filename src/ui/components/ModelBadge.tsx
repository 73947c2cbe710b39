// The header's statement of which model the lab runs: its name, whether it was trained, its size;
// with more than one shipped model, a picker that writes ?model= and loads the choice.
import { Link, useSearchParams } from 'wouter';
import { useModelStore } from '../store/modelStore.ts';

function formatCount(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n);
}

export function ModelBadge() {
  const { phase, info, catalog, load } = useModelStore();
  const [, setSearch] = useSearchParams();
  if (phase === 'idle') return null;
  if (phase === 'loading') return <span className="badge badge-muted">Loading model…</span>;
  if (!info) return <span className="badge badge-error">No model</span>;
  const { config } = info;
  const title =
    `${info.description || info.name}\n${formatCount(info.parameters)} parameters: ` +
    `${config.num_hidden_layers} layers, hidden ${config.hidden_size}, ${config.num_attention_heads} heads ` +
    `(${config.num_key_value_heads} KV), head dim ${config.head_dim}, MLP ${config.intermediate_size}, ` +
    `${config.max_position_embeddings} positions`;
  const choose = (name: string) => {
    setSearch((previous) => {
      const next = new URLSearchParams(previous);
      next.set('model', name);
      return next;
    });
    void load(name);
  };
  return (
    <span className="badge badge-model" title={title} data-testid="model-badge">
      {catalog && catalog.models.length > 1 && info.source === 'shipped' ? (
        <select aria-label="Model" value={info.name} onChange={(e) => choose(e.target.value)}>
          {catalog.models.map((m) => (
            <option key={m.name} value={m.name}>
              {m.name}
            </option>
          ))}
        </select>
      ) : (
        <Link href="/models" className="model-link">
          <strong>{info.name}</strong>
        </Link>
      )}
      <span className="model-badge-size"> · {formatCount(info.parameters)} params</span> ·{' '}
      {info.trained === false ? 'untrained' : info.trained ? 'trained' : 'no card'}
      {info.rung === 'cpu' && ' · CPU reference'}
    </span>
  );
}
