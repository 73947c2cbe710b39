// Vite: the dev server (`npm start`), the production build and `vite preview` for e2e and bench.
// The Content-Security-Policy allows only same-origin requests; onnxruntime-web later needs
// 'wasm-unsafe-eval' and workers from blob: URLs. COOP/COEP make the page cross-origin isolated,
// which onnxruntime-web's threaded wasm needs (SharedArrayBuffer).
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

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), serveOnnxRuntime()],
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
