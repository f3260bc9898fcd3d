// Probes (and on this machine, starts) the local RabbitMQ, Redis and PostgreSQL.
// Usage: node tools/scripts/infra.mjs check|ensure
import { exec } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execAsync = promisify(exec);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const PROBE_TIMEOUT_MS = 1_000;
const START_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 500;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

export const DOCKER_HINT = 'docker compose up -d rabbitmq redis postgres';

const SERVICES = [
  {
    name: 'rabbitmq',
    envVar: 'RABBITMQ_URL',
    defaultUrl: 'amqp://guest:guest@127.0.0.1:5672',
    defaultPort: 5672,
    binary: 'rabbitmq-server',
    start: 'rabbitmq-server -detached',
    // The port opens before the node is fully booted; ping confirms it can serve.
    ready: 'rabbitmq-diagnostics -q ping',
  },
  {
    name: 'redis',
    envVar: 'REDIS_URL',
    defaultUrl: 'redis://127.0.0.1:6379',
    defaultPort: 6379,
    binary: 'redis-server',
    start:
      'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no' +
      ' --dir /var/lib/redis --logfile /var/log/redis/ci.log',
  },
  {
    name: 'postgres',
    envVar: 'DATABASE_URL',
    defaultUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
    defaultPort: 5432,
    binary: 'pg_ctlcluster',
    start: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  },
];

function serviceUrl(service) {
  return process.env[service.envVar] || service.defaultUrl;
}

function endpoint(service) {
  const url = new URL(serviceUrl(service));
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(url.port) || service.defaultPort,
  };
}

export function redactUrl(url) {
  return url.replace(/\/\/([^:/@]+):[^@/]+@/, '//$1:***@');
}

function probe({ host, port }) {
  return new Promise((done) => {
    const socket = connect({ host, port, timeout: PROBE_TIMEOUT_MS });
    const finish = (up) => {
      socket.destroy();
      done(up);
    };
    socket.once('connect', () => finish(true));
    socket.once('timeout', () => finish(false));
    socket.once('error', () => finish(false));
  });
}

async function commandExists(name) {
  try {
    await execAsync(`command -v ${name}`);
    return true;
  } catch {
    return false;
  }
}

async function succeeds(command) {
  try {
    await execAsync(command, { timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((wake) => setTimeout(wake, ms));

async function waitUntil(check, deadline) {
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(POLL_INTERVAL_MS);
  }
  return false;
}

function statusOf(service, up) {
  return { name: service.name, url: serviceUrl(service), up };
}

export async function checkInfra() {
  return Promise.all(SERVICES.map(async (s) => statusOf(s, await probe(endpoint(s)))));
}

/** True when this machine has the service's native start command and the URL points here. */
export async function canStartLocally(name) {
  const service = SERVICES.find((s) => s.name === name);
  if (!service || !LOCAL_HOSTS.has(endpoint(service).host)) return false;
  return commandExists(service.binary);
}

async function startService(service) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  console.log(`infra: starting ${service.name}: ${service.start}`);
  try {
    const { stdout, stderr } = await execAsync(service.start, { timeout: START_TIMEOUT_MS });
    const output = `${stdout}${stderr}`.trim();
    if (output) console.log(output);
  } catch (error) {
    // A failed start command may still leave the service up (e.g. a concurrent start).
    console.error(`infra: start command for ${service.name} failed: ${error.message.trim()}`);
    return probe(endpoint(service));
  }
  const portOpen = await waitUntil(() => probe(endpoint(service)), deadline);
  if (!portOpen || !service.ready) return portOpen;
  if (!(await commandExists(service.ready.split(' ')[0]))) return true;
  return waitUntil(() => succeeds(service.ready), deadline);
}

/** Starts whatever is down with this machine's own commands; safe to call repeatedly. */
export async function ensureInfra() {
  const needsManualStart = [];
  const results = await Promise.all(
    SERVICES.map(async (service) => {
      if (await probe(endpoint(service))) return statusOf(service, true);
      if (!(await canStartLocally(service.name))) {
        needsManualStart.push(statusOf(service, false));
        return statusOf(service, false);
      }
      const up = await startService(service);
      console.log(`infra: ${service.name} ${up ? 'is up' : 'did not come up within 60 s'}`);
      return statusOf(service, up);
    }),
  );
  printDownHint(needsManualStart);
  return results;
}

export function printDownHint(down) {
  for (const service of down) {
    console.error(`infra: ${service.name} is down (${redactUrl(service.url)})`);
  }
  if (down.length > 0) console.error(`infra: start the infrastructure with: ${DOCKER_HINT}`);
}

function printStatus(results) {
  for (const { name, url, up } of results) {
    console.log(`${up ? 'up  ' : 'DOWN'}  ${name.padEnd(8)}  ${redactUrl(url)}`);
  }
}

// Same URLs as the apps: a developer's .env overrides the built-in defaults.
function loadDotEnv() {
  const file = resolve(repoRoot, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

async function main(command) {
  loadDotEnv();
  if (command === 'check') {
    const results = await checkInfra();
    printStatus(results);
    const down = results.filter((r) => !r.up);
    printDownHint(down);
    if (down.length > 0 && (await canStartLocally(down[0].name))) {
      console.error(
        "infra: or, with this machine's native services: node tools/scripts/infra.mjs ensure",
      );
    }
    return down.length === 0 ? 0 : 1;
  }
  if (command === 'ensure') {
    const results = await ensureInfra();
    printStatus(results);
    const down = results.filter((r) => !r.up);
    if (down.length > 0) console.error(`infra: still down: ${down.map((r) => r.name).join(', ')}`);
    return down.length === 0 ? 0 : 1;
  }
  console.error('usage: node tools/scripts/infra.mjs check|ensure');
  return 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv[2]);
}
