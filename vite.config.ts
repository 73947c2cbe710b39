// Vite: the dev server (`npm start`), the production build and `vite preview` for e2e and bench.
// The security policy (scripts/securityPolicy.ts) goes out as headers and as a <meta> in
// index.html. COOP/COEP make the page cross-origin isolated, which onnxruntime-web's threaded wasm
// needs (SharedArrayBuffer). __LAB_COMMIT__ stamps run bundles with the commit the lab was built from.
import { execSync } from 'node:child_process';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { PREVIEW_HEADERS, SECURITY_HEADERS, securityPolicyMeta } from './scripts/securityPolicy.ts';
import { serveOnnxRuntime } from './scripts/serveOnnxRuntime.ts';

/** HEAD, with -dirty for uncommitted changes; null outside a git checkout. */
function gitCommit(): string | null {
  try {
    const commit = execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', { encoding: 'utf8' }).trim();
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return null;
  }
}

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), serveOnnxRuntime(), securityPolicyMeta()],
  define: { __LAB_COMMIT__: JSON.stringify(gitCommit()) },
  worker: { format: 'es' },
  // Every runtime dependency is pre-bundled up front: one discovered mid-run makes Vitest's
  // browser mode reload the page and fail the test that was running.
  optimizeDeps: {
    include: [
      'react',
      'react/jsx-dev-runtime',
      'react-dom/client',
      'wouter',
      'zustand',
      'recharts',
      'onnxruntime-web/webgpu',
      '@huggingface/transformers',
      'onnx-proto',
      'fflate',
      'idb',
      'comlink',
      'marked',
    ],
  },
  // The dev server's CSP is the <meta> alone: it must allow the React refresh preamble by hash.
  // warmup: the page's and the engine worker's modules are transformed when the server starts,
  // not on the first visit's requests.
  server: {
    host: 'localhost',
    headers: { ...isolation, ...SECURITY_HEADERS },
    warmup: { clientFiles: ['./src/main.tsx', './src/engine/worker.ts'] },
  },
  preview: {
    host: 'localhost',
    port: 4173,
    strictPort: true,
    headers: { ...isolation, ...PREVIEW_HEADERS },
  },
  build: { target: 'es2022', sourcemap: true },
});
