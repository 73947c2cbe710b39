/** Where the lab serves onnxruntime-web's wasm files (scripts/serveOnnxRuntime.ts); set as ort.env.wasm.wasmPaths. */
export const ORT_PATH = '/ort/';
