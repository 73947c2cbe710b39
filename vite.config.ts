// Vite: the dev server (`npm start`), the production build and `vite preview` for e2e and bench.
// The Content-Security-Policy allows only same-origin requests; onnxruntime-web later needs
// 'wasm-unsafe-eval' and workers from blob: URLs. COOP/COEP make the page cross-origin isolated,
// which onnxruntime-web's threaded wasm needs (SharedArrayBuffer). __LAB_COMMIT__ stamps run
// bundles with the commit the lab was built from.
import { execSync } from 'node:child_process';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { serveOnnxRuntime } from './scripts/serveOnnxRuntime.ts';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

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
  plugins: [react(), serveOnnxRuntime()],
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
  server: { host: 'localhost', headers: isolation },
  preview: {
    host: 'localhost',
    port: 4173,
    strictPort: true,
    headers: { ...isolation, 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
  },
  build: { target: 'es2022', sourcemap: true },
});
