#!/usr/bin/env node
// `npx medicalink`: runs the compiled CLI from dist/, building the workspace first if it has
// not been built yet (a fresh clone after `npm install`).
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');

const repoRoot = resolve(__dirname, '../../..');
const entry = join(repoRoot, 'dist/apps/cli/src/main.js');
if (!existsSync(entry)) {
  process.stderr.write('medicalink: first run, building the workspace (npm run build)...\n');
  const build = spawnSync(process.execPath, [join(repoRoot, 'tools/scripts/build.mjs')], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
require(entry)
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
