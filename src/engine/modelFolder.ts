// A model as the files of its HF folder (config.json, model.safetensors, tokenizer.json,
// tokenizer_config.json, generation_config.json, onnx/model.onnx): what jobFiles and
// loadedModelFiles give, and what a run bundle's model/ holds, also for a run the engine no longer
// holds (from its stored checkpoint, whose model.safetensors is the policy at the checkpoint's step).
import { saveCheckpoint } from '../model/checkpoint.ts';
import { type LlamaConfig, parseConfig } from '../model/config.ts';
import { exportOnnx } from '../model/onnx/export.ts';
import type { ModelWeights } from '../model/parameters.ts';
import type { RunCheckpointFiles } from './jobs/runCheckpoint.ts';
import { weightsFromFile } from './jobs/stateFiles.ts';

export function modelFolderFiles(config: LlamaConfig, weights: ModelWeights): Record<string, Uint8Array> {
  const encoder = new TextEncoder();
  const files: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(saveCheckpoint(config, weights)))
    files[name] = typeof data === 'string' ? encoder.encode(data) : data;
  files['onnx/model.onnx'] = exportOnnx(config, weights);
  return files;
}

/** @throws CheckpointError when the checkpoint's config or model.safetensors is malformed */
export function checkpointModelFiles(files: RunCheckpointFiles): Record<string, Uint8Array> {
  const config = parseConfig(files.run.config);
  return modelFolderFiles(config, weightsFromFile(config, files.weights, 'model.safetensors'));
}
