/**
 * Product bench (`npm run bench:product`), five rows at concurrency 32 in one run, each
 * BENCH_REQUESTS requests from a closed loop of 32 keep-alive connections
 * (product/request-load.ts), through the gateway. Every row first runs BENCH_WARMUP_REQUESTS
 * uncounted requests (a few hundred leave the first row's code paths unoptimized by the JIT
 * and its p50 twice what it settles at); then the rows take turns in BENCH_ROUNDS rounds, each
 * a share of their requests, and each row's rounds are pooled. A round starts once the system
 * is quiet (what the previous row left behind, such as relayed events, is not counted). The rows:
 *   session step   POST /private/products/orchestrate/session/:id/product, each on a fresh session
 *                  (created beforehand): owner check, validation, the code check (the
 *                  orchestrator's copy of taken codes, read with the session), one compare-and-set
 *   session read   GET .../session/:id/progress: the step's path (owner check, Redis read) without
 *                  the validation and the write; the floor of a step
 *   cached read    GET /doctors/:id served from the orchestrator's Redis cache: the reference
 *   commit         POST .../session/:id/commit, each on its own session with a staged product
 *                  (unique code): the product service's createWithTarget plus the session writes
 *   direct create  POST /private/products with a unique code: the product service alone
 * Last line: `product ratios: step/cached-read p50 <x>, commit/direct throughput <y>` (the targets:
 * x <= 1.5, a step costs at most half again a cached read; y >= 0.7, the session's commit keeps
 * at least 70 % of direct creation's throughput). Any error, timeout or non-2xx answer fails
 * the run: what failed is printed instead of the ratios, exit 1.
 *
 * System: the six apps from dist/ as processes in a fresh namespace (gateway-target.ts, as for
 * `bench:gateway`), removed at the end, also on errors and Ctrl-C. Sessions, products and the doctor are
 * created through the gateway with the bench's admin token.
 *
 * Under the table, per row: the CPU milliseconds each process spent per request
 * (process-cpu.ts), which says where a row's time goes on a machine whose cores all share it.
 *
 * Env: BENCH_REQUESTS (4000), BENCH_WARMUP_REQUESTS (2000), BENCH_ROUNDS (4), BENCH_PROFILE (app names run with
 * --cpu-prof, written to BENCH_PROFILE_DIR, default <tmpdir>/product-bench-profiles), BENCH_ROWS
 * (row kinds to run, default all: step, progress, read, commit, direct).
 * Results go to stdout, progress to stderr.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { mapBounded, seedProductBody } from '@medicalink/testing';
import { commaList, cpuProfileDir, cpuProfileFlags, positiveEnv } from './env';
import { request, startGatewayTarget, type GatewayTarget } from './gateway-target';
import { describeMachineSpeed, measureMachineSpeed } from './machine-speed';
import { addCpuMs, describeCpuPerRequest, systemCpuMeter, waitForQuiet } from './process-cpu';
import { runRequestLoad, stopRequestLoad, type RequestLoadResult } from './product/request-load';
import { finishBench } from './report';
import { BenchCleanup, runBench } from './run-bench';
import { percentile } from './stats';
import { fixed, formatLine } from './table';

const CONNECTIONS = 32;
const SESSIONS = '/private/products/orchestrate/session';
const ROWS = ['step', 'progress', 'read', 'commit', 'direct'] as const;
type RowKind = (typeof ROWS)[number];
const ROW_LABELS: Record<RowKind, string> = {
  step: 'session step',
  progress: 'session read',
  read: 'cached read',
  commit: 'commit',
  direct: 'direct create',
};

interface Row {
  kind: RowKind;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** where the measured requests' CPU time went (process-cpu.ts) */
  cpu: string;
}

const cleanup = new BenchCleanup();
let interrupted = false;
const log = (line: string) => process.stderr.write(`${line}\n`);
const load1 = () => (loadavg()[0] ?? Number.NaN).toFixed(2);
const profiled = new Set(commaList('BENCH_PROFILE'));
/** BENCH_ROWS=step,read runs only those rows (for profiling one path) */
const onlyRows = new Set(commaList('BENCH_ROWS'));
const profileDir = cpuProfileDir('product-bench-profiles');
const profileFlags = (name: string) => cpuProfileFlags(name, 'product-bench-profiles');

/** Runs `work(i)` for i < count, `CONNECTIONS` at a time (set-up, not measured). */
const inParallel = <T>(count: number, work: (index: number) => Promise<T>): Promise<T[]> =>
  mapBounded(count, CONNECTIONS, work, () => interrupted);

async function expectStatus(
  system: GatewayTarget,
  method: string,
  path: string,
  status: number,
  body?: unknown,
): Promise<unknown> {
  const reply = await request(system.gatewayUrl, method, path, { token: system.token, body });
  if (reply.status !== status)
    throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

async function newSession(system: GatewayTarget): Promise<string> {
  const body = (await expectStatus(system, 'POST', `${SESSIONS}/create`, 201)) as {
    sessionId: string;
  };
  return body.sessionId;
}

/** Creates the doctor the reference row reads, and checks its read is a cache hit. */
async function cachedDoctorPath(system: GatewayTarget): Promise<string> {
  const tag = randomBytes(4).toString('hex');
  const created = (await expectStatus(system, 'POST', '/doctors', 201, {
    email: `bench-dr-${tag}@medicalink.local`,
    password: `Bench-pw-${randomBytes(12).toString('hex')}`,
    fullName: `Dr. Bench ${tag}`,
    specialty: 'Dermatology',
    licenseNumber: `BENCH-${tag}`,
  })) as { doctorId: string };
  const path = `/doctors/${created.doctorId}`;
  await expectStatus(system, 'GET', path, 200);
  const again = (await expectStatus(system, 'GET', path, 200)) as { cache?: { hit?: boolean } };
  if (again.cache?.hit !== true) throw new Error(`GET ${path} is not served from the cache`);
  return path;
}

interface Plan {
  method: 'GET' | 'POST';
  /** prepares `count` requests (sessions, staged products, ...) and returns the i-th one */
  prepare: (count: number) => Promise<(index: number) => { path: string; body?: unknown }>;
}

function plans(system: GatewayTarget, doctorPath: string): Record<RowKind, Plan> {
  return {
    step: {
      method: 'POST',
      prepare: async (count) => {
        const sessions = await inParallel(count, () => newSession(system));
        return (index) => ({
          path: `${SESSIONS}/${sessions[index]}/product`,
          body: seedProductBody(),
        });
      },
    },
    // The floor of a step: the same gateway -> orchestrator -> session store path, without the
    // code check and the write.
    progress: {
      method: 'GET',
      prepare: async () => {
        const id = await newSession(system);
        return () => ({ path: `${SESSIONS}/${id}/progress` });
      },
    },
    read: { method: 'GET', prepare: async () => () => ({ path: doctorPath }) },
    commit: {
      method: 'POST',
      prepare: async (count) => {
        const sessions = await inParallel(count, async () => {
          const id = await newSession(system);
          await expectStatus(system, 'POST', `${SESSIONS}/${id}/product`, 200, seedProductBody());
          return id;
        });
        return (index) => ({ path: `${SESSIONS}/${sessions[index]}/commit` });
      },
    },
    direct: {
      method: 'POST',
      prepare: async () => () => ({ path: '/private/products', body: seedProductBody() }),
    },
  };
}

type Build = (index: number) => { path: string; body?: unknown };

/** One row's measured rounds, pooled. */
interface Pooled {
  latenciesMs: number[];
  ok: number;
  seconds: number;
  cpu: Map<string, number>;
}

function loadOf(system: GatewayTarget, plan: Plan) {
  return (amount: number, build: Build) =>
    runRequestLoad({
      baseUrl: system.gatewayUrl,
      token: system.token,
      connections: CONNECTIONS,
      amount,
      method: plan.method,
      request: build,
    });
}

/** Warm-up of one row: uncounted requests that get its code paths compiled (JIT) and caches hot. */
async function warmRow(
  system: GatewayTarget,
  kind: RowKind,
  plan: Plan,
  amount: number,
  problems: string[],
) {
  log(`${ROW_LABELS[kind]}: warming up with ${amount} requests`);
  const warm = await loadOf(system, plan)(amount, await plan.prepare(amount));
  report(problems, kind, 'warm-up', warm);
}

/** One measured round of a row: its requests are prepared first (not measured). */
async function measureRound(
  system: GatewayTarget,
  kind: RowKind,
  plan: Plan,
  amount: number,
  pooled: Pooled,
  problems: string[],
): Promise<void> {
  const build = await plan.prepare(amount);
  const meter = systemCpuMeter(appPids(system));
  await waitForQuiet(meter);
  meter.begin();
  const result = await loadOf(system, plan)(amount, build);
  addCpuMs(pooled.cpu, meter.end());
  pooled.latenciesMs.push(...result.latenciesMs);
  pooled.ok += result.total2xx;
  pooled.seconds += result.seconds;
  report(problems, kind, 'run', result);
}

/** The six apps, and this process as `bench-client` (its HTTP load shares the same CPUs). */
const appPids = (system: GatewayTarget) =>
  new Map([
    ...[...system.apps].flatMap(([name, app]) =>
      app.child.pid ? [[name, app.child.pid] as const] : [],
    ),
    ['bench-client', process.pid],
  ]);

function rowOf(kind: RowKind, pooled: Pooled): Row {
  const sorted = [...pooled.latenciesMs].sort((a, b) => a - b);
  return {
    kind,
    reqPerSec: pooled.seconds > 0 ? pooled.ok / pooled.seconds : 0,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    cpu: describeCpuPerRequest(pooled.cpu, pooled.ok),
  };
}

function report(problems: string[], kind: RowKind, what: string, run: RequestLoadResult): void {
  for (const problem of run.problems) problems.push(`${ROW_LABELS[kind]} ${what}: ${problem}`);
}

const COLUMNS = [14, 10, 9, 9];
const formatRow = (row: Row) =>
  formatLine(COLUMNS, [
    ROW_LABELS[row.kind],
    fixed(row.reqPerSec, 1),
    fixed(row.p50Ms, 2),
    fixed(row.p99Ms, 2),
  ]);

async function main(): Promise<void> {
  const measured = Math.round(positiveEnv('BENCH_REQUESTS', 4000));
  const warmup = Math.round(positiveEnv('BENCH_WARMUP_REQUESTS', 2000));
  const rounds = Math.round(positiveEnv('BENCH_ROUNDS', 4));
  const loadAtStart = load1();
  const speed = await measureMachineSpeed();
  log(
    `product bench (load average ${loadAtStart} on ${availableParallelism()} CPUs): ` +
      `c=${CONNECTIONS}, ${measured} requests per row in ${rounds} rounds (+${warmup} warm-up)`,
  );
  if (profiled.size > 0) log(`cpu profiles of ${[...profiled].join(', ')} go to ${profileDir}`);

  const results: Row[] = [];
  const problems: string[] = [];
  try {
    const system = await startGatewayTarget({ onStop: (stop) => cleanup.add(stop), profileFlags });
    const doctorPath = await cachedDoctorPath(system);
    const rowPlans = plans(system, doctorPath);
    const kinds = ROWS.filter((kind) => onlyRows.size === 0 || onlyRows.has(kind));
    for (const kind of kinds) {
      if (!interrupted) await warmRow(system, kind, rowPlans[kind], warmup, problems);
    }
    // Rows take turns, a share of their requests per round, so a machine that slows down or
    // speeds up during the run (other load, CPU frequency) affects every row alike.
    const pooled = new Map(
      kinds.map((kind) => [kind, { latenciesMs: [], ok: 0, seconds: 0, cpu: new Map() }]),
    );
    for (let round = 1; round <= rounds && !interrupted; round += 1) {
      const amount = Math.ceil(measured / rounds);
      log(`round ${round}/${rounds}: ${amount} requests per row (load average ${load1()})`);
      for (const kind of kinds) {
        if (!interrupted)
          await measureRound(system, kind, rowPlans[kind], amount, pooled.get(kind)!, problems);
      }
    }
    for (const kind of kinds) results.push(rowOf(kind, pooled.get(kind)!));
  } catch (error) {
    problems.push((error as Error).message);
  } finally {
    await cleanup.run();
  }

  const find = (kind: RowKind) => results.find((row) => row.kind === kind);
  const ratio = (a: number | undefined, b: number | undefined) =>
    a !== undefined && b !== undefined && b > 0 ? fixed(a / b, 2) : 'n/a';
  finishBench('product', {
    lines: [
      `# product bench: c=${CONNECTIONS}, ${measured} requests per row in ${rounds} rounds after ${warmup} warm-up, load average (1 min) ${loadAtStart} at start, ${load1()} at end, ${availableParallelism()} CPUs`,
      `# ${describeMachineSpeed(speed)}`,
      formatLine(COLUMNS, ['row', 'req/s', 'p50 ms', 'p99 ms']),
      ...results.map(formatRow),
      ...results.map((row) => `${ROW_LABELS[row.kind]}: ${row.cpu}`),
    ],
    ratios: [
      `floor: session-read/cached-read p50 ${ratio(find('progress')?.p50Ms, find('read')?.p50Ms)} (a step less its validation and write)`,
      `product ratios: step/cached-read p50 ${ratio(find('step')?.p50Ms, find('read')?.p50Ms)}, commit/direct throughput ${ratio(find('commit')?.reqPerSec, find('direct')?.reqPerSec)}`,
    ],
    problems,
  });
}

runBench('product', main, {
  cleanup: () => cleanup.run(),
  onInterrupt: () => {
    interrupted = true;
    stopRequestLoad();
  },
});
