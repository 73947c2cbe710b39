// The tiny committed test model, public/models/tiny-test/: defaultConfig() with randomWeights(seed 1),
// untrained, with its ONNX export (onnx/model.onnx) for the peers. Tests and e2e specs load it quickly. This file checks that the committed folder loads
// and is exactly what the code regenerates; `WRITE_FIXTURES=1 npx vitest run src/model/tinyModel.test.ts`
// rewrites it (after a change to the writer, the tokenizer or the init).
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CheckpointFolder } from './checkpoint.ts';
import { CHECKPOINT_FILES, fetchCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { defaultConfig } from './config.ts';
import { exportOnnx } from './onnx/export.ts';
import { randomWeights } from './parameters.ts';

const FOLDER = new URL('../../public/models/tiny-test/', import.meta.url);
const SEED = 1;

const config = defaultConfig();
const weights = randomWeights(config, SEED);
const regenerated: CheckpointFolder & { 'card.json': string; 'onnx/model.onnx': Uint8Array } = {
  ...saveCheckpoint(config, weights),
  'onnx/model.onnx': exportOnnx(config, weights),
  'card.json': `${JSON.stringify(
    {
      name: 'tiny-test',
      trained: false,
      description:
        'Random-init test model (not trained): its outputs are meaningless. For tests and e2e specs.',
      init: { function: 'randomWeights (src/model/parameters.ts)', seed: SEED, config: 'defaultConfig()' },
      regenerate: 'WRITE_FIXTURES=1 npx vitest run src/model/tinyModel.test.ts',
      accuracy: null,
    },
    null,
    2,
  )}\n`,
};
const FILES = [...CHECKPOINT_FILES, 'generation_config.json', 'onnx/model.onnx', 'card.json'] as const;

if (process.env.WRITE_FIXTURES === '1') {
  for (const file of FILES) writeFileSync(new URL(file, FOLDER), regenerated[file]);
}

/** A fetch over the committed folder, as the dev server would serve /models/tiny-test/. */
const fetchFromDisk = (async (url: string | URL | Request) => {
  const file = String(url).split('/').pop() ?? '';
  return new Response(readFileSync(new URL(file, FOLDER)));
}) as typeof fetch;

describe('tiny test model', () => {
  it('loads through fetchCheckpoint as defaultConfig() with randomWeights(seed 1)', async () => {
    const loaded = await fetchCheckpoint('/models/tiny-test', fetchFromDisk);
    expect(loaded.config).toEqual(config);
    for (const [name, data] of weights) expect(loaded.weights.get(name), name).toEqual(data);
  });

  it.each(FILES)('has a committed %s identical to a regenerated one', (file) => {
    const committed = readFileSync(new URL(file, FOLDER));
    const expected = regenerated[file];
    const same = committed.equals(typeof expected === 'string' ? Buffer.from(expected) : expected);
    expect(same, `${file} differs: regenerate with WRITE_FIXTURES=1 if the change is intended`).toBe(true);
  });

  it('stays small (under 200 KB) and says it is untrained', () => {
    expect(regenerated['model.safetensors'].length).toBeLessThan(200_000);
    expect(JSON.parse(regenerated['card.json'])).toMatchObject({ trained: false });
  });
});
