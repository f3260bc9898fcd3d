// Compiles every app, lib and tool to dist/ with SWC (decorator metadata on,
// @medicalink/* aliases rewritten to relative paths), and builds the web console with Vite
// (apps/web/dist, see build-web.mjs). Type checking is `npm run typecheck`.
//   node tools/scripts/build.mjs                 everything (npm run build)
//   node tools/scripts/build.mjs libs/cache ...  those project roots only (each Nx build target)
import { transformFile } from '@swc/core';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { buildWeb } from './build-web.mjs';
import { repoRoot, swcOptions } from './swc-options.mjs';

const SOURCE_ROOTS = ['apps', 'libs', 'tools'];
const SKIP = /(\.spec|\.int-spec|\.e2e-spec|\.d)\.ts$/;
/** Built by Vite, not SWC (build-web.mjs). */
const WEB_ROOT = 'apps/web';

async function* sourceFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (path === join(repoRoot, WEB_ROOT)) continue;
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !SKIP.test(entry.name)) yield path;
  }
}

/** JSON data files an app imports (e.g. apps/education/data/*.json), copied as they are. */
async function* dataFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* dataFiles(path);
    else if (entry.name.endsWith('.json') && dir.split('/').pop() === 'data') yield path;
  }
}

async function build(requested) {
  const started = Date.now();
  const web = requested.length === 0 || requested.includes(WEB_ROOT);
  const roots = requested.filter((root) => root !== WEB_ROOT);
  if (requested.length > 0 && roots.length === 0) return buildConsole();
  const outRoot = join(repoRoot, 'dist');
  const only = roots.length > 0;
  for (const root of only ? roots : ['.']) {
    await rm(join(outRoot, root), { recursive: true, force: true });
  }
  const options = swcOptions();
  let count = 0;
  for (const root of only ? roots : SOURCE_ROOTS) {
    for await (const file of sourceFiles(join(repoRoot, root))) {
      const rel = relative(repoRoot, file);
      const out = join(outRoot, rel.replace(/\.ts$/, '.js'));
      const { code, map } = await transformFile(file, {
        ...options,
        filename: file,
        sourceFileName: relative(dirname(out), file),
      });
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
      if (map) await writeFile(`${out}.map`, map);
      count += 1;
    }
    for await (const file of dataFiles(join(repoRoot, root))) {
      const out = join(outRoot, relative(repoRoot, file));
      await mkdir(dirname(out), { recursive: true });
      await copyFile(file, out);
    }
  }
  const where = only ? roots.map((root) => `dist/${root}`).join(', ') : 'dist/';
  console.log(`built ${count} files into ${where} in ${Date.now() - started} ms`);
  if (web) buildConsole();
}

function buildConsole() {
  const status = buildWeb();
  if (status !== 0) throw new Error(`the web console build failed (exit ${status})`);
}

build(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
