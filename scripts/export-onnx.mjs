// `npm run export-onnx -- <model dir>`: writes <model dir>/onnx/model.onnx, our checkpoint as an
// ONNX decoder in the transformers.js / Optimum layout (src/model/onnx/export.ts). It loads the
// lab's TypeScript through Vite's module loader, so the export is the same code the UI runs.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'vite';

const dir = process.argv[2];
if (!dir || !existsSync(join(dir, 'config.json'))) {
  console.error(
    'usage: npm run export-onnx -- <model dir>   (a folder with config.json and model.safetensors)',
  );
  process.exit(2);
}
const server = await createServer({ server: { middlewareMode: true }, appType: 'custom', logLevel: 'error' });
try {
  const { loadCheckpoint } = await server.ssrLoadModule('/src/model/checkpoint.ts');
  const { exportOnnx } = await server.ssrLoadModule('/src/model/onnx/export.ts');
  const tokenizerPath = join(dir, 'tokenizer.json');
  const { config, weights } = loadCheckpoint({
    config: readFileSync(join(dir, 'config.json'), 'utf8'),
    safetensors: new Uint8Array(readFileSync(join(dir, 'model.safetensors'))),
    tokenizer: existsSync(tokenizerPath) ? readFileSync(tokenizerPath, 'utf8') : undefined,
  });
  const bytes = exportOnnx(config, weights);
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'onnx', 'model.onnx'), bytes);
  console.log(`wrote ${join(dir, 'onnx', 'model.onnx')} (${(bytes.length / 1024).toFixed(0)} KiB)`);
} catch (error) {
  console.error(`export failed: ${error.message}${error.hint ? `\n${error.hint}` : ''}`);
  process.exitCode = 1;
} finally {
  await server.close();
}
