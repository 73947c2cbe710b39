// A Vite plugin that serves onnxruntime-web's wasm runtime from our own origin at /ort/ (the dev
// server and Vitest's browser mode read it from node_modules; a build copies it into dist/ort/),
// so no page ever fetches it from a CDN. Pages import `onnxruntime-web/webgpu` and set
// ort.env.wasm.wasmPaths = ORT_PATH.
import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { ORT_PATH } from '../src/model/onnx/runtimePath.ts';

const DIST = fileURLToPath(new URL('../node_modules/onnxruntime-web/dist/', import.meta.url));
/** What `onnxruntime-web/webgpu` (1.30) loads: one asyncify build serves its wasm and WebGPU EPs. */
const FILES = ['ort-wasm-simd-threaded.asyncify.wasm', 'ort-wasm-simd-threaded.asyncify.mjs'];

export function serveOnnxRuntime(): Plugin {
  return {
    name: 'serve-onnxruntime',
    configureServer(server) {
      server.middlewares.use(ORT_PATH, (request, response, next) => {
        const name = (request.url ?? '').slice(1).split('?')[0];
        if (!FILES.includes(name)) return next();
        response.setHeader('Content-Type', name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
        createReadStream(DIST + name).pipe(response);
      });
    },
    generateBundle() {
      for (const name of FILES) {
        this.emitFile({
          type: 'asset',
          fileName: `${ORT_PATH.slice(1)}${name}`,
          source: readFileSync(DIST + name),
        });
      }
    },
  };
}
