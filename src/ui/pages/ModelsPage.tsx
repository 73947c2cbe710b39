// Models page: which model the lab runs and how much GPU memory it holds; load a shipped model, a
// checkpoint folder from your files (picker or drag and drop; kept in this browser), a saved one,
// or a fresh random init of a config you choose; download it as a folder (with its ONNX export);
// free the GPU memory.
import { type DragEvent, useEffect, useState } from 'react';
import { useSearchParams } from 'wouter';
import { connectEngine } from '../../engine/client.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { fieldMaker } from '../components/fields/fieldMaker.tsx';
import { StorageList } from '../components/storage/StorageList.tsx';
import { downloadFolder } from '../download.ts';
import { type ShownError, toShownError, useEngineStore } from '../store/engineStore.ts';
import { useModelStore } from '../store/modelStore.ts';
import { intParam } from '../url.ts';

const CHECKPOINT_FILES = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'];

function kib(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

async function readFiles(list: FileList | File[]): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  for (const file of Array.from(list)) {
    if (CHECKPOINT_FILES.includes(file.name)) files[file.name] = new Uint8Array(await file.arrayBuffer());
  }
  return files;
}

function CurrentModel() {
  const { info, phase, unload } = useModelStore();
  const [downloadError, setDownloadError] = useState<ShownError | null>(null);
  const download = async (name: string) => {
    try {
      setDownloadError(null);
      downloadFolder(name, await connectEngine().loadedModelFiles());
    } catch (error) {
      setDownloadError(toShownError(error));
    }
  };
  const status = useEngineStore((s) => s.status);
  if (phase === 'loading') return <p className="muted">Loading…</p>;
  if (!info) return <p className="muted">No model is loaded.</p>;
  const c = info.config;
  const onCpu = info.rung === 'cpu';
  return (
    <div data-testid="current-model">
      <dl className="facts">
        <dt>name</dt>
        <dd>{info.name}</dd>
        <dt>from</dt>
        <dd>{info.source === 'shipped' ? info.url : info.source}</dd>
        <dt>runs on</dt>
        <dd>{onCpu ? 'the CPU reference (no WebGPU)' : `our kernels (${info.rung})`}</dd>
        <dt>parameters</dt>
        <dd>{info.parameters.toLocaleString('en-US')}</dd>
        <dt>shape</dt>
        <dd>
          {c.num_hidden_layers} layers · hidden {c.hidden_size} · {c.num_attention_heads} heads (
          {c.num_key_value_heads} KV) of {c.head_dim} · MLP {c.intermediate_size} ·{' '}
          {c.max_position_embeddings} positions
        </dd>
        <dt>GPU memory</dt>
        {onCpu ? (
          <dd data-testid="model-gpu-bytes">none: the CPU reference keeps it in this tab's memory</dd>
        ) : (
          <dd data-testid="model-gpu-bytes">
            {kib(info.gpuBytes)} for the model
            {status && ` · ${kib(status.gpuBytesInUse)} in ${status.liveBuffers} buffers in all`}
          </dd>
        )}
      </dl>
      <p className="muted">{info.description}</p>
      <div className="controls-row">
        <button type="button" onClick={() => void unload()}>
          {onCpu ? 'Unload it' : 'Unload and free its GPU memory'}
        </button>
        <button type="button" onClick={() => void download(info.name)}>
          Download its folder (zip, with onnx/model.onnx)
        </button>
      </div>
      {downloadError && <ErrorPanel title="The folder could not be made" error={downloadError} />}
    </div>
  );
}

function FromFiles() {
  const loadFiles = useModelStore((s) => s.loadFiles);
  const [name, setName] = useState('my-model');
  const [over, setOver] = useState(false);
  const take = async (list: FileList | File[]) => void loadFiles(name, await readFiles(list));
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void take(event.dataTransfer.files);
  };
  return (
    <section className="panel">
      <h2>From your files</h2>
      <p className="muted">
        An HF Llama checkpoint folder of this lab's vocabulary: <code>config.json</code> and{' '}
        <code>model.safetensors</code> (F32, F16 or BF16), with <code>tokenizer.json</code> if you have it.
        Every tensor is checked before anything is loaded; the model is kept in this browser.
      </p>
      <label>
        name{' '}
        <input value={name} onChange={(e) => setName(e.target.value)} pattern="[A-Za-z0-9][A-Za-z0-9._-]*" />
      </label>
      <section
        aria-label="Drop checkpoint files here"
        className={over ? 'drop-zone over' : 'drop-zone'}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        data-testid="drop-zone"
      >
        Drop the files here, or{' '}
        <label className="file-button">
          choose them
          <input
            type="file"
            multiple
            accept=".json,.safetensors"
            onChange={(e) => e.target.files && void take(e.target.files)}
          />
        </label>
      </section>
    </section>
  );
}

function Saved() {
  const { saved, refreshSaved, loadSaved, deleteSaved } = useModelStore();
  useEffect(() => {
    void refreshSaved();
  }, [refreshSaved]);
  return (
    <section className="panel">
      <h2>Saved in this browser</h2>
      {saved.length === 0 && <p className="muted">None yet: models you load from files are kept here.</p>}
      <ul className="saved-models" data-testid="saved-models">
        {saved.map((m) => (
          <li key={m.id}>
            <strong>{m.name}</strong>{' '}
            <span className="muted small">
              {m.parameters.toLocaleString('en-US')} params · {kib(m.bytes)} ·{' '}
              {m.savedAt.slice(0, 16).replace('T', ' ')}
            </span>{' '}
            <button type="button" onClick={() => void loadSaved(m.id)}>
              Load
            </button>{' '}
            <button type="button" onClick={() => void deleteSaved(m.id)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The random init form's sizes and seed, each with the one range it takes: a value outside is
 * named beside its field with the value still used, never clamped in silence. Held in the page's
 * state, not the URL.
 */
const RANDOM_INIT = {
  layers: intParam(2, 1, 64),
  hidden: intParam(32, 1, 4096),
  heads: intParam(4, 1, 256),
  kvHeads: intParam(2, 1, 256),
  headDim: intParam(8, 2, 1024),
  mlp: intParam(64, 1, 16384),
  seed: intParam(1, 0, 2 ** 31 - 1),
};
type RandomInitValues = Record<keyof typeof RANDOM_INIT, number>;
const RANDOM_DEFAULTS = Object.fromEntries(
  Object.entries(RANDOM_INIT).map(([name, spec]) => [name, spec.fallback]),
) as RandomInitValues;

function RandomInit() {
  const createRandom = useModelStore((s) => s.createRandom);
  const [spec, setSpec] = useState(RANDOM_DEFAULTS);
  const { number } = fieldMaker({
    specs: RANDOM_INIT,
    values: spec,
    set: (update: Partial<RandomInitValues>) => setSpec((previous) => ({ ...previous, ...update })),
    disabled: false,
  });
  return (
    <section className="panel">
      <h2>Random init</h2>
      <p className="muted">
        An untrained model of the shape you choose (seeded), for exploring sizes and speed.
      </p>
      <div className="field-grid">
        {number('layers', 'layers')}
        {number('hidden', 'hidden size')}
        {number('heads', 'heads')}
        {number('kvHeads', 'KV heads')}
        {number('headDim', 'head dim (even)')}
        {number('mlp', 'MLP width')}
        {number('seed', 'seed')}
      </div>
      <button
        type="button"
        onClick={() =>
          void createRandom({
            seed: spec.seed,
            config: {
              num_hidden_layers: spec.layers,
              hidden_size: spec.hidden,
              num_attention_heads: spec.heads,
              num_key_value_heads: spec.kvHeads,
              head_dim: spec.headDim,
              intermediate_size: spec.mlp,
            },
          })
        }
      >
        Create and load
      </button>
    </section>
  );
}

function Shipped() {
  const { catalog, info, load } = useModelStore();
  const [, setSearch] = useSearchParams();
  return (
    <section className="panel">
      <h2>Shipped with the lab</h2>
      <ul className="saved-models">
        {catalog?.models.map((m) => (
          <li key={m.name}>
            <strong>{m.name}</strong> <span className="muted small">{m.summary}</span>{' '}
            {info?.source === 'shipped' && info.name === m.name ? (
              <span className="badge badge-ok">loaded</span>
            ) : (
              <button
                type="button"
                onClick={() => {
                  setSearch((previous) => {
                    const next = new URLSearchParams(previous);
                    next.set('model', m.name);
                    return next;
                  });
                  void load(m.name);
                }}
              >
                Load
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ModelsPage() {
  return (
    <main className="page">
      <h1>Models</h1>
      <div className="two-columns">
        <div>
          <Shipped />
          <FromFiles />
          <Saved />
          <section className="panel">
            <h2>Browser storage</h2>
            <p className="small muted">
              Everything the lab keeps in this browser, training runs and saved models, by size: delete what
              you no longer need to make room.
            </p>
            <StorageList />
          </section>
          <RandomInit />
        </div>
        <section className="panel">
          <h2>Loaded now</h2>
          <CurrentModel />
        </section>
      </div>
    </main>
  );
}
