import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';
import { currentContext } from '../message-context';

export { SpanKind, SpanStatusCode, type Attributes, type Context, type Span };

let enabled = false;
/** the registered provider's tracer, looked up once: getTracer builds a key and searches a map */
let cachedTracer: Tracer | undefined;

/**
 * True once startTracing has registered the SDK. Every instrumented path asks this first, so a
 * process without OTEL_EXPORTER_OTLP_ENDPOINT creates no span object at all.
 */
export function tracingEnabled(): boolean {
  return enabled;
}

/** For startTracing only (and tests that register an SDK of their own). */
export function markTracingEnabled(on: boolean): void {
  enabled = on;
  cachedTracer = undefined;
}

const tracer = () => (cachedTracer ??= trace.getTracer('medicalink'));

export interface SpanSettings {
  kind?: SpanKind;
  attributes?: Attributes;
  links?: Link[];
  /** the parent; default the active context */
  parent?: Context;
}

/**
 * Runs `work` inside a new active span that ends when the work settles; a throw marks it
 * failed. Without tracing it only runs `work` (with no span).
 */
export async function inSpan<T>(
  name: string,
  settings: SpanSettings,
  work: (span: Span | undefined) => Promise<T> | T,
): Promise<T> {
  if (!enabled) return work(undefined);
  const parent = settings.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    {
      kind: settings.kind ?? SpanKind.INTERNAL,
      attributes: settings.attributes,
      links: settings.links,
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Starts a span the caller ends (for work that begins and ends in different callbacks). */
export function startSpan(name: string, settings: SpanSettings): Span | undefined {
  if (!enabled) return undefined;
  return tracer().startSpan(
    name,
    {
      kind: settings.kind ?? SpanKind.INTERNAL,
      attributes: settings.attributes,
      links: settings.links,
    },
    settings.parent ?? context.active(),
  );
}

/** Runs `work` with `span` active (under `parent`, default the active context). */
export function withSpan<T>(span: Span | undefined, work: () => T, parent?: Context): T {
  if (!span) return work();
  return context.with(trace.setSpan(parent ?? context.active(), span), work);
}

export function failSpan(span: Span | undefined, error: unknown): void {
  if (!span) return;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** A span event on the active span (retries, delay queues, dead-lettering); no-op untraced. */
export function spanEvent(name: string, attributes?: Attributes): void {
  if (!enabled) return;
  trace.getActiveSpan()?.addEvent(name, attributes);
}

/**
 * Writes the W3C trace context (traceparent, tracestate) of `span`, default the active one,
 * into `carrier`.
 */
export function injectTraceContext(carrier: Record<string, unknown>, span?: Span): void {
  const from = span ? trace.setSpan(context.active(), span) : context.active();
  propagation.inject(from, carrier);
}

const headerGetter: TextMapGetter<Record<string, unknown>> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    const value = carrier[key];
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(String);
    if (Buffer.isBuffer(value)) return value.toString('utf8');
    return undefined;
  },
};

/** The remote parent named by W3C headers (HTTP or AMQP), as a context to start spans under. */
export function extractTraceContext(carrier: Record<string, unknown> | undefined): Context {
  if (!carrier) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier, headerGetter);
}

/** A W3C trace context kept with a record that outlives this process (a saga in its journal). */
export interface StoredTraceContext {
  traceparent: string;
  tracestate?: string;
}

/**
 * The trace context to store now: the active span's traceparent and tracestate (tracing on);
 * untraced, the traceparent the message context passes through.
 */
export function captureTraceContext(): StoredTraceContext | undefined {
  if (enabled) {
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    const { traceparent, tracestate } = carrier;
    if (traceparent) return { traceparent, ...(tracestate ? { tracestate } : {}) };
  }
  const traceparent = currentContext()?.traceparent;
  return traceparent ? { traceparent } : undefined;
}

/**
 * Runs `work` as a continuation of the trace a stored W3C context (or bare traceparent) names:
 * spans it starts are children of that span; with none, they start traces of their own,
 * whatever span is active here. Untraced, it only runs `work`.
 */
export function continueTrace<T>(
  stored: StoredTraceContext | string | null | undefined,
  work: () => T,
): T {
  if (!enabled) return work();
  const carrier = typeof stored === 'string' ? { traceparent: stored } : stored;
  const parent = carrier ? extractTraceContext({ ...carrier }) : ROOT_CONTEXT;
  return context.with(parent, work);
}

/**
 * Runs background work (a poller's tick) outside the trace of whoever scheduled it: a timer
 * set inside a request keeps that request's context.
 */
export function outsideTrace<T>(work: () => T): T {
  return continueTrace(undefined, work);
}

/**
 * The W3C traceparent of the active span; untraced, the one the message context passes
 * through. What a record written now (an outbox row) keeps to continue the trace later.
 */
export function currentTraceparent(): string | undefined {
  if (enabled) {
    const span = trace.getActiveSpan();
    if (span) return traceparentOf(span);
  }
  return currentContext()?.traceparent;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** trace_id and span_id for a log line: the active span's, else the passed-through traceparent's. */
export function logTraceFields(): { trace_id: string; span_id: string } | undefined {
  if (enabled) {
    const span = trace.getActiveSpan();
    if (span) {
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    }
  }
  const match = currentContext()?.traceparent?.match(TRACEPARENT);
  return match ? { trace_id: match[1]!, span_id: match[2]! } : undefined;
}

/** The W3C traceparent naming `span` as the parent. */
export function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`;
}
