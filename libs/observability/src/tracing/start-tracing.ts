import type { SpanCounts } from './serializing-span-processor';
import { tracingEnabled } from './tracing';

export type { SpanCounts };

export interface TracingHandle {
  /** exports the spans still buffered, then stops */
  shutdown(): Promise<void>;
  /** what became of the spans recorded so far (exported, dropped, failed) */
  spanCounts(): SpanCounts;
}

let handle: TracingHandle | undefined;

/**
 * Starts the OpenTelemetry SDK when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise does nothing
 * and loads nothing. Call it before anything requires pg, ioredis or fastify (an app's main.ts
 * imports its tracing.ts first): their instrumentations patch those modules as they load.
 */
export function startTracing(
  service: string,
  env: Record<string, string | undefined> = process.env,
): TracingHandle | undefined {
  if (tracingEnabled()) return handle;
  if (!env['OTEL_EXPORTER_OTLP_ENDPOINT'] && !env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) {
    return undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK loads only when tracing is on
  const sdk = require('./tracing-sdk') as typeof import('./tracing-sdk');
  handle = sdk.startTracingSdk(service, env);
  return handle;
}

/** Flushes and stops the SDK, if it was started (on shutdown). */
export async function stopTracing(): Promise<void> {
  await handle?.shutdown();
}

/** What became of this process's spans so far; undefined when tracing is off. */
export function tracingSpanCounts(): SpanCounts | undefined {
  return handle?.spanCounts();
}
