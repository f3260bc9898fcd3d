// Builds the web console (apps/web) with Vite into apps/web/dist and writes .br and .gz copies
// of its text files, which the gateway serves to browsers that accept them. Skipped when none
// of its inputs changed since the last build (their hash is kept in apps/web/dist/.inputs-hash);
// `--force` builds anyway.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const webRoot = join(repoRoot, 'apps', 'web');
const outDir = join(webRoot, 'dist');
const stampFile = join(outDir, '.inputs-hash');
const INPUTS = [
  'apps/web/src',
  'apps/web/public',
  'apps/web/index.html',
  'apps/web/vite.config.mts',
  'libs/sdk/src',
  'package-lock.json',
];
const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;

function* files(path) {
  if (!existsSync(path)) return;
  if (statSync(path).isFile()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name === 'node_modules' || /\.spec\.tsx?$/.test(entry.name)) continue;
    yield* files(join(path, entry.name));
  }
}

function inputsHash() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of files(join(repoRoot, input))) {
      hash.update(relative(repoRoot, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

function compressOutputs() {
  for (const file of files(outDir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const body = readFileSync(file);
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
    writeFileSync(
      `${file}.br`,
      brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }),
    );
  }
}

/** Builds the console unless it is up to date; returns the exit status. */
export function buildWeb({ force = false } = {}) {
  const started = Date.now();
  const hash = inputsHash();
  if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) {
    console.log('web console up to date in apps/web/dist');
    return 0;
  }
  const vite = join(
    resolve(createRequire(import.meta.url).resolve('vite/package.json'), '..'),
    'bin',
    'vite.js',
  );
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', join(webRoot, 'vite.config.mts'), '--logLevel', 'warn'],
    { cwd: repoRoot, stdio: 'inherit' },
  );
  if (result.status !== 0) return result.status ?? 1;
  compressOutputs();
  writeFileSync(stampFile, hash);
  console.log(`built the web console into apps/web/dist in ${Date.now() - started} ms`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = buildWeb({ force: process.argv.includes('--force') });
}
