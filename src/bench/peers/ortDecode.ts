// A greedy decode loop over our ONNX export in onnxruntime-web, as a user of that runtime would
// write it: one session run for the prefill of B copies of a prompt, then one run per new token
// with the previous run's present KV fed back as past (kept on the GPU with the WebGPU EP, as
// transformers.js does), argmax of each row's last logits on the CPU. Returns wall times.
import * as ort from 'onnxruntime-web/webgpu';
import { ORT_PATH } from '../../model/onnx/runtimePath.ts';

export type OrtProvider = 'wasm' | 'webgpu';

export interface OrtModelShape {
  layers: number;
  kvHeads: number;
  headDim: number;
  vocab: number;
}

let configured = false;
/** onnxruntime's severity levels: 0 verbose, 1 info, 2 warning, 3 error, 4 fatal. */
const ERROR_SEVERITY = 3;

/**
 * Points onnxruntime-web at our own copy of its runtime; 2 wasm threads when cross-origin isolated.
 * Its logs go to the console as errors whatever their severity, so only real errors are let through
 * (warnings such as "some nodes were not assigned to the preferred execution providers" are not).
 */
export function configureOrt(): { threads: number } {
  const threads = globalThis.crossOriginIsolated ? 2 : 1;
  if (!configured) {
    ort.env.wasm.wasmPaths = ORT_PATH;
    ort.env.wasm.numThreads = threads;
    ort.env.logLevel = 'error';
    configured = true;
  }
  return { threads: ort.env.wasm.numThreads ?? threads };
}

export async function createOrtSession(
  model: Uint8Array,
  provider: OrtProvider,
  shape: OrtModelShape,
): Promise<ort.InferenceSession> {
  configureOrt();
  const presents = Array.from({ length: shape.layers }, (_, l) => [
    `present.${l}.key`,
    `present.${l}.value`,
  ]).flat();
  return ort.InferenceSession.create(model, {
    executionProviders: [provider],
    logSeverityLevel: ERROR_SEVERITY,
    ...(provider === 'webgpu'
      ? { preferredOutputLocation: Object.fromEntries(presents.map((name) => [name, 'gpu-buffer' as const])) }
      : {}),
  });
}

const int64 = (values: number[], dims: number[]) =>
  new ort.Tensor('int64', BigInt64Array.from(values.map((v) => BigInt(v))), dims);

/** Greedy: `steps` new tokens after the prefill for B copies of `prompt`; wall ms of each phase. */
export async function ortGreedy(
  session: ort.InferenceSession,
  shape: OrtModelShape,
  prompt: number[],
  B: number,
  steps: number,
): Promise<{ prefillMs: number; decodeMs: number; tokens: number[] }> {
  const P = prompt.length;
  let past: Record<string, ort.Tensor> = {};
  for (let l = 0; l < shape.layers; l++) {
    for (const kind of ['key', 'value']) {
      past[`past_key_values.${l}.${kind}`] = new ort.Tensor('float32', new Float32Array(0), [
        B,
        shape.kvHeads,
        0,
        shape.headDim,
      ]);
    }
  }
  const run = async (ids: number[], rows: number, length: number, offset: number) => {
    const out = await session.run({
      input_ids: int64(ids, [rows, length]),
      attention_mask: int64(new Array(rows * (offset + length)).fill(1), [rows, offset + length]),
      position_ids: int64(
        Array.from({ length: rows * length }, (_, i) => offset + (i % length)),
        [rows, length],
      ),
      ...past,
    });
    for (const tensor of Object.values(past)) if (tensor.location === 'gpu-buffer') tensor.dispose();
    past = {};
    for (let l = 0; l < shape.layers; l++) {
      for (const kind of ['key', 'value']) past[`past_key_values.${l}.${kind}`] = out[`present.${l}.${kind}`];
    }
    const logits = (await out.logits.getData()) as Float32Array;
    const next: number[] = [];
    for (let b = 0; b < rows; b++) {
      const row = logits.subarray(((b + 1) * length - 1) * shape.vocab, (b + 1) * length * shape.vocab);
      let best = 0;
      for (let v = 1; v < row.length; v++) if (row[v] > row[best]) best = v;
      next.push(best);
    }
    return next;
  };
  const started = performance.now();
  let next = await run(Array.from({ length: B }, () => prompt).flat(), B, P, 0);
  const prefillMs = performance.now() - started;
  const tokens = [next[0]];
  const decodeStart = performance.now();
  for (let s = 0; s < steps; s++) {
    next = await run(next, B, 1, P + s);
    tokens.push(next[0]);
  }
  const decodeMs = performance.now() - decodeStart;
  for (const tensor of Object.values(past)) if (tensor.location === 'gpu-buffer') tensor.dispose();
  return { prefillMs, decodeMs, tokens };
}
