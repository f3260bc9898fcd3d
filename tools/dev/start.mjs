// `npm start`: installs if needed, loads .env, makes sure RabbitMQ/Redis/PostgreSQL are up,
// builds, then runs the apps (each in --replicas N processes) with prefixed output until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
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

const USAGE = `usage: node tools/dev/start.mjs [--only <app>[,<app>]] [<app>...] [--replicas N]
       [--base-port P] [--no-build] [--dry-run]
apps: ${APPS.map((a) => a.name).join(', ')}
--replicas N    N processes of each app (default MEDICALINK_REPLICAS, else 1)
--base-port P   ports laid out one after another from P: the gateways first, then each
                app's replicas (default GATEWAY_PORT when N > 1)
--only          adds processes to a running system: each takes the first free port from
                its usual one upward`;

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
  const options = {
    names: [],
    onlyFlag: false,
    build: true,
    dryRun: false,
    help: false,
    replicas: undefined,
    basePort: undefined,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inlineValue] = arg.startsWith('--') ? splitFlag(arg) : [arg, undefined];
    if (flag === '--replicas' || flag === '--base-port') {
      const value = inlineValue ?? argv[(i += 1)];
      const key = flag === '--replicas' ? 'replicas' : 'basePort';
      options[key] = positiveInteger(flag, value, key === 'basePort' ? 65_535 : MAX_REPLICAS);
    } else if (arg === '--no-build') options.build = false;
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

const MAX_REPLICAS = 16;

function splitFlag(arg) {
  const at = arg.indexOf('=');
  return at === -1 ? [arg, undefined] : [arg.slice(0, at), arg.slice(at + 1)];
}

function positiveInteger(flag, value, max) {
  const number = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || number < 1 || number > max) {
    throw new UsageError(
      `${flag} needs a whole number from 1 to ${max}, got ${value ?? 'nothing'}`,
    );
  }
  return number;
}

/** --replicas, else MEDICALINK_REPLICAS (the docker-compose setting), else 1. */
function replicaCount(options) {
  if (options.replicas !== undefined) return options.replicas;
  const fromEnv = process.env.MEDICALINK_REPLICAS;
  return fromEnv === undefined || fromEnv === ''
    ? 1
    : positiveInteger('MEDICALINK_REPLICAS', fromEnv, MAX_REPLICAS);
}

/**
 * The processes to run, each with its label and port. One replica and no --base-port: each app
 * on its own *_HTTP_PORT as always. Otherwise one port after another from the base, the gateways
 * first (so they are the consecutive ports a load balancer is given), then each app's replicas.
 */
export function planProcesses(apps, { replicas, basePort }) {
  const ordered = [
    ...apps.filter((app) => app.name === GATEWAY),
    ...apps.filter((app) => app.name !== GATEWAY),
  ];
  const laidOut = replicas > 1 || basePort !== undefined;
  const base = basePort ?? portOf(APPS.find((app) => app.name === GATEWAY));
  const processes = [];
  for (const app of ordered) {
    for (let replica = 1; replica <= replicas; replica += 1) {
      processes.push({
        app,
        label: replica === 1 ? app.name : `${app.name}#${replica}`,
        port: laidOut ? base + processes.length : portOf(app),
      });
    }
  }
  return processes;
}

function portIsFree(port) {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, process.env.HTTP_HOST || '127.0.0.1', () =>
      server.close(() => resolveFree(true)),
    );
  });
}

/** --only adds to a running system: each process moves up to the first port nothing holds. */
async function movePastTakenPorts(processes) {
  const taken = new Set();
  for (const planned of processes) {
    let port = planned.port;
    while (taken.has(port) || !(await portIsFree(port))) port += 1;
    taken.add(port);
    planned.port = port;
  }
  return processes;
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

async function dryRun(options, processes, envFile) {
  console.log('dry run: nothing is installed, started or built');
  console.log(
    'install: node tools/scripts/ensure-install.mjs (npm install only if node_modules is stale)',
  );
  console.log(`env: ${envFile ?? 'no .env or .env.example found'}`);
  for (const { name, url, up } of await checkInfra()) {
    console.log(`infra: ${name} ${up ? 'up' : 'DOWN'} (${redactUrl(url)})`);
  }
  console.log(`build: ${options.build ? 'npm run build' : 'skipped (--no-build)'}`);
  for (const { app, label, port } of processes) {
    const command = `node --enable-source-maps ${entryOf(app)}`;
    console.log(`start: ${label.padEnd(21)} ${command}  (http port ${port})`);
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

async function waitForHealthy(url, isStopping, timeoutMs = HEALTH_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
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

function runApps(processes) {
  const apps = [...new Set(processes.map(({ app }) => app))];
  const missing = apps.filter((app) => !existsSync(join(repoRoot, entryOf(app))));
  if (missing.length > 0) {
    fail(`missing ${missing.map(entryOf).join(', ')}; run without --no-build (or npm run build)`);
  }

  // The apps' loggers see a pipe, not our terminal; let them colour anyway when we do.
  const env =
    useColour && !process.env.FORCE_COLOR ? { ...process.env, FORCE_COLOR: '1' } : process.env;
  const width = Math.max(...processes.map(({ label }) => label.length));
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
      for (const { label, child } of alive.filter(({ child }) => isRunning(child))) {
        console.error(`start: ${label} did not stop within ${STOP_GRACE_MS / 1000} s, killing it`);
        child.kill('SIGKILL');
      }
      await allClosed;
    }
    process.exit(exitCode);
  }

  processes.forEach(({ app, label, port }) => {
    const child = spawn(process.execPath, ['--enable-source-maps', entryOf(app)], {
      cwd: repoRoot,
      env: { ...env, [app.portVar]: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = `${colour(label.padEnd(width), APPS.indexOf(app))} | `;
    pipeLines(child.stdout, process.stdout, prefix);
    pipeLines(child.stderr, process.stderr, prefix);
    child.on('error', (error) => console.error(`start: ${label}: ${error.message}`));
    const closed = new Promise((done) => child.once('close', done));
    child.once('close', (code, signal) => {
      if (stopping) return;
      console.error(
        `start: ${label} exited unexpectedly (${describeExit(code, signal)}); stopping the others`,
      );
      void stopAll(1);
    });
    running.push({ label, child, closed });
  });

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (stopping) {
        // Second Ctrl-C: do not wait for the grace period.
        for (const { child } of running) if (isRunning(child)) child.kill('SIGKILL');
        process.exit(1);
      }
      console.log(`\nstart: ${signal} received, stopping ${running.length} process(es)`);
      void stopAll(0);
    });
  }
  // Last resort if this script dies some other way: never leave orphaned apps behind.
  process.on('exit', () => {
    for (const { child } of running) if (isRunning(child)) child.kill('SIGKILL');
  });

  void announceReady(processes, () => stopping);
}

async function announceReady(processes, isStopping) {
  const gateways = processes.filter(({ app }) => app.name === GATEWAY);
  const watched = gateways.length > 0 ? gateways : processes;
  const healthy = await Promise.all(
    watched.map(({ port }) => waitForHealthy(`http://127.0.0.1:${port}/health`, isStopping)),
  );
  if (isStopping()) return;
  const slow = watched.filter((_, i) => !healthy[i]).map(({ label }) => label);
  if (slow.length > 0) {
    console.warn(
      `start: no healthy /health from ${slow.join(', ')} after ${HEALTH_TIMEOUT_MS / 1000} s; still running`,
    );
    // Many replicas on a busy machine can take longer: keep waiting, and say so once they answer.
    const late = watched.filter((_, i) => !healthy[i]);
    await Promise.all(
      late.map(({ port }) =>
        waitForHealthy(`http://127.0.0.1:${port}/health`, isStopping, Infinity),
      ),
    );
    if (isStopping()) return;
  }
  if (gateways.length > 0) {
    const [first] = gateways;
    console.log(
      `MedicaLink is up: http://localhost:${first.port} (docs at /docs); web console: http://localhost:${first.port}/console/`,
    );
    if (gateways.length > 1) {
      const urls = gateways.map(({ port }) => `http://localhost:${port}`);
      console.log(`gateways (${gateways.length}): ${urls.join(' ')}`);
    }
  } else {
    const urls = processes.map(({ label, port }) => `${label} http://localhost:${port}/health`);
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
  const envFile = loadEnv();
  let processes;
  try {
    processes = planProcesses(apps, {
      replicas: replicaCount(options),
      basePort: options.basePort,
    });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`start: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (options.onlyFlag) await movePastTakenPorts(processes);
  if (options.dryRun) {
    await dryRun(options, processes, envFile);
    return;
  }

  const installStatus = ensureInstall();
  if (installStatus !== 0) fail('npm install failed', installStatus);
  await prepareInfra();
  if (options.build) build();
  runApps(processes);
}

// Imported by its test for planProcesses; run as a script otherwise.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
