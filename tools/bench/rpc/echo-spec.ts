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
] as const;
export type TransportKind = (typeof TRANSPORTS)[number];

/** Every broker object one bench run uses; all names carry the run's unique id. */
export interface BenchNames {
  /** queue of the raw amqplib echo server */
  rawQueue: string;
  /** queue of the Nest built-in RMQ echo server */
  nestQueue: string;
  /** MESSAGING_PREFIX of our transport: `<prefix>.product.rpc` etc. */
  prefix: string;
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
