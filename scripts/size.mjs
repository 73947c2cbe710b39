// Makes size visible (as tinygrad's sz.py does): lines of TypeScript and WGSL, files over 300
// lines, and the number of WGSL entry points. A signal, not a target. `node scripts/size.mjs`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

export function printSizes() {
  const files = [...walk('src'), ...walk('shaders')].filter((f) => /\.(ts|tsx|wgsl)$/.test(f));
  let code = 0;
  let tests = 0;
  let entryPoints = 0;
  const long = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n').length;
    if (/\.test\.ts$/.test(file)) tests += lines;
    else code += lines;
    if (file.endsWith('.wgsl')) entryPoints += (text.match(/@compute/g) ?? []).length;
    if (lines > 300 && !/\.test\.ts$/.test(file)) long.push(`${file} (${lines})`);
  }
  console.log(
    `\nSize: ${files.length} files, ${code} lines of code, ${tests} lines of tests, ${entryPoints} WGSL entry points` +
      (long.length ? `; over 300 lines: ${long.join(', ')}` : ''),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) printSizes();
