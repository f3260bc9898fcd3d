import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import amqp from 'amqplib';
import { benchNames, type ChildMessage, type ClientSpec, type ServerSpec } from '../rpc/echo-spec';
import type { LoadResult } from '../load';
import { runHttpLoad, type HttpLoadResult } from './http-load';

/** The raw echo server's prefetch, as in bench:rpc's rows at 256 (the raw baseline's own). */
const PREFETCH = 256;
const BENCH_DIR = join(__dirname, '..');

export interface RawRpcOptions {
  rabbitmqUrl: string;
  runId: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** node flags per forked process (`raw-server`, `raw-client`, `floor`), e.g. --cpu-prof */
  nodeFlags: (role: ForkedRole) => string[];
  /** every forked child, so Ctrl-C can stop it */
  track: (child: ChildProcess) => void;
}

type ForkedRole = 'raw-server' | 'raw-client' | 'floor';

/**
 * The raw amqplib RPC echo of the rpc bench, unchanged: its echo server
 * (dist/tools/bench/rpc/echo-servers/raw-amqplib.js) and its client process
 * (dist/tools/bench/rpc/echo-load-process.js, the closed-loop generator of load.ts), one
 * concurrency row. Each runs in its own process, as in `npm run bench:rpc`.
 */
export async function runRawRpcRow(options: RawRpcOptions): Promise<LoadResult> {
  return withRawEchoServer(options, async (serverSpec) => {
    const clientSpec: ClientSpec = {
      ...serverSpec,
      transport: 'raw-amqplib',
      concurrencies: [options.concurrency],
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
    };
    const client = forkChild(options, 'rpc/echo-load-process.js', clientSpec, 'raw-client');
    try {
      const timeoutMs = options.warmupMs + options.durationMs + 60_000;
      const message = await nextMessage(
        client,
        'raw rpc client',
        timeoutMs,
        (m) => m.type === 'row',
      );
      if (message.type !== 'row') throw new Error('unreachable');
      return message.row;
    } finally {
      await stopChild(client);
    }
  });
}

/**
 * The floor row: autocannon against floor-gateway.ts (bare Fastify, one raw RPC to the same raw
 * echo server per request), with the hit rows' connections, warm-up and duration.
 */
export async function runFloorRow(
  options: RawRpcOptions,
): Promise<{ warm: HttpLoadResult; result: HttpLoadResult }> {
  return withRawEchoServer(options, async (serverSpec) => {
    const floor = forkChild(options, 'gateway/floor-gateway.js', serverSpec, 'floor');
    try {
      const message = await nextMessage(
        floor,
        'floor gateway',
        60_000,
        (m) => m.type === 'listening',
      );
      if (message.type !== 'listening') throw new Error('unreachable');
      const load = {
        url: `${message.url}/doctors/floor`,
        headers: {},
        connections: options.concurrency,
      };
      const warm = await runHttpLoad({ ...load, durationMs: options.warmupMs });
      return { warm, result: await runHttpLoad({ ...load, durationMs: options.durationMs }) };
    } finally {
      await stopChild(floor);
    }
  });
}

/** Runs `use` while the raw echo server serves a queue of its own; removes the queue after. */
async function withRawEchoServer<T>(
  options: RawRpcOptions,
  use: (spec: ServerSpec) => Promise<T>,
): Promise<T> {
  const names = benchNames(options.runId);
  const spec: ServerSpec = { url: options.rabbitmqUrl, names, prefetch: PREFETCH };
  const server = forkChild(options, 'rpc/echo-servers/raw-amqplib.js', spec, 'raw-server');
  try {
    await nextMessage(server, 'raw echo server', 60_000, (message) => message.type === 'ready');
    return await use(spec);
  } finally {
    await stopChild(server);
    await deleteQueue(options.rabbitmqUrl, names.rawQueue);
  }
}

function forkChild(
  options: RawRpcOptions,
  file: string,
  spec: ServerSpec,
  role: ForkedRole,
): ChildProcess {
  const child = fork(join(BENCH_DIR, file), [JSON.stringify(spec)], {
    execArgv: options.nodeFlags(role),
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  options.track(child);
  return child;
}

/** The first message matching `wanted`; rejects on a 'failed' message, an early exit or the timeout. */
function nextMessage(
  child: ChildProcess,
  what: string,
  timeoutMs: number,
  wanted: (message: ChildMessage) => boolean,
): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`${what}: nothing within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'failed') done(new Error(`${what} failed: ${message.message}`));
      else if (wanted(message)) done(undefined, message);
    };
    const onExit = (code: number | null, signal: string | null) =>
      done(new Error(`${what} (pid ${child.pid}) exited early: code ${code}, signal ${signal}`));
    const done = (error?: Error, message?: ChildMessage) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message!);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function stopChild(child: ChildProcess, timeoutMs = 8_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

async function deleteQueue(url: string, queue: string): Promise<void> {
  try {
    const connection = await amqp.connect(url);
    try {
      const channel = await connection.createChannel();
      await channel.deleteQueue(queue);
      await channel.close();
    } finally {
      await connection.close();
    }
  } catch (error) {
    process.stderr.write(`could not delete ${queue}: ${(error as Error).message}\n`);
  }
}
