/**
 * Gateway benchmark (`npm run bench:gateway`), three rows at concurrency 64, BENCH_SECONDS each:
 *   gateway hit    autocannon -> GET /doctors/:id, admin bearer token: gateway -> orchestrator -> Redis hit
 *                  (with the CPU ms per request of each app, RabbitMQ, Redis and PostgreSQL)
 *   gateway miss   the same with `Cache-Control: no-cache` (staff bypass): orchestrator -> directory + accounts
 *   fan-out        the miss at one connection (its latency alone), the orchestrator restarted in turn
 *                  with DOCTOR_READ_FAN_OUT=false (directory, then accounts) and true (both at once),
 *                  BENCH_FANOUT_ROUNDS rounds (3) of BENCH_FANOUT_SECONDS (5) each, alternating; the
 *                  ratio of the medians of their mean latencies (gateway/fan-out.ts). Needs a system
 *                  this run started.
 *   raw-rpc echo   the rpc bench's raw amqplib echo (its server and closed-loop client, unchanged)
 *   http floor     autocannon -> a bare Fastify route making one raw amqplib RPC to that echo server
 *                  (gateway/floor-gateway.ts): HTTP plus one RabbitMQ round trip with no framework,
 *                  auth, validation or cache, i.e. about the most a gateway hit could reach here
 * Each row has an uncounted warm-up of BENCH_WARMUP_MS first. Any connection error, timeout or
 * non-2xx answer fails the run (what failed is printed instead of the ratios, exit 1), and so
 * does a hit row the orchestrator did not serve from the cache (checked on its /metrics when
 * this run started the system).
 *
 * System: by default the six apps are started from dist/ as processes in a fresh namespace
 * (free ports, LOG_LEVEL=warn, NODE_ENV=production, a random JWT secret and bootstrap admin,
 * PASSWORD_HASH_COST=1024) and everything is removed at the end, also on errors and Ctrl-C.
 * With BENCH_GATEWAY_URL and BENCH_TOKEN (admin or main) it uses that gateway instead; the raw
 * row then uses RABBITMQ_URL. One doctor is created through POST /doctors either way.
 *
 * The results start with the machine's speed (machine-speed.ts), measured before the load.
 *
 * Env: BENCH_SECONDS (10), BENCH_WARMUP_MS (1000), BENCH_ONLY (comma list of hit, miss, fan-out,
 * raw-rpc, floor), BENCH_PROFILE (comma list of app names such as api-gateway, orchestrator, and raw-server,
 * raw-client, floor: those processes run with --cpu-prof, profiles written on exit to BENCH_PROFILE_DIR,
 * default <tmpdir>/gateway-bench-profiles). Results go to stdout, progress to stderr.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { medianMeanMs, runFanOutRounds, type FanOutRound } from './gateway/fan-out';
import { runHttpLoad, stopHttpLoad, type HttpLoadResult } from './gateway/http-load';
import { runFloorRow, runRawRpcRow, stopChild, type RawRpcOptions } from './gateway/raw-rpc';
import {
  externalGatewayTarget,
  request,
  startGatewayTarget,
  type GatewayTarget,
} from './gateway-target';
import { commaList, cpuProfileDir, cpuProfileFlags, positiveEnv } from './env';
import { describeMachineSpeed, measureMachineSpeed } from './machine-speed';
import { finishBench } from './report';
import { BenchCleanup, runBench } from './run-bench';
import { addCpuMs, describeCpuPerRequest, systemCpuMeter } from './process-cpu';
import { fixed, formatLine } from './table';

const CONNECTIONS = 64;
const ROWS = ['hit', 'miss', 'fan-out', 'raw-rpc', 'floor'] as const;
type RowKind = (typeof ROWS)[number];
const ROW_LABELS: Record<RowKind, string> = {
  hit: 'gateway hit',
  miss: 'gateway miss',
  'fan-out': 'miss fan-out',
  'raw-rpc': 'raw-rpc echo',
  floor: 'http floor',
};

interface Row {
  kind: RowKind;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** where a request's CPU went (a system this run started) */
  cpu?: string;
}

const forked = new Set<ChildProcess>();
/** Stops everything this run started (forked children first, then apps) and deletes the namespace. */
const cleanup = new BenchCleanup(async () => {
  await Promise.all([...forked].map((child) => stopChild(child)));
});
let interrupted = false;

function selectedRows(): RowKind[] {
  const wanted = commaList('BENCH_ONLY');
  if (wanted.length === 0) return [...ROWS];
  const unknown = wanted.filter((name) => !(ROWS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown row(s) ${unknown.join(', ')}`);
  return ROWS.filter((row) => wanted.includes(row));
}

const profiled = new Set(commaList('BENCH_PROFILE'));
const profileDir = cpuProfileDir('gateway-bench-profiles');
const profileFlags = (name: string) => cpuProfileFlags(name, 'gateway-bench-profiles');

const load1 = () => (loadavg()[0] ?? Number.NaN).toFixed(2);
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Creates the doctor every request reads, through the saga (POST /doctors). */
async function createDoctor(system: GatewayTarget): Promise<string> {
  const tag = randomBytes(4).toString('hex');
  const reply = await request(system.gatewayUrl, 'POST', '/doctors', {
    token: system.token,
    body: {
      email: `bench-dr-${tag}@medicalink.local`,
      password: `Bench-pw-${randomBytes(12).toString('hex')}`,
      fullName: `Dr. Bench ${tag}`,
      phone: '+44 20 7946 0000',
      specialty: 'Dermatology',
      licenseNumber: `BENCH-${tag}`,
      bio: 'Answers benchmark requests.',
    },
  });
  const doctorId = (reply.body as { doctorId?: unknown } | undefined)?.doctorId;
  if (reply.status !== 201 || typeof doctorId !== 'string')
    throw new Error(`POST /doctors failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return doctorId;
}

/** Fills the cache and checks both paths answer as they should before any load. */
async function warmCache(system: GatewayTarget, path: string): Promise<void> {
  const read = async (headers: Record<string, string> = {}) => {
    const reply = await request(system.gatewayUrl, 'GET', path, { token: system.token, headers });
    const cache = (reply.body as { cache?: { hit?: boolean } } | undefined)?.cache;
    if (reply.status !== 200 || !cache)
      throw new Error(`GET ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return cache.hit === true;
  };
  await read();
  if (!(await read())) throw new Error(`GET ${path} is not served from the cache after a read`);
  if (await read({ 'cache-control': 'no-cache' }))
    throw new Error(`GET ${path} with Cache-Control: no-cache was served from the cache`);
}

type Lookups = Record<'hit' | 'miss' | 'degraded', number>;

/** The orchestrator's cache_lookups_total for scope "doctor". */
async function doctorLookups(orchestratorUrl: string): Promise<Lookups> {
  const text = await (await fetch(`${orchestratorUrl}/metrics`)).text();
  const counts: Lookups = { hit: 0, miss: 0, degraded: 0 };
  for (const match of text.matchAll(/^cache_lookups_total\{([^}]*)\}\s+(\S+)$/gm)) {
    const labels = match[1] ?? '';
    const result = /result="(\w+)"/.exec(labels)?.[1];
    if (!labels.includes('scope="doctor"') || !result || !(result in counts)) continue;
    counts[result as keyof Lookups] += Number(match[2]);
  }
  return counts;
}

async function httpRow(
  system: GatewayTarget,
  kind: 'hit' | 'miss',
  path: string,
  warmupMs: number,
  durationMs: number,
  problems: string[],
): Promise<Row> {
  const headers: Record<string, string> = { authorization: `Bearer ${system.token}` };
  if (kind === 'miss') headers['cache-control'] = 'no-cache';
  const options = { url: `${system.gatewayUrl}${path}`, headers, connections: CONNECTIONS };
  const before = system.orchestratorUrl ? await doctorLookups(system.orchestratorUrl) : undefined;
  const warm = await runHttpLoad({ ...options, durationMs: warmupMs });
  const pids = new Map([...system.apps].map(([app, child]) => [app, child.child.pid ?? -1]));
  const meter = pids.size > 0 ? systemCpuMeter(pids) : undefined;
  meter?.begin();
  const result = await runHttpLoad({ ...options, durationMs });
  const cpuMs = new Map<string, number>();
  if (meter) addCpuMs(cpuMs, meter.end());
  reportProblems(problems, kind, warm, result);
  if (kind === 'hit' && before && system.orchestratorUrl) {
    const after = await doctorLookups(system.orchestratorUrl);
    const served = warm.total2xx + result.total2xx;
    const hits = after.hit - before.hit;
    const others = after.miss - before.miss + (after.degraded - before.degraded);
    // Concurrent reads of one key share a lookup (CacheService single-flight), so hits < answers.
    log(
      `  orchestrator cache lookups during the hit row: ${hits} hits (shared by ${served} answers), ${others} misses/degraded`,
    );
    if (others > 0 || hits === 0)
      problems.push(`gateway hit: ${hits} cache hits but ${others} misses/degraded reads`);
  }
  const row = httpLoadRow(kind, result);
  return meter ? { ...row, cpu: describeCpuPerRequest(cpuMs, result.total2xx) } : row;
}

function httpLoadRow(kind: RowKind, result: HttpLoadResult): Row {
  return { kind, reqPerSec: result.reqPerSec, p50Ms: result.p50Ms, p99Ms: result.p99Ms };
}

function reportProblems(
  problems: string[],
  kind: RowKind,
  warm: HttpLoadResult,
  result: HttpLoadResult,
): void {
  for (const [what, run] of [
    ['warm-up', warm],
    ['run', result],
  ] as const) {
    for (const problem of run.problems) problems.push(`${ROW_LABELS[kind]} ${what}: ${problem}`);
  }
}

const COLUMNS = [14, 10, 9, 9];
const formatRow = (row: Row) =>
  formatLine(COLUMNS, [
    ROW_LABELS[row.kind],
    fixed(row.reqPerSec, 1),
    fixed(row.p50Ms, 2),
    fixed(row.p99Ms, 2),
  ]);

/**
 * The fan-out rows: each mode's median mean miss latency, and their ratio (printed, as every
 * ratio, only when no row failed: a failed fan-out round is one of the problems).
 */
function fanOutLines(rounds: readonly FanOutRound[]): { lines: string[]; ratios: string[] } {
  if (rounds.length === 0) return { lines: [], ratios: [] };
  const sequential = medianMeanMs(rounds, 'sequential');
  const parallel = medianMeanMs(rounds, 'fan-out');
  const count = (mode: string) => rounds.filter((round) => round.mode === mode).length;
  return {
    lines: [
      `miss latency at c=1 (median of ${count('fan-out')} alternating rounds of mean latency): ` +
        `sequential ${fixed(sequential, 2)} ms, fan-out ${fixed(parallel, 2)} ms`,
    ],
    ratios: [`fan-out ratio sequential/fan-out miss latency: ${fixed(sequential / parallel, 2)}`],
  };
}

async function main(): Promise<void> {
  const durationMs = Math.round(positiveEnv('BENCH_SECONDS', 10) * 1000);
  const warmupMs = Math.round(positiveEnv('BENCH_WARMUP_MS', 1000));
  const rows = selectedRows();
  const externalUrl = process.env['BENCH_GATEWAY_URL'];
  const externalToken = process.env['BENCH_TOKEN'];
  if (Boolean(externalUrl) !== Boolean(externalToken))
    throw new Error('BENCH_GATEWAY_URL and BENCH_TOKEN go together');
  const loadAtStart = load1();
  const speed = await measureMachineSpeed();
  log(
    `gateway bench (load average ${loadAtStart} on ${availableParallelism()} CPUs): ` +
      `c=${CONNECTIONS}, ${durationMs / 1000} s per row (+${warmupMs} ms warm-up), rows ${rows.join(', ')}`,
  );
  if (profiled.size > 0) log(`cpu profiles of ${[...profiled].join(', ')} go to ${profileDir}`);

  const results: Row[] = [];
  const problems: string[] = [];
  let system: GatewayTarget | undefined;
  let fanOut: FanOutRound[] = [];
  try {
    if (rows.includes('hit') || rows.includes('miss') || rows.includes('fan-out')) {
      system =
        externalUrl && externalToken
          ? externalGatewayTarget(externalUrl, externalToken)
          : await startGatewayTarget({ onStop: (stop) => cleanup.add(stop), profileFlags });
      const doctorId = await createDoctor(system);
      const path = `/doctors/${doctorId}`;
      await warmCache(system, path);
      log(`doctor ${doctorId} created and cached; gateway ${system.gatewayUrl}`);
      for (const kind of ['hit', 'miss'] as const) {
        if (!rows.includes(kind) || interrupted) continue;
        log(`${ROW_LABELS[kind]}: running`);
        const row = await httpRow(system, kind, path, warmupMs, durationMs, problems);
        results.push(row);
        log(`  ${formatRow(row)}   (load average ${load1()})`);
      }
      if (rows.includes('fan-out') && !interrupted) {
        if (externalUrl) {
          problems.push('miss fan-out: needs a system this run starts (not BENCH_GATEWAY_URL)');
        } else {
          log(`${ROW_LABELS['fan-out']}: running (the orchestrator restarts between rounds)`);
          fanOut = await runFanOutRounds(system, {
            path,
            rounds: Math.round(positiveEnv('BENCH_FANOUT_ROUNDS', 3)),
            warmupMs,
            durationMs: Math.round(positiveEnv('BENCH_FANOUT_SECONDS', 5) * 1000),
            log,
            interrupted: () => interrupted,
          });
          for (const { mode, result } of fanOut) {
            for (const problem of result.problems) problems.push(`miss ${mode}: ${problem}`);
          }
        }
      }
      // The apps are idle from here on; stop them so the raw row has the machine to itself.
      await system.stop();
    }
    const rawOptions: RawRpcOptions = {
      rabbitmqUrl:
        system?.rabbitmqUrl ?? (process.env['RABBITMQ_URL'] || 'amqp://guest:guest@127.0.0.1:5672'),
      runId: `gwbench-${randomBytes(4).toString('hex')}`,
      concurrency: CONNECTIONS,
      warmupMs,
      durationMs,
      nodeFlags: profileFlags,
      track: (child) => {
        forked.add(child);
        child.once('exit', () => forked.delete(child));
      },
    };
    if (rows.includes('raw-rpc') && !interrupted) {
      log(`${ROW_LABELS['raw-rpc']}: running`);
      const raw = await runRawRpcRow(rawOptions);
      if (raw.errors > 0)
        problems.push(`raw-rpc echo: ${raw.errors} failed calls, first: ${raw.firstError}`);
      if (raw.completed === 0) problems.push('raw-rpc echo: no call completed inside the window');
      const row: Row = {
        kind: 'raw-rpc',
        reqPerSec: raw.reqPerSec,
        p50Ms: raw.p50Ms,
        p99Ms: raw.p99Ms,
      };
      results.push(row);
      log(`  ${formatRow(row)}   (load average ${load1()})`);
    }
    if (rows.includes('floor') && !interrupted) {
      log(`${ROW_LABELS.floor}: running`);
      const { warm, result } = await runFloorRow(rawOptions);
      reportProblems(problems, 'floor', warm, result);
      const row = httpLoadRow('floor', result);
      results.push(row);
      log(`  ${formatRow(row)}   (load average ${load1()})`);
    }
  } catch (error) {
    problems.push((error as Error).message);
    for (const app of system?.apps.values() ?? []) {
      if (!app.alive())
        log(`--- ${app.name} exited (code ${app.child.exitCode}):\n${app.output()}`);
    }
  } finally {
    await cleanup.run();
  }

  const find = (kind: RowKind) => results.find((row) => row.kind === kind)?.reqPerSec;
  const ratio = (a: RowKind, b: RowKind) => {
    const x = find(a);
    const y = find(b);
    return x !== undefined && y !== undefined ? fixed(x / y, 2) : 'n/a';
  };
  finishBench('gateway', {
    lines: [
      `# gateway bench: c=${CONNECTIONS}, ${durationMs / 1000} s per row, load average (1 min) ${loadAtStart} at start, ${load1()} at end, ${availableParallelism()} CPUs`,
      `# ${describeMachineSpeed(speed)}`,
      formatLine(COLUMNS, ['row', 'req/s', 'p50 ms', 'p99 ms']),
      ...results.map(formatRow),
      ...results.flatMap((row) => (row.cpu ? [`${ROW_LABELS[row.kind]} ${row.cpu}`] : [])),
      ...fanOutLines(fanOut).lines,
    ],
    ratios: [
      `floor ratio floor/raw-rpc: ${ratio('floor', 'raw-rpc')} (the hit row's ceiling here), hit/floor: ${ratio('hit', 'floor')}`,
      `gateway ratio hit/miss: ${ratio('hit', 'miss')}, hit/raw-rpc: ${ratio('hit', 'raw-rpc')}`,
      ...fanOutLines(fanOut).ratios,
    ],
    problems,
  });
}

runBench('gateway', main, {
  cleanup: () => cleanup.run(),
  onInterrupt: () => {
    interrupted = true;
    stopHttpLoad();
  },
});
