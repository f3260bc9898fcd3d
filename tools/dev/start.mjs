// `npm start`: installs if needed, loads .env, makes sure RabbitMQ/Redis/PostgreSQL are up,
// builds, then runs the apps with prefixed output until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureInstall } from '../scripts/ensure-install.mjs';
import {
  canStartLocally,
  checkInfra,
  ensureInfra,
  printDownHint,
  redactUrl,
} from '../scripts/infra.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const APPS = [
  { name: 'api-gateway', portVar: 'GATEWAY_PORT', defaultPort: 3000 },
  { name: 'orchestrator', portVar: 'ORCHESTRATOR_HTTP_PORT', defaultPort: 3001 },
  { name: 'accounts', portVar: 'ACCOUNTS_HTTP_PORT', defaultPort: 3002 },
  { name: 'provider-directory', portVar: 'DIRECTORY_HTTP_PORT', defaultPort: 3003 },
  { name: 'product', portVar: 'PRODUCT_HTTP_PORT', defaultPort: 3004 },
  { name: 'education', portVar: 'EDUCATION_HTTP_PORT', defaultPort: 3005 },
];
const GATEWAY = 'api-gateway';

const STOP_GRACE_MS = 10_000;
const HEALTH_TIMEOUT_MS = 60_000;
const HEALTH_POLL_MS = 500;
const COLOURS = [36, 33, 32, 35, 34, 91];
const useColour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

const USAGE = `usage: node tools/dev/start.mjs [--only <app>[,<app>]] [<app>...] [--no-build] [--dry-run]
apps: ${APPS.map((a) => a.name).join(', ')}`;

class UsageError extends Error {}

const sleep = (ms) => new Promise((wake) => setTimeout(wake, ms));

function splitNames(value) {
  return value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

// Hand-rolled rather than util.parseArgs: `npm run start:app -- accounts` arrives as
// `--only accounts`, but `npm run start:app -- --no-build accounts` arrives as
// `--only --no-build accounts`, which parseArgs rejects as ambiguous.
function parseArgs(argv) {
  const options = { names: [], onlyFlag: false, build: true, dryRun: false, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--no-build') options.build = false;
    else if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg.startsWith('--only='))
      options.names.push(...splitNames(arg.slice('--only='.length)));
    else if (arg === '--only') {
      options.onlyFlag = true;
      if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('-')) {
        options.names.push(...splitNames(argv[(i += 1)]));
      }
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option: ${arg}`);
    else options.names.push(...splitNames(arg));
  }
  if (options.onlyFlag && options.names.length === 0) {
    throw new UsageError('--only needs at least one app name');
  }
  return options;
}

function selectApps(names) {
  const unknown = names.filter((name) => !APPS.some((app) => app.name === name));
  if (unknown.length > 0) throw new UsageError(`unknown app: ${unknown.join(', ')}`);
  return names.length === 0 ? APPS : APPS.filter((app) => names.includes(app.name));
}

/** Loads .env (or .env.example); variables already in the environment win. */
function loadEnv() {
  for (const file of ['.env', '.env.example']) {
    const path = join(repoRoot, file);
    if (existsSync(path)) {
      process.loadEnvFile(path);
      return file;
    }
  }
  return undefined;
}

function portOf(app) {
  return Number(process.env[app.portVar]) || app.defaultPort;
}

function entryOf(app) {
  return join('dist', 'apps', app.name, 'src', 'main.js');
}

function fail(message, code = 1) {
  console.error(`start: ${message}`);
  process.exit(code);
}

async function prepareInfra() {
  const down = (await checkInfra()).filter((service) => !service.up);
  if (down.length === 0) return;
  const startable = await Promise.all(down.map((service) => canStartLocally(service.name)));
  if (!startable.some(Boolean)) {
    printDownHint(down);
    process.exit(1);
  }
  const stillDown = (await ensureInfra()).filter((service) => !service.up);
  if (stillDown.length > 0) fail(`still down: ${stillDown.map((s) => s.name).join(', ')}`);
}

function build() {
  const result = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) fail('build failed', result.status || 1);
}

async function dryRun(options, apps, envFile) {
  console.log('dry run: nothing is installed, started or built');
  console.log(
    'install: node tools/scripts/ensure-install.mjs (npm install only if node_modules is stale)',
  );
  console.log(`env: ${envFile ?? 'no .env or .env.example found'}`);
  for (const { name, url, up } of await checkInfra()) {
    console.log(`infra: ${name} ${up ? 'up' : 'DOWN'} (${redactUrl(url)})`);
  }
  console.log(`build: ${options.build ? 'npm run build' : 'skipped (--no-build)'}`);
  for (const app of apps) {
    const command = `node --enable-source-maps ${entryOf(app)}`;
    console.log(`start: ${app.name.padEnd(18)} ${command}  (http port ${portOf(app)})`);
  }
}

function colour(text, index) {
  return useColour ? `\x1b[${COLOURS[index % COLOURS.length]}m${text}\x1b[0m` : text;
}

function pipeLines(stream, out, prefix) {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    out.write(`${prefix}${line}\n`);
  });
}

function isRunning(child) {
  return child.exitCode === null && child.signalCode === null;
}

function describeExit(code, signal) {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

async function waitForHealthy(url, isStopping) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (!isStopping() && Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(HEALTH_POLL_MS);
  }
  return false;
}

function runApps(apps) {
  const missing = apps.filter((app) => !existsSync(join(repoRoot, entryOf(app))));
  if (missing.length > 0) {
    fail(`missing ${missing.map(entryOf).join(', ')}; run without --no-build (or npm run build)`);
  }

  // The apps' loggers see a pipe, not our terminal; let them colour anyway when we do.
  const env =
    useColour && !process.env.FORCE_COLOR ? { ...process.env, FORCE_COLOR: '1' } : process.env;
  const width = Math.max(...apps.map((app) => app.name.length));
  const running = [];
  let stopping = false;

  async function stopAll(exitCode) {
    if (stopping) return;
    stopping = true;
    const alive = running.filter(({ child }) => isRunning(child));
    for (const { child } of alive) child.kill('SIGTERM');
    const allClosed = Promise.all(alive.map(({ closed }) => closed));
    const timedOut = await Promise.race([
      allClosed.then(() => false),
      sleep(STOP_GRACE_MS).then(() => true),
    ]);
    if (timedOut) {
      for (const { app, child } of alive.filter(({ child }) => isRunning(child))) {
        console.error(
          `start: ${app.name} did not stop within ${STOP_GRACE_MS / 1000} s, killing it`,
        );
        child.kill('SIGKILL');
      }
      await allClosed;
    }
    process.exit(exitCode);
  }

  apps.forEach((app, index) => {
    const child = spawn(process.execPath, ['--enable-source-maps', entryOf(app)], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = `${colour(app.name.padEnd(width), index)} | `;
    pipeLines(child.stdout, process.stdout, prefix);
    pipeLines(child.stderr, process.stderr, prefix);
    child.on('error', (error) => console.error(`start: ${app.name}: ${error.message}`));
    const closed = new Promise((done) => child.once('close', done));
    child.once('close', (code, signal) => {
      if (stopping) return;
      console.error(
        `start: ${app.name} exited unexpectedly (${describeExit(code, signal)}); stopping the others`,
      );
      void stopAll(1);
    });
    running.push({ app, child, closed });
  });

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (stopping) {
        // Second Ctrl-C: do not wait for the grace period.
        for (const { child } of running) if (isRunning(child)) child.kill('SIGKILL');
        process.exit(1);
      }
      console.log(`\nstart: ${signal} received, stopping ${running.length} app(s)`);
      void stopAll(0);
    });
  }
  // Last resort if this script dies some other way: never leave orphaned apps behind.
  process.on('exit', () => {
    for (const { child } of running) if (isRunning(child)) child.kill('SIGKILL');
  });

  void announceReady(apps, () => stopping);
}

async function announceReady(apps, isStopping) {
  const gateway = apps.find((app) => app.name === GATEWAY);
  const watched = gateway ? [gateway] : apps;
  const healthy = await Promise.all(
    watched.map((app) => waitForHealthy(`http://127.0.0.1:${portOf(app)}/health`, isStopping)),
  );
  if (isStopping()) return;
  const slow = watched.filter((_, i) => !healthy[i]).map((app) => app.name);
  if (slow.length > 0) {
    console.warn(
      `start: no healthy /health from ${slow.join(', ')} after ${HEALTH_TIMEOUT_MS / 1000} s; still running`,
    );
  } else if (gateway) {
    console.log(
      `MedicaLink is up: http://localhost:${portOf(gateway)} (docs at /docs); web console: http://localhost:${portOf(gateway)}/console/`,
    );
  } else {
    const urls = apps.map((app) => `${app.name} http://localhost:${portOf(app)}/health`);
    console.log(`Up: ${urls.join(', ')}`);
  }
}

async function main() {
  let options;
  let apps;
  try {
    options = parseArgs(process.argv.slice(2));
    apps = selectApps(options.names);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`start: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  if (options.dryRun) {
    await dryRun(options, apps, loadEnv());
    return;
  }

  const installStatus = ensureInstall();
  if (installStatus !== 0) fail('npm install failed', installStatus);
  loadEnv();
  await prepareInfra();
  if (options.build) build();
  runApps(apps);
}

await main();
