// Builds the publishable package into libs/sdk/dist: ESM (dist/esm) and CommonJS (dist/cjs),
// each with its declarations and a package.json naming its module type, so Node, bundlers and
// TypeScript pick the right files through the `exports` map. Browser-safe: lib DOM, no Node types.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(join(packageRoot, 'dist'), { recursive: true, force: true });
for (const [config, type] of [
  ['tsconfig.esm.json', 'module'],
  ['tsconfig.cjs.json', 'commonjs'],
]) {
  const result = spawnSync(process.execPath, [tsc, '-p', join(packageRoot, config)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  const outDir = join(packageRoot, 'dist', type === 'module' ? 'esm' : 'cjs');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify({ type }, null, 2)}\n`);
}
console.log('built @medicalink/sdk into libs/sdk/dist (esm, cjs, types)');
