// A Vite plugin that serves onnxruntime-web's wasm runtimes from our own origin (the dev server
// and Vitest's browser mode read them from node_modules; a build copies them into dist/), so no
// page ever fetches one from a CDN. Two runtimes: ours at /ort/ (the lab imports
// `onnxruntime-web/webgpu`), and the build transformers.js pins at /ort-transformers/. Each is the
// asyncify build, which carries both the wasm and the WebGPU EP. Pages set
// ort.env.wasm.wasmPaths to the path (src/model/onnx/runtimePath.ts).
import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { ORT_PATH, TRANSFORMERS_ORT_PATH } from '../src/model/onnx/runtimePath.ts';

const modules = (path: string) => fileURLToPath(new URL(`../node_modules/${path}`, import.meta.url));
const RUNTIMES = [
  { path: ORT_PATH, dist: modules('onnxruntime-web/dist/') },
  {
    path: TRANSFORMERS_ORT_PATH,
    dist: modules('@huggingface/transformers/node_modules/onnxruntime-web/dist/'),
  },
];
const FILES = ['ort-wasm-simd-threaded.asyncify.wasm', 'ort-wasm-simd-threaded.asyncify.mjs'];

export function serveOnnxRuntime(): Plugin {
  return {
    name: 'serve-onnxruntime',
    configureServer(server) {
      for (const { path, dist } of RUNTIMES) {
        server.middlewares.use(path, (request, response, next) => {
          const name = (request.url ?? '').slice(1).split('?')[0];
          if (!FILES.includes(name)) return next();
          response.setHeader('Content-Type', name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
          createReadStream(dist + name).pipe(response);
        });
      }
    },
    generateBundle() {
      for (const { path, dist } of RUNTIMES) {
        for (const name of FILES) {
          this.emitFile({
            type: 'asset',
            fileName: `${path.slice(1)}${name}`,
            source: readFileSync(dist + name),
          });
        }
      }
    },
  };
}
