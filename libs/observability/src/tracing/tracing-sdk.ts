import { diag } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { otlpHttpBatchExporter, type OtlpProtocol } from './otlp-exporter';
import { SerializingSpanProcessor, type BatchSettings } from './serializing-span-processor';
import { SharedContextManager } from './shared-context-manager';
import type { TracingHandle } from './start-tracing';
import { markTracingEnabled } from './tracing';

/**
 * The SDK as the apps run it: every span recorded (the SDK's default sampler, or the one
 * OTEL_TRACES_SAMPLER names; the same for our own spans and the instrumentations'), batched
 * over OTLP/HTTP (protobuf, or JSON as OTEL_EXPORTER_OTLP_PROTOCOL says) to
 * OTEL_EXPORTER_OTLP_ENDPOINT by SerializingSpanProcessor (OTEL_BSP_* as the SDK's batch
 * processor reads them; the exporter reads the other OTEL_EXPORTER_OTLP_* variables), a context
 * manager sharing the message context's storage and the W3C propagator registered globally,
 * and the pg and ioredis instrumentations. Those two record a query only inside a span: the relay's and the recovery
 * loops' polling would otherwise make a trace every half second.
 */
export function startTracingSdk(
  service: string,
  env: Record<string, string | undefined>,
): TracingHandle {
  const protocol = protocolFromEnv(env);
  const processor = new SerializingSpanProcessor(
    otlpHttpBatchExporter(tracesUrl(env), protocol),
    batchSettings(env),
    protocol,
  );
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: env['OTEL_SERVICE_NAME'] ?? service,
  });
  const sampler = samplerFromEnv(env);
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [processor],
    ...(sampler ? { sampler } : {}),
  });
  provider.register({ contextManager: new SharedContextManager() });
  markTracingEnabled({ resource, scope: { name: 'medicalink' }, processor, sampler });
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // a pool checkout per query is not worth a span of its own on every request's path
      new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  return { shutdown: () => provider.shutdown(), spanCounts: () => processor.spanCounts() };
}

/**
 * The sampler OTEL_TRACES_SAMPLER (and OTEL_TRACES_SAMPLER_ARG) names, as the SDK reads them;
 * none for the default, parent-based always-on.
 */
function samplerFromEnv(env: Record<string, string | undefined>): Sampler | undefined {
  const argument = Number(env['OTEL_TRACES_SAMPLER_ARG'] ?? 1);
  const ratio = () => new TraceIdRatioBasedSampler(argument >= 0 && argument <= 1 ? argument : 1);
  switch (env['OTEL_TRACES_SAMPLER']?.trim().toLowerCase()) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio();
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio() });
    default:
      return undefined;
  }
}

/**
 * OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL: `http/protobuf` (the
 * specification's default) or `http/json`; gRPC is not offered, and anything else falls back to
 * the default, with a warning.
 */
export function protocolFromEnv(env: Record<string, string | undefined>): OtlpProtocol {
  const named = (env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'] ?? env['OTEL_EXPORTER_OTLP_PROTOCOL'])
    ?.trim()
    .toLowerCase();
  if (named === 'http/json') return 'http/json';
  if (named && named !== 'http/protobuf')
    diag.warn(`OTLP protocol "${named}" is not supported; exporting spans as http/protobuf`);
  return 'http/protobuf';
}

/** The OpenTelemetry specification's defaults, unless OTEL_BSP_* says otherwise. */
function batchSettings(env: Record<string, string | undefined>): BatchSettings {
  const number = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] && Number.isFinite(value) && value > 0 ? value : fallback;
  };
  const maxQueueSize = number('OTEL_BSP_MAX_QUEUE_SIZE', 2048);
  return {
    maxQueueSize,
    maxExportBatchSize: Math.min(maxQueueSize, number('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512)),
    scheduledDelayMillis: number('OTEL_BSP_SCHEDULE_DELAY', 5000),
  };
}

function tracesUrl(env: Record<string, string | undefined>): string {
  const explicit = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  if (explicit) return explicit;
  return `${(env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? '').replace(/\/+$/, '')}/v1/traces`;
}
