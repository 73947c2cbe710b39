// Under a finished or paused run: name the model it trained, download it as a Hugging Face
// folder, or make it the model the other pages run.
import { useRef } from 'react';

export function TrainedModelActions({
  defaultName,
  download,
  adoptModel,
}: {
  defaultName: string;
  download(name: string): Promise<void>;
  adoptModel(name: string): Promise<void>;
}) {
  const name = useRef<HTMLInputElement>(null);
  const chosen = () => name.current?.value.trim() || defaultName;
  return (
    <section className="panel">
      <h2>The trained model</h2>
      <div className="controls-row">
        <label>
          name <input ref={name} defaultValue={defaultName} />
        </label>
        <button type="button" onClick={() => void download(chosen())}>
          Download as a Hugging Face folder (zip)
        </button>
        <button type="button" onClick={() => void adoptModel(chosen())}>
          Use it on the other pages
        </button>
      </div>
      <p className="muted small">
        The folder holds config.json, model.safetensors, tokenizer.json and tokenizer_config.json: it loads
        here (Models page) and in transformers' LlamaForCausalLM.
      </p>
    </section>
  );
}
