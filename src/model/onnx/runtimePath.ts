// Where the lab serves onnxruntime-web's wasm files (scripts/serveOnnxRuntime.ts): set as
// ort.env.wasm.wasmPaths for our onnxruntime-web, and for the one transformers.js pins.
export const ORT_PATH = '/ort/';
export const TRANSFORMERS_ORT_PATH = '/ort-transformers/';
