// Installs when node_modules is missing or older than package-lock.json, so a fresh
// clone (or a pull that changed dependencies) installs before test/start.
// `npm install`, not `npm ci`: npm 11 writes lock files without the other platforms'
// optional binaries (@swc/core-darwin-*, ...) and then `npm ci` refuses that same lock
// file as out of sync. `npm install` installs the locked versions all the same.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function mtimeMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function installIsStale() {
  // npm writes node_modules/.package-lock.json after every successful install.
  const installed = mtimeMs(join(repoRoot, 'node_modules', '.package-lock.json'));
  const lock = mtimeMs(join(repoRoot, 'package-lock.json'));
  return installed === undefined || (lock !== undefined && lock > installed);
}

/** Returns npm's exit status (0 when nothing had to be done). */
export function ensureInstall() {
  if (!installIsStale()) return 0;
  console.log('ensure-install: node_modules missing or out of date, running npm install');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.error) console.error(`ensure-install: could not run npm: ${result.error.message}`);
  return result.status ?? 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = ensureInstall();
}
