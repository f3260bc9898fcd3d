import { z } from 'zod';
import { defineRpc } from '@medicalink/contracts';
import { stopTracing, tracingSpanCounts, type SpanCounts } from '@medicalink/observability';
import type { LoadResult } from '../load';

/**
 * The transports compared, in the order they run; `medicalink-traced` is ours with tracing on
 * in both processes (every call sampled, spans exported to a no-op OTLP collector).
 */
export const TRANSPORTS = [
  'raw-amqplib',
  'medicalink',
  'medicalink-traced',
  'nest-default',
  'golevelup',
  'moleculer',
] as const;
export type TransportKind = (typeof TRANSPORTS)[number];

/** The other libraries our transport is measured against (raw amqplib is the floor, not a peer). */
export const PEERS = ['nest-default', 'golevelup', 'moleculer'] as const satisfies TransportKind[];

/** Every broker object one bench run uses; all names carry the run's unique id. */
export interface BenchNames {
  /** queue of the raw amqplib echo server */
  rawQueue: string;
  /** queue of the Nest built-in RMQ echo server */
  nestQueue: string;
  /** MESSAGING_PREFIX of our transport: `<prefix>.product.rpc` etc. */
  prefix: string;
  /** queue and direct exchange of the @golevelup/nestjs-rabbitmq echo server */
  golevelupQueue: string;
  golevelupExchange: string;
  /** Moleculer namespace: its queues and exchanges are named `MOL-<namespace>.*` */
  moleculerNamespace: string;
}

/** The names of run `runId` (`bench-<hex>`): each broker object is named after it. */
export function benchNames(runId: string): BenchNames {
  return {
    rawQueue: `${runId}.raw.rpc`,
    nestQueue: `${runId}.nest.rpc`,
    prefix: runId,
    golevelupQueue: `${runId}.golevelup.rpc`,
    golevelupExchange: `${runId}.golevelup`,
    moleculerNamespace: runId,
  };
}

export interface ServerSpec {
  url: string;
  names: BenchNames;
  /** prefetch of the servers that ack after replying (raw and ours) */
  prefetch: number;
}

export interface ClientSpec extends ServerSpec {
  transport: TransportKind;
  concurrencies: number[];
  warmupMs: number;
  durationMs: number;
}

/** IPC from a forked server or client process to the orchestrator. */
export type ChildMessage =
  | { type: 'ready' }
  | { type: 'listening'; url: string }
  | { type: 'failed'; message: string }
  /** `calls` started in the row (warm-up included) and the CPU this process spent on them */
  | { type: 'row'; row: LoadResult; calls: number; cpuMs: number }
  /** a traced process, last: what became of its spans once it flushed them */
  | { type: 'spans'; counts: SpanCounts };

export const EchoPayload = z.object({ n: z.number().int(), text: z.string() });
export type EchoPayload = z.infer<typeof EchoPayload>;

/** Our transport's echo RPC: served by the `product` queue of the bench prefix. */
export const echoContract = defineRpc('product.bench.echo', {
  request: EchoPayload,
  response: EchoPayload,
});

/** Routing key of the @golevelup/nestjs-rabbitmq echo RPC; its handler config's name. */
export const GOLEVELUP_ECHO = 'bench.echo';

/** The Moleculer echo service and its action (`echo.echo`). */
export const MOLECULER_SERVICE = 'echo';
export const MOLECULER_ACTION = `${MOLECULER_SERVICE}.echo`;

/** Message pattern of the Nest built-in RMQ echo server. */
export const NEST_ECHO_PATTERN = 'bench.echo';

export const BENCH_TEXT = 'hello';

/** A child reads its spec from argv[2] (JSON, written by the orchestrator). */
export function specFromArgv<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error('missing spec argument (this file is forked by rpc-bench.js)');
  return JSON.parse(raw) as T;
}

/** Resolves once the message is handed to the IPC channel (safe to exit after). */
export function sendToParent(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A traced process, before it exits: flush its spans, then tell the orchestrator their fate. */
export async function reportSpans(): Promise<void> {
  await stopTracing();
  const counts = tracingSpanCounts();
  if (counts) await sendToParent({ type: 'spans', counts });
}
