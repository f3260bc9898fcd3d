/**
 * RPC benchmark: an echo RPC (`{ n, text: "hello" }` in, the same out) over
 *   raw-amqplib   plain amqplib, ack after reply, direct reply-to, noDelay (baseline)
 *   medicalink    our transport: Nest microservice with AmqpServer + @RpcHandler, RpcClient.call
 *   medicalink-traced  the same with OpenTelemetry on in both processes: every call sampled, a
 *                 client and a server span each, batched to a no-op OTLP/HTTP collector that
 *                 this process runs on loopback (at the apps' prefetch only)
 *   nest-default  Nest's built-in Transport.RMQ with default options (noAck true, no prefetch)
 *   golevelup     @golevelup/nestjs-rabbitmq: a @RabbitRPC handler, AmqpConnection.request
 *   moleculer     Moleculer's AMQP transporter: an action, broker.call
 * (the two last tuned as their documentation allows: rpc/peers/) at concurrency 1, 16 and 128.
 * The servers that ack after replying (raw, ours, golevelup, moleculer) run at two prefetch
 * values: the apps' own (MESSAGING_PREFETCH as the apps read it, 32 by default) and 256.
 * `rpc ratio traced/untraced at c=128` is medicalink-traced over medicalink at the apps' prefetch.
 * `rpc ratio transport/<peer> at c=<n>` compares ours with each peer at the same prefetch (Nest's
 * has none): p50 as peer/ours and throughput as ours/peer, so above 1 reads "ours ahead".
 * Each row also shows the CPU time its client and server processes spent per call (the broker's
 * not counted; warm-up included), and `rpc cpu-per-call ratio untraced/traced` compares those:
 * unlike req/s it hardly moves with other load on the machine.
 *
 * Interleaved: BENCH_ROUNDS rounds (default 3); each round runs every transport and prefetch
 * once, in an order rotated per round, each concurrency for BENCH_SECONDS / rounds (default 10 s
 * in all) after BENCH_WARMUP_MS of uncounted warm-up. A row shows the median of its rounds, so
 * a burst of other load on the machine moves one round of every transport, not one transport.
 *
 * Process layout, identical for every transport (2 CPU cores, so this matters):
 *   - the echo server runs in its own forked process (rpc/echo-servers/<kind>.js);
 *   - the load runs in a second forked process (rpc/echo-load-process.js), a fresh one per
 *     transport and round, so every client starts from a fresh V8 heap and JIT state holding
 *     only its own transport's code; this process only waits on IPC while the load runs;
 *   - RabbitMQ is the third party. Exactly one server and one client run at a time.
 *   - traced rows only: this process also receives the spans (the no-op collector).
 * Every broker object carries a per-run id (`bench-<hex>`) and is deleted at the end.
 *
 * Env: RABBITMQ_URL, BENCH_SECONDS (10), BENCH_WARMUP_MS (1000), BENCH_ROUNDS (3), BENCH_ONLY
 * (comma list of transports), BENCH_CONCURRENCY (comma list, default 1,16,128; a value given
 * twice runs twice in the same client process, stderr shows each, the table their median),
 * BENCH_PROFILE (comma list of `server`, `client`: run those processes with --cpu-prof, profiles
 * written to BENCH_PROFILE_DIR, default <tmpdir>/rpc-bench-profiles, as
 * <transport>-p<prefetch>-<role>.cpuprofile), BENCH_OTLP_PROTOCOL (the traced row's export
 * encoding: http/protobuf, the apps' default, or http/json). The table and the ratio lines go
 * to stdout (the ratios only when every row succeeded; otherwise what failed, and exit 1),
 * progress to stderr.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { baseEnvSchema } from '@medicalink/config';
import { topologyFor } from '@medicalink/messaging';
import type { SpanCounts } from '@medicalink/observability';
import { startOtlpCollector, type OtlpCollector } from '@medicalink/testing';
import { processCpuMs } from './cpu';
import { commaList, cpuProfileFlags, positiveEnv } from './env';
import type { LoadResult } from './load';
import { finishBench } from './report';
import { runBench } from './run-bench';
import { moleculerTopology } from './rpc/peers/moleculer-options';
import {
  MOLECULER_ACTION,
  PEERS,
  TRANSPORTS,
  benchNames,
  echoContract,
  type BenchNames,
  type ChildMessage,
  type ClientSpec,
  type ServerSpec,
  type TransportKind,
} from './rpc/echo-spec';
import { roundOrder } from './rounds';
import { median } from './stats';
import { fixed, formatLine } from './table';

const CONCURRENCIES = concurrencies();
/** The prefetch the apps run with (their MESSAGING_PREFETCH), and the raw baseline's usual 256. */
const APP_PREFETCH = baseEnvSchema.shape.MESSAGING_PREFETCH.parse(
  process.env['MESSAGING_PREFETCH'],
);
const PREFETCHES = [...new Set([APP_PREFETCH, 256])];
const SERVER_FILES: Record<TransportKind, string> = {
  'raw-amqplib': 'rpc/echo-servers/raw-amqplib.js',
  medicalink: 'rpc/echo-servers/medicalink.js',
  'medicalink-traced': 'rpc/echo-servers/medicalink.js',
  'nest-default': 'rpc/echo-servers/nest-rmq.js',
  golevelup: 'rpc/echo-servers/golevelup.js',
  moleculer: 'rpc/echo-servers/moleculer.js',
};

/** One server set-up: a transport, at a prefetch (none for Nest's noAck consumer). */
interface Setup {
  transport: TransportKind;
  prefetch: number | null;
}

/**
 * A row of one round: the load's figures, and the CPU time the client and server processes
 * spent per call (the broker's not counted). CPU per call barely moves with other load on the
 * machine, where req/s does: it is the steadier figure for comparing two transports.
 */
interface RoundResult extends LoadResult {
  cpuUsPerCall: number;
  /** this process's CPU per call meanwhile: the no-op collector's work, for the traced rows */
  collectorUsPerCall: number;
}

/** One row: the median of its rounds' figures; errors summed over the rounds. */
interface Row extends RoundResult {
  transport: TransportKind;
  prefetch: number | null;
  rounds: number;
}

const children = new Set<ChildProcess>();
/** the no-op OTLP collector the traced transport's processes export to */
let collector: OtlpCollector | undefined;
/** set once the run's names exist, so an interrupted run still removes its queues */
let deleteRunTopology: (() => Promise<void>) | undefined;
/** what each traced process did with its spans, reported as it exits */
const spanReports: SpanCounts[] = [];
/** traced processes started, each of which owes a report */
let tracedProcesses = 0;
let interrupted = false;

/** BENCH_CONCURRENCY (`1` to profile a single call at a time), else 1, 16 and 128. */
function concurrencies(): number[] {
  const wanted = commaList('BENCH_CONCURRENCY');
  if (wanted.length === 0) return [1, 16, 128];
  const values = wanted.map(Number);
  if (!values.every((value) => Number.isInteger(value) && value > 0))
    throw new Error(`BENCH_CONCURRENCY: positive whole numbers, got ${wanted.join(',')}`);
  return values;
}

function selectedTransports(): TransportKind[] {
  const wanted = commaList('BENCH_ONLY');
  if (wanted.length === 0) return [...TRANSPORTS];
  const unknown = wanted.filter((name) => !(TRANSPORTS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown transport(s) ${unknown.join(', ')}`);
  return TRANSPORTS.filter((kind) => wanted.includes(kind));
}

/** One profile per transport, prefetch and role (a later round's overwrites an earlier's). */
function profileArgs(
  role: 'server' | 'client',
  transport: TransportKind,
  prefetch: number,
): string[] {
  return cpuProfileFlags(role, 'rpc-bench-profiles', `${transport}-p${prefetch}-${role}`);
}

function forkChild(
  file: string,
  spec: ServerSpec | ClientSpec,
  role: 'server' | 'client',
  transport: TransportKind,
): ChildProcess {
  const child = fork(join(__dirname, file), [JSON.stringify(spec)], {
    execArgv: profileArgs(role, transport, spec.prefetch),
    env: tracingEnv(transport),
    // a child's stdout goes to our stderr: stdout carries only the results
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (transport === 'medicalink-traced') {
    tracedProcesses += 1;
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'spans') spanReports.push(message.counts);
    });
  }
  return child;
}

/** How the traced processes export: the apps' default unless BENCH_OTLP_PROTOCOL says http/json. */
const OTLP_PROTOCOL =
  process.env['BENCH_OTLP_PROTOCOL'] === 'http/json' ? 'http/json' : 'http/protobuf';

/**
 * Tracing on (to the no-op collector) for the traced transport only, off for every other. No
 * other OTEL_* variable from this shell reaches a child: a sampler or batch setting there would
 * change what the traced row measures.
 */
function tracingEnv(transport: TransportKind): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')),
  );
  if (transport !== 'medicalink-traced') return env;
  if (!collector) throw new Error('the no-op OTLP collector is not running');
  return {
    ...env,
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: OTLP_PROTOCOL,
  };
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

function collectRows(
  child: ChildProcess,
  server: ChildProcess,
  setup: Setup,
): Promise<RoundResult[]> {
  const results: RoundResult[] = [];
  let failure: string | undefined;
  let serverCpuMs = processCpuMs(server.pid);
  let ownCpu = process.cpuUsage();
  return new Promise((resolvePromise, reject) => {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'row') {
        const serverNow = processCpuMs(server.pid);
        const cpuMs = message.cpuMs + (serverNow - serverCpuMs);
        serverCpuMs = serverNow;
        const own = process.cpuUsage(ownCpu);
        ownCpu = process.cpuUsage();
        const result = {
          ...message.row,
          cpuUsPerCall: (cpuMs * 1000) / message.calls,
          collectorUsPerCall: (own.user + own.system) / message.calls,
        };
        results.push(result);
        process.stderr.write(`  ${formatRow({ ...setup, ...result, rounds: 1 })}\n`);
        if (message.row.errors > 0) {
          process.stderr.write(
            `  ! ${message.row.errors} failed calls, first: ${message.row.firstError}\n`,
          );
        }
      } else if (message.type === 'failed') {
        failure = message.message;
      }
    });
    child.once('exit', (code, signal) => {
      if (code === 0) resolvePromise(results);
      else if (failure) reject(new Error(`${describe(setup)} client failed: ${failure}`));
      else reject(exitError(child, `${describe(setup)} client`, code, signal));
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

/** One round of one set-up: its echo server, and a client process running every concurrency. */
async function runSetup(
  setup: Setup,
  serverSpec: ServerSpec,
  clientSpec: Omit<ClientSpec, 'transport'>,
): Promise<RoundResult[]> {
  const { transport } = setup;
  const server = forkChild(SERVER_FILES[transport], serverSpec, 'server', transport);
  try {
    await waitForReady(server, `${describe(setup)} echo server`, 60_000);
    const spec = { ...clientSpec, transport };
    const client = forkChild('rpc/echo-load-process.js', spec, 'client', transport);
    try {
      return await collectRows(client, server, setup);
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
    const moleculer = moleculerTopology(names.moleculerNamespace, MOLECULER_ACTION);
    const queues = [
      names.rawQueue,
      names.nestQueue,
      ours.rpcQueue,
      ours.deadLetterQueue,
      names.golevelupQueue,
      ...moleculer.queues,
    ];
    for (const queue of queues) {
      const channel = await connection.createChannel();
      await channel.deleteQueue(queue).catch(() => undefined);
      await channel.close().catch(() => undefined);
    }
    for (const exchange of [ours.eventsExchange, names.golevelupExchange, ...moleculer.exchanges]) {
      const channel = await connection.createChannel();
      await channel.deleteExchange(exchange).catch(() => undefined);
      await channel.close().catch(() => undefined);
    }
  } finally {
    await connection.close();
  }
}

const COLUMNS = [17, 8, 5, 11, 9, 9, 13];

function formatRow(row: Row): string {
  return formatLine(COLUMNS, [
    row.transport,
    row.prefetch === null ? '-' : String(row.prefetch),
    String(row.concurrency),
    fixed(row.reqPerSec, 1),
    fixed(row.p50Ms, 3),
    fixed(row.p99Ms, 3),
    fixed(row.cpuUsPerCall, 1),
  ]);
}

const describe = ({ transport, prefetch }: Setup) =>
  prefetch === null ? transport : `${transport} (prefetch ${prefetch})`;

/**
 * Every set-up of the selected transports: Nest's has no prefetch, the traced one runs at the
 * apps' prefetch only, the others at each value.
 */
function setupsOf(transports: readonly TransportKind[]): Setup[] {
  return transports.flatMap((transport): Setup[] => {
    if (transport === 'nest-default') return [{ transport, prefetch: null }];
    if (transport === 'medicalink-traced') return [{ transport, prefetch: APP_PREFETCH }];
    return PREFETCHES.map((prefetch) => ({ transport, prefetch }));
  });
}

/** One row per set-up and concurrency: the median over its rounds. */
function medianRows(samples: Map<string, { setup: Setup; results: RoundResult[] }>): Row[] {
  return [...samples.values()].map(({ setup, results }) => {
    const errors = results.reduce((sum, result) => sum + result.errors, 0);
    const firstError = results.find((result) => result.firstError)?.firstError;
    return {
      ...setup,
      concurrency: results[0]!.concurrency,
      completed: results.reduce((sum, result) => sum + result.completed, 0),
      errors,
      ...(firstError ? { firstError } : {}),
      windowMs: results.reduce((sum, result) => sum + result.windowMs, 0),
      reqPerSec: median(results.map((result) => result.reqPerSec)),
      p50Ms: median(results.map((result) => result.p50Ms)),
      p99Ms: median(results.map((result) => result.p99Ms)),
      cpuUsPerCall: median(results.map((result) => result.cpuUsPerCall)),
      collectorUsPerCall: median(results.map((result) => result.collectorUsPerCall)),
      rounds: results.length,
    };
  });
}

function ratio(
  rows: Row[],
  a: TransportKind,
  b: TransportKind,
  c: number,
  prefetch: number,
  key: 'reqPerSec' | 'p50Ms' | 'cpuUsPerCall',
) {
  const find = (transport: TransportKind) =>
    rows.find(
      (row) =>
        row.transport === transport &&
        row.concurrency === c &&
        (row.prefetch === null || row.prefetch === prefetch),
    )?.[key] ?? Number.NaN;
  return fixed(find(a) / find(b), 2);
}

async function main(): Promise<void> {
  const url = process.env['RABBITMQ_URL'] || 'amqp://guest:guest@127.0.0.1:5672';
  const totalMs = Math.round(positiveEnv('BENCH_SECONDS', 10) * 1000);
  const warmupMs = Math.round(positiveEnv('BENCH_WARMUP_MS', 1000));
  const rounds = Math.round(positiveEnv('BENCH_ROUNDS', 3));
  const durationMs = Math.round(totalMs / rounds);
  const setups = setupsOf(selectedTransports());
  const runId = `bench-${randomBytes(4).toString('hex')}`;
  const names = benchNames(runId);
  const cleanup = () =>
    deleteTopology(url, names).catch((error: unknown) => {
      process.stderr.write(`could not delete the bench topology: ${(error as Error).message}\n`);
    });
  deleteRunTopology = cleanup;
  const [load1] = loadavg();
  const header =
    `rpc bench ${runId} (load average ${load1?.toFixed(2)} on ${availableParallelism()} CPUs): ` +
    `${rounds} rounds of ${durationMs / 1000} s per row (+${warmupMs} ms warm-up each), ` +
    `c=${CONCURRENCIES.join('/')}, prefetch ${PREFETCHES.join('/')} (apps: ${APP_PREFETCH}); rows are medians of the rounds`;
  process.stderr.write(`${header}\n`);

  const samples = new Map<string, { setup: Setup; results: RoundResult[] }>();
  const problems: string[] = [];
  collector = await startOtlpCollector({ keep: false });
  let spanBytes = 0;
  try {
    for (let round = 0; round < rounds && !interrupted; round += 1) {
      for (const setup of roundOrder(setups, round)) {
        if (interrupted) break;
        process.stderr.write(`round ${round + 1}/${rounds}: ${describe(setup)}\n`);
        const serverSpec: ServerSpec = { url, names, prefetch: setup.prefetch ?? 0 };
        const clientSpec = { ...serverSpec, concurrencies: CONCURRENCIES, warmupMs, durationMs };
        try {
          for (const result of await runSetup(setup, serverSpec, clientSpec)) {
            const key = `${setup.transport}|${setup.prefetch}|${result.concurrency}`;
            const entry = samples.get(key) ?? { setup, results: [] };
            entry.results.push(result);
            samples.set(key, entry);
          }
        } catch (error) {
          problems.push(`round ${round + 1}, ${describe(setup)}: ${(error as Error).message}`);
          process.stderr.write(`${describe(setup)}: ${(error as Error).message}\n`);
        }
      }
    }
  } finally {
    await cleanup();
    spanBytes = collector.bytes();
    await collector.close();
  }
  if (interrupted) problems.push('interrupted');

  const rows = medianRows(samples);
  for (const row of rows) {
    if (row.errors > 0)
      problems.push(
        `${describe(row)} c=${row.concurrency}: ${row.errors} failed calls, first: ${row.firstError}`,
      );
    if (row.completed === 0)
      problems.push(`${describe(row)} c=${row.concurrency}: no call completed inside the windows`);
    if (row.rounds < rounds)
      problems.push(`${describe(row)} c=${row.concurrency}: ${row.rounds} of ${rounds} rounds ran`);
  }
  for (const setup of setups) {
    for (const c of CONCURRENCIES) {
      const ran = rows.some(
        (row) =>
          row.transport === setup.transport &&
          row.prefetch === setup.prefetch &&
          row.concurrency === c,
      );
      if (!ran) problems.push(`${describe(setup)} c=${c}: no result`);
    }
  }
  const traced = setups.some((setup) => setup.transport === 'medicalink-traced');
  const spanLines: string[] = [];
  if (traced) {
    const spans = sumSpanCounts(spanReports);
    spanLines.push(
      `traced spans (client and server, every round, warm-up included, ${OTLP_PROTOCOL}): ${spans.ended} recorded, ` +
        `${spans.exported} exported (${fixed(spanBytes / Math.max(1, spans.exported), 0)} bytes a span), ` +
        `${spans.dropped} dropped, ${spans.failed} failed to export`,
      ...rows
        .filter((row) => row.transport === 'medicalink-traced')
        .map(
          (row) =>
            `  the no-op collector (this process) at c=${row.concurrency}: ${fixed(row.collectorUsPerCall, 1)} cpu µs/call, ` +
            'not in the table: it shares the machine with the measured processes',
        ),
    );
    if (spanReports.length < tracedProcesses)
      problems.push(
        `${tracedProcesses - spanReports.length} traced process(es) did not report their spans`,
      );
    if (spans.exported !== spans.ended)
      problems.push(`traced spans: ${spans.ended - spans.exported} of ${spans.ended} not exported`);
  }
  const ratios = PREFETCHES.flatMap((prefetch) => [
    `rpc p50 ratio transport/raw at c=1, prefetch ${prefetch}: ${ratio(rows, 'medicalink', 'raw-amqplib', 1, prefetch, 'p50Ms')}`,
    `rpc throughput ratio transport/nest-default at c=128, prefetch ${prefetch}: ${ratio(rows, 'medicalink', 'nest-default', 128, prefetch, 'reqPerSec')}`,
    `rpc ratio transport/raw at c=128, prefetch ${prefetch}: ${ratio(rows, 'medicalink', 'raw-amqplib', 128, prefetch, 'reqPerSec')}`,
  ]);
  ratios.push(...peerRatios(rows, setups));
  if (traced) {
    ratios.push(
      `rpc ratio traced/untraced at c=128: ${ratio(rows, 'medicalink-traced', 'medicalink', 128, APP_PREFETCH, 'reqPerSec')}`,
      `rpc cpu-per-call ratio untraced/traced at c=128 (client and server processes): ${ratio(rows, 'medicalink', 'medicalink-traced', 128, APP_PREFETCH, 'cpuUsPerCall')}`,
    );
  }
  finishBench('rpc', {
    lines: [
      header,
      formatLine(COLUMNS, [
        'transport',
        'prefetch',
        'c',
        'req/s',
        'p50(ms)',
        'p99(ms)',
        'cpu µs/call',
      ]),
      ...rows.map(formatRow),
      ...spanLines,
    ],
    ratios,
    problems,
  });
}

/**
 * `rpc ratio transport/<peer> at c=<n>` for every peer that ran, at every concurrency, against
 * ours at the same prefetch (each prefetch when the peer has none): p50 as peer/ours and
 * throughput as ours/peer, so that above 1 means ours ahead on both.
 */
function peerRatios(rows: Row[], setups: readonly Setup[]): string[] {
  const ran = (transport: TransportKind) => setups.some((setup) => setup.transport === transport);
  if (!ran('medicalink')) return [];
  const peers = PEERS.filter(ran);
  if (peers.length === 0) return [];
  const lines = [
    'rpc ratios transport/<peer>: p50 is peer/ours, throughput is ours/peer (above 1: ours ahead)',
  ];
  for (const peer of peers) {
    for (const prefetch of PREFETCHES) {
      for (const c of CONCURRENCIES) {
        lines.push(
          `rpc ratio transport/${peer} at c=${c} (prefetch ${prefetch}): ` +
            `p50 ${ratio(rows, peer, 'medicalink', c, prefetch, 'p50Ms')}, ` +
            `throughput ${ratio(rows, 'medicalink', peer, c, prefetch, 'reqPerSec')}`,
        );
      }
    }
  }
  return lines;
}

function sumSpanCounts(reports: readonly SpanCounts[]): SpanCounts {
  const sum: SpanCounts = { ended: 0, exported: 0, dropped: 0, failed: 0 };
  for (const report of reports) {
    sum.ended += report.ended;
    sum.exported += report.exported;
    sum.dropped += report.dropped;
    sum.failed += report.failed;
  }
  return sum;
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
