// `npm run db:migrate`: creates each app's database if missing and applies its
// migrations (the apps also do this at start). Reads .env, else .env.example.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './swc-options.mjs';

const APPS_WITH_DATABASE = [
  'accounts',
  'provider-directory',
  'orchestrator',
  'product',
  'education',
];

const envFile = ['.env', '.env.example']
  .map((name) => join(repoRoot, name))
  .find((path) => existsSync(path));
if (envFile) process.loadEnvFile(envFile);

let failed = false;
for (const app of APPS_WITH_DATABASE) {
  const script = join(repoRoot, 'dist/apps', app, 'src/migrate.js');
  if (!existsSync(script)) continue;
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
