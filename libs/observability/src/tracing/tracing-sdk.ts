import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { SharedContextManager } from './shared-context-manager';
import type { TracingHandle } from './start-tracing';

/**
 * The SDK as the apps run it: spans batched to OTLP/HTTP (JSON) at OTEL_EXPORTER_OTLP_ENDPOINT
 * (the exporter and the batch processor read the other standard OTEL_* variables), a context
 * manager sharing the message context's storage and the W3C propagator registered globally,
 * and the pg and ioredis instrumentations. Those two record a query only inside a span: the relay's and the
 * recovery loops' polling would otherwise make a trace every half second.
 */
export function startTracingSdk(
  service: string,
  env: Record<string, string | undefined>,
): TracingHandle {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env['OTEL_SERVICE_NAME'] ?? service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(env) }))],
  });
  provider.register({ contextManager: new SharedContextManager() });
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  return { shutdown: () => provider.shutdown() };
}

function tracesUrl(env: Record<string, string | undefined>): string {
  const explicit = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  if (explicit) return explicit;
  return `${(env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? '').replace(/\/+$/, '')}/v1/traces`;
}
