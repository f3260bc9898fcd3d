/**
 * Product bench (`npm run bench:product`), five rows at concurrency 32 in one run, each
 * BENCH_REQUESTS requests (after BENCH_WARMUP_REQUESTS uncounted ones) from a closed loop of
 * 32 keep-alive connections (product/request-load.ts), through the gateway:
 *   session step   POST /private/products/orchestrate/session/:id/product, each on a fresh session
 *                  (created beforehand): owner check, validation, the product service's code check,
 *                  one compare-and-set in Redis
 *   session read   GET .../session/:id/progress: the step's path (owner check, Redis read) without
 *                  the code check and the write; the floor of a step
 *   cached read    GET /doctors/:id served from the orchestrator's Redis cache: the reference
 *   commit         POST .../session/:id/commit, each on its own session with a staged product
 *                  (unique code): the product service's createWithTarget plus the session writes
 *   direct create  POST /private/products with a unique code: the product service alone
 * Last line: `product ratios: step/cached-read p50 <x>, commit/direct throughput <y>` (issue 10
 * aims at x <= 1.5 and y >= 0.7). Any error, timeout or non-2xx answer fails the run (exit 1).
 *
 * System: the six apps from dist/ as processes in a fresh namespace (as `bench:gateway` starts
 * them), removed at the end, also on errors and Ctrl-C. Sessions, products and the doctor are
 * created through the gateway with the bench's admin token.
 *
 * Env: BENCH_REQUESTS (1000), BENCH_WARMUP_REQUESTS (200), BENCH_PROFILE (app names run with
 * --cpu-prof, written to BENCH_PROFILE_DIR, default <tmpdir>/product-bench-profiles), BENCH_ROWS
 * (row kinds to run, default all: step, progress, read, commit, direct).
 * Results go to stdout, progress to stderr.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { commaList, cpuProfileDir, cpuProfileFlags, positiveEnv } from './env';
import { request, startBenchSystem, type BenchSystem } from './gateway/system';
import { describeMachineSpeed, measureMachineSpeed } from './machine-speed';
import { cpuSnapshot, describeCpuPerRequest } from './process-cpu';
import { runRequestLoad, stopRequestLoad, type RequestLoadResult } from './product/request-load';
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

const stops: (() => Promise<void>)[] = [];
let stoppingAll: Promise<void> | undefined;
let interrupted = false;
const log = (line: string) => process.stderr.write(`${line}\n`);
const load1 = () => (loadavg()[0] ?? Number.NaN).toFixed(2);
const profiled = new Set(commaList('BENCH_PROFILE'));
/** BENCH_ROWS=step,read runs only those rows (for profiling one path) */
const onlyRows = new Set(commaList('BENCH_ROWS'));
const profileDir = cpuProfileDir('product-bench-profiles');
const profileFlags = (name: string) => cpuProfileFlags(name, 'product-bench-profiles');

function stopAll(): Promise<void> {
  stoppingAll ??= (async () => {
    for (const stop of stops.reverse()) {
      await stop().catch((error: unknown) => {
        process.stderr.write(`clean-up failed: ${(error as Error).message}\n`);
      });
    }
  })();
  return stoppingAll;
}

const runTag = randomBytes(3).toString('hex').toUpperCase();
let codeCounter = 0;
/** seed 001's request body with a code no other request of this run uses */
function productBody() {
  codeCounter += 1;
  return {
    productCode: `BENCH-${runTag}-${codeCounter}`,
    productName: 'Advanced OT Workshop 2026',
    productDescription: 'Professional development workshop for OTs',
    productCategory: 3,
    productStatus: 1,
    productGlCode: 16,
    generalPrice: 199.99,
    otStuPrice: 149.99,
    inventory: 50,
    taxes: 13,
    shipping: 0,
    productYear: '2026',
    activeMembershipOnly: true,
    postPurchaseInfo: 'Workshop materials will be sent 1 week before event.',
  };
}

/** Runs `work(i)` for i < count, `CONNECTIONS` at a time (set-up, not measured). */
async function inParallel<T>(count: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count && !interrupted) {
      const index = next;
      next += 1;
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return results;
}

async function expectStatus(
  system: BenchSystem,
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

async function newSession(system: BenchSystem): Promise<string> {
  const body = (await expectStatus(system, 'POST', `${SESSIONS}/create`, 201)) as {
    sessionId: string;
  };
  return body.sessionId;
}

/** Creates the doctor the reference row reads, and checks its read is a cache hit. */
async function cachedDoctorPath(system: BenchSystem): Promise<string> {
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

function plans(system: BenchSystem, doctorPath: string): Record<RowKind, Plan> {
  return {
    step: {
      method: 'POST',
      prepare: async (count) => {
        const sessions = await inParallel(count, () => newSession(system));
        return (index) => ({ path: `${SESSIONS}/${sessions[index]}/product`, body: productBody() });
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
          await expectStatus(system, 'POST', `${SESSIONS}/${id}/product`, 200, productBody());
          return id;
        });
        return (index) => ({ path: `${SESSIONS}/${sessions[index]}/commit` });
      },
    },
    direct: {
      method: 'POST',
      prepare: async () => () => ({ path: '/private/products', body: productBody() }),
    },
  };
}

async function runRow(
  system: BenchSystem,
  kind: RowKind,
  plan: Plan,
  amounts: { warmup: number; measured: number },
  problems: string[],
): Promise<Row> {
  log(`${ROW_LABELS[kind]}: preparing ${amounts.warmup + amounts.measured} requests`);
  const warmRequest = await plan.prepare(amounts.warmup);
  const measuredRequest = await plan.prepare(amounts.measured);
  const load = (amount: number, build: (index: number) => { path: string; body?: unknown }) =>
    runRequestLoad({
      baseUrl: system.gatewayUrl,
      token: system.token,
      connections: CONNECTIONS,
      amount,
      method: plan.method,
      request: build,
    });
  log(`${ROW_LABELS[kind]}: running`);
  const warm = await load(amounts.warmup, warmRequest);
  const pids = new Map(
    [...system.apps].flatMap(([name, app]) =>
      app.child.pid ? [[name, app.child.pid] as const] : [],
    ),
  );
  const cpuBefore = cpuSnapshot(pids);
  const result = await load(amounts.measured, measuredRequest);
  const cpu = describeCpuPerRequest(cpuBefore, cpuSnapshot(pids), amounts.measured);
  report(problems, kind, warm, result);
  return { kind, reqPerSec: result.reqPerSec, p50Ms: result.p50Ms, p99Ms: result.p99Ms, cpu };
}

function report(
  problems: string[],
  kind: RowKind,
  warm: RequestLoadResult,
  result: RequestLoadResult,
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

async function main(): Promise<void> {
  const measured = Math.round(positiveEnv('BENCH_REQUESTS', 1000));
  const warmup = Math.round(positiveEnv('BENCH_WARMUP_REQUESTS', 200));
  const loadAtStart = load1();
  const speed = await measureMachineSpeed();
  log(
    `product bench (load average ${loadAtStart} on ${availableParallelism()} CPUs): ` +
      `c=${CONNECTIONS}, ${measured} requests per row (+${warmup} warm-up)`,
  );
  if (profiled.size > 0) log(`cpu profiles of ${[...profiled].join(', ')} go to ${profileDir}`);

  const results: Row[] = [];
  const problems: string[] = [];
  try {
    const system = await startBenchSystem(
      { onStop: (stop) => stops.push(stop) },
      { profiledApps: profiled, profileFlags },
    );
    const doctorPath = await cachedDoctorPath(system);
    const rowPlans = plans(system, doctorPath);
    for (const kind of ROWS) {
      if (interrupted) break;
      if (onlyRows.size > 0 && !onlyRows.has(kind)) continue;
      const row = await runRow(system, kind, rowPlans[kind], { warmup, measured }, problems);
      results.push(row);
      log(`  ${formatRow(row)}   (load average ${load1()})`);
    }
  } catch (error) {
    problems.push((error as Error).message);
  } finally {
    await stopAll();
  }

  const find = (kind: RowKind) => results.find((row) => row.kind === kind);
  const ratio = (a: number | undefined, b: number | undefined) =>
    a !== undefined && b !== undefined && b > 0 ? fixed(a / b, 2) : 'n/a';
  const out = [
    `# product bench: c=${CONNECTIONS}, ${measured} requests per row, load average (1 min) ${loadAtStart} at start, ${load1()} at end, ${availableParallelism()} CPUs`,
    `# ${describeMachineSpeed(speed)}`,
    formatLine(COLUMNS, ['row', 'req/s', 'p50 ms', 'p99 ms']),
    ...results.map(formatRow),
    ...results.map((row) => `${ROW_LABELS[row.kind]}: ${row.cpu}`),
    `floor: session-read/cached-read p50 ${ratio(find('progress')?.p50Ms, find('read')?.p50Ms)} (a step less its code check and write)`,
    `product ratios: step/cached-read p50 ${ratio(find('step')?.p50Ms, find('read')?.p50Ms)}, commit/direct throughput ${ratio(find('commit')?.reqPerSec, find('direct')?.reqPerSec)}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  if (problems.length > 0) {
    log(`product bench FAILED:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: stopping everything`);
    stopRequestLoad();
    void stopAll().finally(() => process.exit(130));
  });
}

main().catch(async (error: unknown) => {
  log(`product bench failed: ${(error as Error).message}`);
  await stopAll();
  process.exit(1);
});
