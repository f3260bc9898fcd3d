/**
 * RPC benchmark: an echo RPC (`{ n, text: "hello" }` in, the same out) over
 *   raw-amqplib   plain amqplib, ack after reply, prefetch 256, direct reply-to, noDelay (baseline)
 *   medicalink    our transport: Nest microservice with AmqpServer + @RpcHandler, RpcClient.call
 *   nest-default  Nest's built-in Transport.RMQ with default options (noAck true)
 * at concurrency 1, 16 and 128, BENCH_SECONDS each (default 10) after ~1 s of uncounted warm-up.
 *
 * Process layout, identical for every transport (2 CPU cores, so this matters):
 *   - the echo server runs in its own forked process (echo-servers/<kind>.js);
 *   - the load runs in a second forked process (bench-client.js), one per transport,
 *     so every client starts from a fresh V8 heap and JIT state holding only its own
 *     transport's code, and no earlier run's garbage or this process's bookkeeping
 *     competes with it; this orchestrator only waits on IPC while the load runs;
 *   - RabbitMQ is the third party. Exactly one server and one client run at a time.
 * Every broker object carries a per-run id (`bench-<hex>`) and is deleted at the end.
 *
 * Env: RABBITMQ_URL, BENCH_SECONDS (10), BENCH_WARMUP_MS (1000), BENCH_ONLY (comma list
 * of transports), BENCH_PROFILE (comma list of `server`, `client`: run those processes
 * with --cpu-prof, profiles written to BENCH_PROFILE_DIR, default <tmpdir>/rpc-bench-profiles).
 * The results table and ratio lines go to stdout, progress to stderr.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { topologyFor } from '@medicalink/messaging';
import {
  TRANSPORTS,
  echoContract,
  type BenchNames,
  type ChildMessage,
  type ClientSpec,
  type ServerSpec,
  type TransportKind,
} from './bench-config';
import { commaList, cpuProfileFlags, positiveEnv } from './env';
import type { LoadResult } from './load';
import { runBench } from './run-bench';
import { fixed, formatLine } from './table';

const CONCURRENCIES = [1, 16, 128];
const PREFETCH = 256;
const SERVER_FILES: Record<TransportKind, string> = {
  'raw-amqplib': 'echo-servers/raw-amqplib.js',
  medicalink: 'echo-servers/medicalink.js',
  'nest-default': 'echo-servers/nest-rmq.js',
};

interface Row extends LoadResult {
  transport: TransportKind;
}

const children = new Set<ChildProcess>();
/** set once the run's names exist, so an interrupted run still removes its queues */
let deleteRunTopology: (() => Promise<void>) | undefined;
let interrupted = false;

function selectedTransports(): TransportKind[] {
  const wanted = commaList('BENCH_ONLY');
  if (wanted.length === 0) return [...TRANSPORTS];
  const unknown = wanted.filter((name) => !(TRANSPORTS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown transport(s) ${unknown.join(', ')}`);
  return TRANSPORTS.filter((kind) => wanted.includes(kind));
}

function profileArgs(role: 'server' | 'client', transport: TransportKind): string[] {
  return cpuProfileFlags(role, 'rpc-bench-profiles', `${transport}-${role}`);
}

function forkChild(
  file: string,
  spec: ServerSpec | ClientSpec,
  role: 'server' | 'client',
  transport: TransportKind,
): ChildProcess {
  const child = fork(join(__dirname, file), [JSON.stringify(spec)], {
    execArgv: profileArgs(role, transport),
    // a child's stdout goes to our stderr: stdout carries only the results
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function exitError(child: ChildProcess, what: string, code: number | null, signal: string | null) {
  return new Error(`${what} (pid ${child.pid}) exited early: code ${code}, signal ${signal}`);
}

function waitForReady(child: ChildProcess, what: string, timeoutMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what} not ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'ready') {
        cleanup();
        resolvePromise();
      } else if (message.type === 'failed') {
        cleanup();
        reject(new Error(`${what} failed to start: ${message.message}`));
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(exitError(child, what, code, signal));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function collectRows(child: ChildProcess, transport: TransportKind): Promise<Row[]> {
  const rows: Row[] = [];
  let failure: string | undefined;
  return new Promise((resolvePromise, reject) => {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'row') {
        const row = { transport, ...message.row };
        rows.push(row);
        process.stderr.write(`  ${formatRow(row)}\n`);
        if (row.errors > 0) {
          process.stderr.write(`  ! ${row.errors} failed calls, first: ${row.firstError}\n`);
        }
      } else if (message.type === 'failed') {
        failure = message.message;
      }
    });
    child.once('exit', (code, signal) => {
      if (code === 0) resolvePromise(rows);
      else if (failure) reject(new Error(`${transport} client failed: ${failure}`));
      else reject(exitError(child, `${transport} client`, code, signal));
    });
  });
}

async function stopChild(child: ChildProcess, timeoutMs = 8_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

async function runTransport(
  transport: TransportKind,
  serverSpec: ServerSpec,
  clientSpec: Omit<ClientSpec, 'transport'>,
): Promise<Row[]> {
  process.stderr.write(`${transport}: starting echo server\n`);
  const server = forkChild(SERVER_FILES[transport], serverSpec, 'server', transport);
  try {
    await waitForReady(server, `${transport} echo server`, 60_000);
    const client = forkChild('bench-client.js', { ...clientSpec, transport }, 'client', transport);
    try {
      return await collectRows(client, transport);
    } finally {
      await stopChild(client);
    }
  } finally {
    await stopChild(server);
  }
}

/** Deletes every queue and exchange this run created; each on its own channel (a 404 closes it). */
async function deleteTopology(url: string, names: BenchNames): Promise<void> {
  const ours = topologyFor(names.prefix, echoContract.service);
  const connection = await amqp.connect(url);
  try {
    const queues = [names.rawQueue, names.nestQueue, ours.rpcQueue, ours.deadLetterQueue];
    for (const queue of queues) {
      const channel = await connection.createChannel();
      await channel.deleteQueue(queue).catch(() => undefined);
      await channel.close().catch(() => undefined);
    }
    const channel = await connection.createChannel();
    await channel.deleteExchange(ours.eventsExchange).catch(() => undefined);
    await channel.close().catch(() => undefined);
  } finally {
    await connection.close();
  }
}

const COLUMNS = [14, 5, 11, 9, 9];

function formatRow(row: Row): string {
  return formatLine(COLUMNS, [
    row.transport,
    String(row.concurrency),
    fixed(row.reqPerSec, 1),
    fixed(row.p50Ms, 3),
    fixed(row.p99Ms, 3),
  ]);
}

function ratio(
  rows: Row[],
  a: TransportKind,
  b: TransportKind,
  c: number,
  key: 'reqPerSec' | 'p50Ms',
) {
  const find = (transport: TransportKind) =>
    rows.find((row) => row.transport === transport && row.concurrency === c)?.[key] ?? Number.NaN;
  return fixed(find(a) / find(b), 2);
}

async function main(): Promise<void> {
  const url = process.env['RABBITMQ_URL'] || 'amqp://guest:guest@127.0.0.1:5672';
  const durationMs = Math.round(positiveEnv('BENCH_SECONDS', 10) * 1000);
  const warmupMs = Math.round(positiveEnv('BENCH_WARMUP_MS', 1000));
  const transports = selectedTransports();
  const runId = `bench-${randomBytes(4).toString('hex')}`;
  const names: BenchNames = {
    rawQueue: `${runId}.raw.rpc`,
    nestQueue: `${runId}.nest.rpc`,
    prefix: runId,
  };
  const cleanup = () =>
    deleteTopology(url, names).catch((error: unknown) => {
      process.stderr.write(`could not delete the bench topology: ${(error as Error).message}\n`);
    });
  deleteRunTopology = cleanup;
  const serverSpec: ServerSpec = { url, names, prefetch: PREFETCH };
  const clientSpec = { ...serverSpec, concurrencies: CONCURRENCIES, warmupMs, durationMs };
  const [load1] = loadavg();
  process.stderr.write(
    `rpc bench ${runId} (load average ${load1?.toFixed(2)} on ${availableParallelism()} CPUs): ${durationMs / 1000} s per row (+${warmupMs} ms warm-up), c=${CONCURRENCIES.join('/')}\n`,
  );

  const rows: Row[] = [];
  let failed = false;
  try {
    for (const transport of transports) {
      if (interrupted) break;
      try {
        rows.push(...(await runTransport(transport, serverSpec, clientSpec)));
      } catch (error) {
        failed = true;
        process.stderr.write(`${transport}: ${(error as Error).message}\n`);
      }
    }
  } finally {
    await cleanup();
  }

  const out = [
    formatLine(COLUMNS, ['transport', 'c', 'req/s', 'p50(ms)', 'p99(ms)']),
    ...rows.map(formatRow),
    `rpc p50 ratio transport/raw at c=1: ${ratio(rows, 'medicalink', 'raw-amqplib', 1, 'p50Ms')}`,
    `rpc throughput ratio transport/nest-default at c=128: ${ratio(rows, 'medicalink', 'nest-default', 128, 'reqPerSec')}`,
    `rpc ratio transport/raw at c=128: ${ratio(rows, 'medicalink', 'raw-amqplib', 128, 'reqPerSec')}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  if (failed || rows.some((row) => row.errors > 0)) process.exitCode = 1;
}

function stopLoad(): void {
  interrupted = true;
  for (const child of children) child.kill('SIGTERM');
}

runBench('rpc', main, {
  cleanup: async () => {
    stopLoad();
    await deleteRunTopology?.();
  },
  onInterrupt: stopLoad,
});
