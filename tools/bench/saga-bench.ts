/**
 * Saga benchmark (`npm run bench:saga`): doctor creations per second at concurrency 32, in two modes:
 *   plain   a client calls accounts.account.create, directory.doctor.create and
 *           accounts.permissions.assign one after the other (idempotency keys `<id>:<step>`,
 *           as the saga's), with no journal: the work the saga orchestrates, unorchestrated;
 *   saga    orchestrator.doctor.create through the real orchestrator: the same three RPCs,
 *           driven by the saga engine with its PostgreSQL journal (lease, one write per step).
 * The saga mode has one RPC hop more (client -> orchestrator -> participants) than the plain one
 * (client -> participants): the ratio compares them anyway, as the issue asks.
 *
 * Layout: accounts, provider-directory and orchestrator run as processes from dist/ in a fresh
 * test namespace (no fault injection), the load runs in this process (closed loop, load.ts);
 * PostgreSQL and RabbitMQ are the other parties on the same (2-core) machine. Both modes use the
 * same PASSWORD_HASH_COST (default 1024 here: scrypt at the production 16384 costs ~50 ms of CPU
 * per account and would measure password hashing, not the saga engine). Plain runs first, so any
 * growth of the tables counts against the saga mode. Every email and license number is unique.
 *
 * The header names the machine's speed (machine-speed.ts: scrypt and a loopback round trip,
 * measured before anything starts), since sagas/s only compare between machines that match.
 * After the table: CPU milliseconds per operation of each process (from /proc; for PostgreSQL the
 * backends serving this namespace's databases, server-wide work such as the WAL writer left out;
 * RabbitMQ is shared with whatever else runs), which shows what bounds the rate on 2 cores, and
 * a warning when other processes took a noticeable share of the CPU during a mode; then the SQL
 * statements per operation each process sent (its db_statements_total on /metrics, counted at the
 * driver, BEGIN and COMMIT included; by database when a process uses several).
 * Every failed call is a failed request, whatever the journal says of its saga afterwards (a
 * client told SAGA_INTERRUPTED for a saga that then completed still saw an error). Failed calls
 * are listed by code (SAGA_INTERRUPTED ones with their sagas' journal state) instead of the
 * ratio, and the run exits 1.
 *
 * Env: BENCH_SECONDS (10), BENCH_WARMUP_MS (1000), BENCH_CONCURRENCY (32),
 * BENCH_PASSWORD_HASH_COST (1024), BENCH_PROFILE (comma list of accounts, directory, orchestrator:
 * those processes run with --cpu-prof, profiles written on exit to BENCH_PROFILE_DIR, default
 * <tmpdir>/saga-bench-profiles). Results go to stdout, progress to stderr; the last line, when
 * every call succeeded, is `saga ratio journaled/plain: <x>`.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import {
  accountRpc,
  doctorRpc,
  doctorSagaRpc,
  DOCTOR_ROLE_PERMISSIONS,
  permissionsRpc,
  type CreateDoctorCommand,
} from '@medicalink/contracts';
import { RpcError } from '@medicalink/messaging';
import { createDatabase, databaseUrl } from '@medicalink/persistence';
import type { SagaTables } from '@medicalink/saga';
import {
  createSystem,
  createTestClient,
  type TestClient,
  type TestNamespace,
  type TestSystem,
} from '@medicalink/testing';
import { commandCpuMs, CpuMeter, machineBusyMs, postgresBackendsCpuMs, processCpuMs } from './cpu';
import { StatementMeter } from './db-statements';
import { DoctorCommands } from './doctor-commands';
import { cpuProfileFlags, positiveEnv } from './env';
import { runLoad, type LoadResult } from './load';
import { describeMachineSpeed, measureMachineSpeed } from './machine-speed';
import { finishBench } from './report';
import { runBench } from './run-bench';
import { fixed, formatLine } from './table';

const MODES = ['plain', 'saga'] as const;
type Mode = (typeof MODES)[number];

interface Row extends LoadResult {
  mode: Mode;
}

const CALL_TIMEOUT_MS = 30_000;

const state: {
  system?: TestSystem;
  client?: TestClient;
  cleaned?: Promise<void>;
} = {};

function cleanup(): Promise<void> {
  state.cleaned ??= (async () => {
    await state.client?.close().catch(() => undefined);
    await state.system?.stop().catch((error: unknown) => {
      process.stderr.write(`clean-up failed: ${(error as Error).message}\n`);
    });
  })();
  return state.cleaned;
}

/** The three participant calls of the saga, as a plain client would make them. */
async function plainCreate(client: TestClient, command: CreateDoctorCommand): Promise<void> {
  const key = randomUUID();
  const accountId = randomUUID();
  const doctorId = randomUUID();
  const options = (step: string) => ({
    idempotencyKey: `${key}:${step}`,
    timeoutMs: CALL_TIMEOUT_MS,
    retries: 0,
  });
  await client.rpc.call(
    accountRpc.create,
    {
      id: accountId,
      email: command.email,
      password: command.password,
      fullName: command.fullName,
      privilege: 'owner',
    },
    options('createAccount'),
  );
  await client.rpc.call(
    doctorRpc.create,
    {
      id: doctorId,
      accountId,
      displayName: command.fullName,
      specialty: command.specialty,
      licenseNumber: command.licenseNumber,
      hospitalIds: [],
    },
    options('createProfile'),
  );
  await client.rpc.call(
    permissionsRpc.assign,
    {
      accountId,
      permissions: [...new Set([...DOCTOR_ROLE_PERMISSIONS, ...(command.permissions ?? [])])],
    },
    options('assignPermissions'),
  );
}

async function sagaCreate(client: TestClient, command: CreateDoctorCommand): Promise<void> {
  await client.rpc.call(doctorSagaRpc.create, command, { timeoutMs: CALL_TIMEOUT_MS, retries: 0 });
}

const COLUMNS = [6, 4, 9, 9, 9];

function formatRow(row: Row): string {
  return formatLine(COLUMNS, [
    row.mode,
    String(row.concurrency),
    fixed(row.reqPerSec, 1),
    fixed(row.p50Ms, 1),
    fixed(row.p99Ms, 1),
  ]);
}

/**
 * SQL statements (round trips, BEGIN and COMMIT included) each process sent per operation, warm-up
 * included, by database when a process used more than one.
 */
function statementNotes(
  mode: Mode,
  used: Map<string, Map<string, number>>,
  operations: number,
): string[] {
  const perOp = (n: number) => fixed(n / Math.max(1, operations), 1);
  let total = 0;
  const parts = [...used].map(([label, byDatabase]) => {
    const sum = [...byDatabase.values()].reduce((all, n) => all + n, 0);
    total += sum;
    const split =
      byDatabase.size > 1
        ? ` (${[...byDatabase].map(([database, n]) => `${database} ${perOp(n)}`).join(', ')})`
        : '';
    return `${label} ${perOp(sum)}${split}`;
  });
  return [`${mode} statements/op: ${parts.join(', ')}, all ${perOp(total)}`];
}

/** Where the CPU of one operation went (warm-up included), e.g. to see what bounds the rate. */
function cpuNotes(mode: Mode, used: Record<string, number>, operations: number): string[] {
  const { machine = Number.NaN, ...own } = used;
  const perOp = (ms: number) => fixed(ms / Math.max(1, operations), 2);
  const known = Object.values(own).reduce((sum, ms) => sum + ms, 0);
  const parts = Object.entries(own).map(([name, ms]) => `${name} ${perOp(ms)}`);
  const notes = [
    `${mode} cpu ms/op: ${parts.join(', ')}, other processes ${perOp(machine - known)}`,
  ];
  const otherShare = (machine - known) / machine;
  if (otherShare > 0.1) {
    notes.push(
      `${mode}: other processes took ${fixed(otherShare * 100, 0)}% of the busy CPU during this mode: expect noise`,
    );
  }
  return notes;
}

async function main(): Promise<void> {
  const durationMs = Math.round(positiveEnv('BENCH_SECONDS', 10) * 1000);
  const warmupMs = Math.round(positiveEnv('BENCH_WARMUP_MS', 1000));
  const concurrency = Math.round(positiveEnv('BENCH_CONCURRENCY', 32));
  const hashCost = String(Math.round(positiveEnv('BENCH_PASSWORD_HASH_COST', 1024)));

  // Before anything runs: the sagas/s target is absolute, so say how fast this machine is.
  const speed = await measureMachineSpeed();
  const system = await createSystem({
    label: 'sbench',
    env: { PASSWORD_HASH_COST: hashCost },
    nodeFlags: (label) => cpuProfileFlags(label, 'saga-bench-profiles'),
  });
  state.system = system;
  const { namespace } = system;
  process.stderr.write(
    `saga bench ${namespace.id}: starting accounts, provider-directory, orchestrator\n`,
  );
  const apps = await Promise.all([
    system.start('accounts', { label: 'accounts' }),
    system.start('provider-directory', { label: 'directory' }),
    system.start('orchestrator', { label: 'orchestrator' }),
  ]);
  const meter = new CpuMeter({
    ...Object.fromEntries(apps.map((app) => [app.label, () => processCpuMs(app.proc.child.pid)])),
    bench: () => processCpuMs(process.pid),
    // This bench's backends only: other users of the shared server fall under "other processes".
    'postgres backends': () =>
      postgresBackendsCpuMs(
        ['accounts', 'directory', 'orchestrator'].map((app) => namespace.database(app)),
      ),
    rabbitmq: () => commandCpuMs(['beam.smp']),
    machine: machineBusyMs,
  });
  const statements = new StatementMeter(
    Object.fromEntries(apps.map((app) => [app.label, app.url])),
  );
  const client = await createTestClient(namespace, {
    timeoutMs: CALL_TIMEOUT_MS,
    resilience: { retries: 0 },
  });
  state.client = client;

  const [load1] = loadavg();
  const header = [
    `saga bench ${namespace.id} (load average ${load1?.toFixed(2)} on ${availableParallelism()} CPUs): ` +
      `${durationMs / 1000} s per mode (+${warmupMs} ms warm-up), c=${concurrency}, PASSWORD_HASH_COST=${hashCost} for both modes`,
    'saga  = orchestrator.doctor.create: client -> orchestrator -> 3 participant RPCs, journaled in PostgreSQL',
    'plain = the same 3 RPCs from the client, no journal (one RPC hop fewer than saga)',
    describeMachineSpeed(speed),
  ];
  process.stderr.write(`${header.join('\n')}\n`);

  const commands = new DoctorCommands('bench');
  const rows: Row[] = [];
  const notes: string[] = [];
  const problems: string[] = [];
  for (const mode of MODES) {
    process.stderr.write(`${mode}: running\n`);
    let done = 0;
    const failures: unknown[] = [];
    await statements.begin();
    meter.begin();
    const result = await runLoad({
      concurrency,
      warmupMs,
      durationMs,
      call: async () => {
        try {
          if (mode === 'saga') await sagaCreate(client, commands.next());
          else await plainCreate(client, commands.next());
          done += 1;
        } catch (error) {
          failures.push(error);
          throw error;
        }
      },
    });
    const row = { mode, ...result };
    rows.push(row);
    const cpu = [
      ...cpuNotes(mode, meter.end(), done),
      ...statementNotes(mode, await statements.end(), done),
    ];
    notes.push(...cpu);
    process.stderr.write(`  ${[formatRow(row), ...cpu].join('\n  ')}\n`);
    if (result.completed === 0) problems.push(`${mode}: no call completed inside the window`);
    if (failures.length > 0) {
      const described = await describeFailures(namespace, failures);
      problems.push(...described.map((line) => `${mode}: ${line}`));
      for (const line of described) process.stderr.write(`  ! ${line}\n`);
    }
  }
  await cleanup();

  const find = (mode: Mode) => rows.find((row) => row.mode === mode)?.reqPerSec ?? Number.NaN;
  finishBench('saga', {
    lines: [
      ...header,
      formatLine(COLUMNS, ['mode', 'c', 'ops/s', 'p50(ms)', 'p99(ms)']),
      ...rows.map(formatRow),
      ...notes,
    ],
    ratios: [`saga ratio journaled/plain: ${fixed(find('saga') / find('plain'), 2)}`],
    problems,
  });
}

/**
 * Failed calls by code, one line each. SAGA_INTERRUPTED replies also say what the journal
 * shows of their sagas: all are failures the client saw, but "completed" there means the
 * orchestrator told a client its saga broke off although it finished, which is worth knowing.
 */
async function describeFailures(
  namespace: TestNamespace,
  failures: readonly unknown[],
): Promise<string[]> {
  const byCode = new Map<string, { count: number; first: string }>();
  const interrupted: string[] = [];
  for (const failure of failures) {
    const code = failure instanceof RpcError ? failure.code : 'ERROR';
    const sagaId = failure instanceof RpcError ? failure.envelope.details?.['sagaId'] : undefined;
    if (code === 'SAGA_INTERRUPTED' && typeof sagaId === 'string') interrupted.push(sagaId);
    const entry = byCode.get(code) ?? { count: 0, first: (failure as Error).message };
    entry.count += 1;
    byCode.set(code, entry);
  }
  const lines = [...byCode].map(
    ([code, { count, first }]) => `${count} failed calls ${code}, first: ${first}`,
  );
  if (interrupted.length > 0) {
    const states = await journalStates(namespace, interrupted);
    const counts = new Map<string, number>();
    for (const sagaId of interrupted) {
      const journaled = states.get(sagaId) ?? 'no journal row';
      counts.set(journaled, (counts.get(journaled) ?? 0) + 1);
    }
    lines.push(
      `SAGA_INTERRUPTED replies by the journal state of their saga: ${[...counts].map(([journaled, n]) => `${journaled} ${n}`).join(', ')}`,
    );
  }
  return lines;
}

async function journalStates(
  namespace: TestNamespace,
  sagaIds: readonly string[],
): Promise<Map<string, string>> {
  const journal = createDatabase<SagaTables>(
    databaseUrl(namespace.infrastructure.postgresUrl, namespace.database('orchestrator')),
    { maxConnections: 1 },
  );
  try {
    const rows = await journal
      .selectFrom('sagas')
      .select(['id', 'state'])
      .where('id', 'in', [...sagaIds])
      .execute();
    return new Map(rows.map((row) => [row.id, row.state]));
  } finally {
    await journal.destroy();
  }
}

process.once('exit', () => state.system?.killAllNow());
runBench('saga', main, { cleanup, onInterrupt: () => state.system?.killAllNow() });
