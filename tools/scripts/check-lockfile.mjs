// Keeps `npm ci` working on a fresh clone on Linux, macOS and Windows. `npm ci` refuses a lock
// file that lacks a workspace, or lacks any platform's optional binary (@swc/core-darwin-arm64,
// @nx/nx-win32-x64-msvc, ...), even on a platform that would not install it; `npm install`
// on one platform has been seen to write such lock files. This runs `npm ci --dry-run` as each
// platform on a copy of the manifests (no install, no registry), and names what is missing.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PLATFORMS = [
  { os: 'linux', cpu: 'x64' },
  { os: 'darwin', cpu: 'arm64' },
  { os: 'win32', cpu: 'x64' },
];

/** Every workspace folder of the root package.json (`apps/*` style globs and plain folders). */
function workspaceFolders(rootManifest) {
  return rootManifest.workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*'))
      return existsSync(join(repoRoot, pattern, 'package.json')) ? [pattern] : [];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(repoRoot, parent), { withFileTypes: true })
      .filter(
        (entry) =>
          entry.isDirectory() && existsSync(join(repoRoot, parent, entry.name, 'package.json')),
      )
      .map((entry) => `${parent}/${entry.name}`);
  });
}

/** Problems readable without npm: workspaces and optional binaries missing from the lock. */
function staticProblems(rootManifest, lock) {
  const problems = [];
  const packages = lock.packages ?? {};
  for (const folder of workspaceFolders(rootManifest)) {
    if (!packages[folder]) problems.push(`workspace ${folder} is not in package-lock.json`);
  }
  for (const [path, entry] of Object.entries(packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      const nested = `${path}/node_modules/${name}`;
      if (!packages[nested] && !packages[`node_modules/${name}`]) {
        problems.push(
          `${path || 'the root'}: optional dependency ${name} is not in package-lock.json`,
        );
      }
    }
  }
  return problems;
}

function dryRunCi(rootManifest) {
  const copy = mkdtempSync(join(tmpdir(), 'medicalink-lockfile-'));
  try {
    for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
      if (existsSync(join(repoRoot, file))) cpSync(join(repoRoot, file), join(copy, file));
    }
    for (const folder of workspaceFolders(rootManifest)) {
      cpSync(join(repoRoot, folder, 'package.json'), join(copy, folder, 'package.json'));
    }
    const failures = [];
    for (const { os, cpu } of PLATFORMS) {
      const result = spawnSync(
        'npm',
        [
          'ci',
          '--dry-run',
          '--ignore-scripts',
          '--no-audit',
          '--no-fund',
          '--offline',
          `--os=${os}`,
          `--cpu=${cpu}`,
        ],
        { cwd: copy, encoding: 'utf8', shell: process.platform === 'win32' },
      );
      if (result.status !== 0) {
        const reasons = `${result.stdout}\n${result.stderr}`
          .split('\n')
          .filter((line) => /Missing:|Invalid:|in sync|ENOTCACHED|ERESOLVE/i.test(line))
          .slice(0, 10);
        failures.push(`npm ci as ${os}-${cpu} fails:\n  ${reasons.join('\n  ')}`);
      }
    }
    return failures;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

const rootManifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8'));
const problems = [...staticProblems(rootManifest, lock), ...dryRunCi(rootManifest)];
if (problems.length > 0) {
  console.error(
    `check-lockfile: package-lock.json would break \`npm ci\`:\n- ${problems.join('\n- ')}`,
  );
  console.error(
    "Fix: `npm install --package-lock-only --no-audit --no-fund` (writes every platform's optional binaries), then commit package-lock.json.",
  );
  process.exit(1);
}
console.log(
  `check-lockfile: npm ci accepts package-lock.json on ${PLATFORMS.map((p) => `${p.os}-${p.cpu}`).join(', ')}`,
);
