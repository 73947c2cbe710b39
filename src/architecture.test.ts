// The layer rules of design §2, checked on every import: arrows point down the table. Methods never
// import gpu/ (they build GPU objects through train/workbench.ts); tasks import nothing of the
// model (their markers live in tasks/markers.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = 'src';

/** What each layer may import (besides itself and src/testing in tests). */
const ALLOWED: Record<string, string[]> = {
  gpu: [],
  model: ['gpu'],
  decoding: ['model', 'gpu'],
  train: ['model', 'decoding', 'gpu', 'stats'],
  tasks: [],
  stats: [],
  methods: ['tasks', 'decoding', 'train', 'model', 'stats'],
  bench: ['methods', 'tasks', 'decoding', 'train', 'model', 'gpu', 'testing', 'stats'],
  engine: ['bench', 'methods', 'tasks', 'decoding', 'train', 'model', 'gpu', 'testing', 'stats'],
  ui: ['engine'],
  testing: ['gpu', 'stats'],
};

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.tsx?$/.test(name)) yield path;
  }
}

function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*from\s+'([^']+)'|import\('([^']+)'\)/g)].map(
    (m) => m[1] ?? m[2],
  );
}

describe('layer rules', () => {
  it('every import points down the layer table', () => {
    const violations: string[] = [];
    for (const path of files(SRC)) {
      const layer = relative(SRC, path).split('/')[0];
      if (!(layer in ALLOWED)) continue;
      // Fixtures are test support: only tests import them, and they may use src/testing too.
      const isTest = /\.test\.tsx?$/.test(path) || path.split('/').includes('fixtures');
      for (const spec of importsOf(path)) {
        if (!spec.startsWith('.')) continue;
        const target = relative(SRC, join(path, '..', spec)).split('/')[0];
        if (target === layer || target.startsWith('..') || !(target in ALLOWED)) continue;
        if (isTest && target === 'testing') continue;
        if (!ALLOWED[layer].includes(target))
          violations.push(`${path} imports ${spec} (${layer} -> ${target})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the UI reaches the GPU only through the engine, special tokens included', () => {
    const uiFiles = [...files(join(SRC, 'ui'))];
    expect(uiFiles.length).toBeGreaterThan(5);
    const direct = uiFiles.filter((f) => importsOf(f).some((s) => /\/(gpu|model)\//.test(s)));
    expect(direct).toEqual([]);
  });
});
