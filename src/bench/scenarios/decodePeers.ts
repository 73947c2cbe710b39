// Benchmark `decode-peers`: greedy decode tokens/s at batch 1, 8, 16, 32 and prefill tokens/s of
// the same model and prompt in five engines, in one run on this machine: our generation loop,
// onnxruntime-web with its WebGPU EP and with its wasm EP (2 threads when the page is
// cross-origin isolated), and transformers.js (wasm and WebGPU). The model is the lab's default shipped
// folder (its onnx/model.onnx for the peers). Runs are interleaved (each repeat visits every
// engine and batch in turn, so drift hits all alike); rows give the median over repeats, the
// spread, and ours / the peer's. Tokens/s = B x decode steps / decode wall time; prefill = B = 1,
// a 64-token prompt, wall time of the first run (the peers' include their logits readback).
import { Generator } from '../../decoding/generate.ts';
import { GREEDY } from '../../decoding/samplerReference.ts';
import { loadShippedModel } from '../../methods/shippedModel.ts';
import { dimsOf } from '../../model/config.ts';
import { exportOnnx } from '../../model/onnx/export.ts';
import { GpuTransformer } from '../../model/transformer.ts';
import { median } from '../../stats/median.ts';
import type { OrtModelShape } from '../peers/ortDecode.ts';
import { type BenchRow, type BenchScenario, inShard, type ScenarioOutput } from '../types.ts';

const PROMPT = Array.from({ length: 16 }, (_, t) => 40 + ((t * 7) % 60));
const PREFILL_PROMPT = Array.from({ length: 64 }, (_, t) => 40 + ((t * 11) % 60));
const round = (value: number) => Number(value.toFixed(1));

type Engine = 'ours' | 'ort-webgpu' | 'ort-wasm' | 'transformers.js' | 'transformers.js-webgpu';
const ENGINES: Engine[] = ['ours', 'ort-webgpu', 'ort-wasm', 'transformers.js', 'transformers.js-webgpu'];

export const decodePeersScenario: BenchScenario = {
  name: 'decode-peers',
  description:
    'Greedy decode and prefill tokens/s of our engine, onnxruntime-web and transformers.js (each on its WebGPU and wasm EPs) on the same model, interleaved.',
  async run(context): Promise<ScenarioOutput> {
    const full = context.mode === 'full';
    // Cells for --shard: each batch, then the prefill.
    const allBatches = full ? [1, 8, 16, 32] : [1, 8];
    const batches = allBatches.filter((_, i) => inShard(i, context.shard));
    const withPrefill = inShard(allBatches.length, context.shard);
    const steps = full ? 32 : 8;
    const repeats = full ? 3 : 1;
    const { name, config, weights } = await loadShippedModel();
    const { L, KV, D, V } = dimsOf(config);
    const shape: OrtModelShape = { layers: L, kvHeads: KV, headDim: D, vocab: V };
    const onnx = exportOnnx(config, weights);
    // The peers' runtimes load only here, so the engine worker stays small for every other page.
    const [{ configureOrt, createOrtSession, ortGreedy }, { loadTransformersJs, transformersGreedy }] =
      await Promise.all([import('../peers/ortDecode.ts'), import('../peers/transformersJsPeer.ts')]);
    const { threads } = configureOrt();
    const transformer = await GpuTransformer.create(context.gpu, config, weights);
    const generator = await Generator.create(context.gpu, transformer);
    const sessions = {
      'ort-webgpu': await createOrtSession(onnx, 'webgpu', shape),
      'ort-wasm': await createOrtSession(onnx, 'wasm', shape),
    };
    const transformersJs = {
      'transformers.js': await loadTransformersJs(name, 'wasm'),
      'transformers.js-webgpu': await loadTransformersJs(name, 'webgpu'),
    };
    const decode = new Map<string, number[]>();
    const prefill = new Map<Engine, number[]>();
    const push = <K>(map: Map<K, number[]>, key: K, value: number) =>
      map.set(key, [...(map.get(key) ?? []), value]);

    const measureDecode = async (engine: Engine, B: number): Promise<number> => {
      if (engine === 'ours') {
        const result = await generator.generate({
          prompts: Array.from({ length: B }, () => PROMPT),
          sampling: GREEDY,
          seed: 1,
          maxNewTokens: steps + 1,
          syncEvery: 16,
        });
        return (1000 * B * result.steps) / result.decodeMs;
      }
      if (engine === 'transformers.js' || engine === 'transformers.js-webgpu') {
        const one = await transformersGreedy(transformersJs[engine], PROMPT, B, 1);
        const all = await transformersGreedy(transformersJs[engine], PROMPT, B, steps + 1);
        return (1000 * B * steps) / Math.max(1e-3, all - one);
      }
      const { decodeMs } = await ortGreedy(sessions[engine], shape, PROMPT, B, steps);
      return (1000 * B * steps) / decodeMs;
    };
    const measurePrefill = async (engine: Engine): Promise<number> => {
      if (engine === 'ours') {
        const result = await generator.generate({
          prompts: [PREFILL_PROMPT],
          sampling: GREEDY,
          seed: 1,
          maxNewTokens: 1,
        });
        return (1000 * PREFILL_PROMPT.length) / result.prefillMs;
      }
      if (engine === 'transformers.js' || engine === 'transformers.js-webgpu') {
        return (
          (1000 * PREFILL_PROMPT.length) /
          (await transformersGreedy(transformersJs[engine], PREFILL_PROMPT, 1, 1))
        );
      }
      const { prefillMs } = await ortGreedy(sessions[engine], shape, PREFILL_PROMPT, 1, 0);
      return (1000 * PREFILL_PROMPT.length) / prefillMs;
    };

    try {
      // One untimed pass compiles every pipeline and warms every runtime.
      for (const engine of ENGINES) await measureDecode(engine, 1);
      const total = repeats * ENGINES.length * (batches.length + (withPrefill ? 1 : 0));
      let done = 0;
      for (let r = 0; r < repeats && !context.isCancelled(); r++) {
        for (const B of batches) {
          for (const engine of ENGINES) {
            context.progress({ done: done++, total, note: `repeat ${r + 1}: ${engine} at batch ${B}` });
            push(decode, `${engine}:${B}`, await measureDecode(engine, B));
          }
        }
        for (const engine of withPrefill ? ENGINES : []) {
          context.progress({ done: done++, total, note: `repeat ${r + 1}: ${engine} prefill` });
          push(prefill, engine, await measurePrefill(engine));
        }
      }
    } finally {
      await Promise.all(Object.values(sessions).map((s) => s.release()));
      await Promise.all(Object.values(transformersJs).map((model) => model.dispose()));
      generator.destroy();
      transformer.destroy();
    }

    const rows: BenchRow[] = [];
    const row = (group: string, engine: Engine, B: number, samples: number[], ours: number[]) => {
      const value = median(samples);
      rows.push({
        group,
        engine,
        B,
        tokens_per_s: round(value),
        min: round(Math.min(...samples)),
        max: round(Math.max(...samples)),
        ours_over_peer: engine === 'ours' ? null : Number((median(ours) / value).toFixed(2)),
        repeats: samples.length,
      });
    };
    for (const B of batches) {
      for (const engine of ENGINES)
        row('decode', engine, B, decode.get(`${engine}:${B}`) ?? [], decode.get(`ours:${B}`) ?? []);
    }
    for (const engine of withPrefill ? ENGINES : [])
      row('prefill', engine, 1, prefill.get(engine) ?? [], prefill.get('ours') ?? []);
    return {
      keys: ['group', 'engine', 'B'],
      rows,
      goals: [],
      notes: [
        `Model: ${name} (${L} layers, hidden ${config.hidden_size}); prompt ${PROMPT.length} tokens, ${steps} decode steps; prefill ${PREFILL_PROMPT.length} tokens.`,
        `onnxruntime-web wasm threads: ${threads}${threads === 1 ? ' (the page is not cross-origin isolated)' : ''}; transformers.js runs its pinned onnxruntime-web, on the wasm EP (transformers.js) and the WebGPU EP (transformers.js-webgpu).`,
        'Interleaved: every repeat visits each batch and engine in turn; min and max are over repeats.',
      ],
    };
  },
};
