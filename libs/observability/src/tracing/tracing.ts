import {
  context,
  INVALID_SPANID as INVALID_SPAN_ID,
  INVALID_TRACEID as INVALID_TRACE_ID,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanContext,
  type TextMapGetter,
} from '@opentelemetry/api';
import { currentContext, currentTraceContext, runInTraceContext } from '../message-context';
import { startRecordedSpan, type SpanPipeline } from './recorded-span';

export {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
};
export type { SpanPipeline };

/** where this process's own spans go; set while tracing is on */
let pipeline: SpanPipeline | undefined;

/**
 * True once startTracing has registered the SDK. Every instrumented path asks this first, so a
 * process without OTEL_EXPORTER_OTLP_ENDPOINT creates no span object at all.
 */
export function tracingEnabled(): boolean {
  return pipeline !== undefined;
}

/**
 * For startTracing and startInMemoryTracing only: tracing on, this process's own spans going
 * to `spans` (false: off). Whoever turns it on has registered the SharedContextManager, so the
 * active context is read from and entered into the shared storage directly.
 */
export function markTracingEnabled(spans: SpanPipeline | false): void {
  pipeline = spans || undefined;
}

/** The active OpenTelemetry context, as the SharedContextManager keeps it. */
function activeContext(): Context {
  return (currentTraceContext() as Context | undefined) ?? ROOT_CONTEXT;
}

export interface SpanSettings {
  kind?: SpanKind;
  /** this span's own attributes: the object is kept as the span's, not copied */
  attributes?: Attributes;
  /**
   * attributes every span of its kind has (the same frozen object each time): written as
   * OTLP JSON once, not per span
   */
  sharedAttributes?: Attributes;
  links?: Link[];
  /** the parent; default the active context */
  parent?: Context;
  /**
   * the parent span, named by a message's headers (extractSpanContext): under it in `parent`
   * (then mostly ROOT_CONTEXT), without a context made just to carry it
   */
  remoteParent?: SpanContext;
}

function begin(spans: SpanPipeline, name: string, settings: SpanSettings, parent: Context): Span {
  return startRecordedSpan(
    spans,
    {
      name,
      kind: settings.kind ?? SpanKind.INTERNAL,
      attributes: settings.attributes,
      sharedAttributes: settings.sharedAttributes,
      links: settings.links,
    },
    parent,
    settings.remoteParent,
  );
}

/**
 * Runs `work` inside a new active span that ends when the work settles; a throw marks it
 * failed. Without tracing it only runs `work` (with no span).
 */
export function inSpan<T>(
  name: string,
  settings: SpanSettings,
  work: (span: Span | undefined) => Promise<T> | T,
): Promise<T> {
  if (!pipeline) return untraced(work);
  const parent = settings.parent ?? activeContext();
  const span = begin(pipeline, name, settings, parent);
  let result: Promise<T> | T;
  try {
    result = runInTraceContext(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    return rejected(endFailed(span, error));
  }
  // one reaction on the work's own promise, where an async wrapper would add two more
  return Promise.resolve(result).then(
    (value) => {
      span.end();
      return value;
    },
    (error: unknown) => {
      throw endFailed(span, error);
    },
  );
}

async function rejected(error: unknown): Promise<never> {
  throw error;
}

async function untraced<T>(work: (span: undefined) => Promise<T> | T): Promise<T> {
  return work(undefined);
}

function endFailed(span: Span, error: unknown): unknown {
  failSpan(span, error);
  span.end();
  return error;
}

/** Starts a span the caller ends (for work that begins and ends in different callbacks). */
export function startSpan(name: string, settings: SpanSettings): Span | undefined {
  if (!pipeline) return undefined;
  return begin(pipeline, name, settings, settings.parent ?? activeContext());
}

/** Runs `work` with `span` active (under `parent`, default the active context). */
export function withSpan<T>(span: Span | undefined, work: () => T, parent?: Context): T {
  if (!span) return work();
  return runInTraceContext(trace.setSpan(parent ?? activeContext(), span), work);
}

export function failSpan(span: Span | undefined, error: unknown): void {
  if (!span) return;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** A span event on the active span (retries, delay queues, dead-lettering); no-op untraced. */
export function spanEvent(name: string, attributes?: Attributes): void {
  if (!pipeline) return;
  trace.getActiveSpan()?.addEvent(name, attributes);
}

/**
 * Writes the W3C trace context (traceparent, tracestate) of `span`, default the active one,
 * into `carrier`. A given span's is written directly (an RPC's client span, on every call);
 * the active one's through the registered propagator.
 */
export function injectTraceContext(carrier: Record<string, unknown>, span?: Span): void {
  if (!span) {
    propagation.inject(context.active(), carrier);
    return;
  }
  const spanContext = span.spanContext();
  if (spanContext.traceId === INVALID_TRACE_ID || spanContext.spanId === INVALID_SPAN_ID) return;
  carrier['traceparent'] = traceparentOf(span);
  const traceState = spanContext.traceState?.serialize();
  if (traceState) carrier['tracestate'] = traceState;
}

/** A W3C traceparent of version 00: trace id, span id, flags. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

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

/**
 * The remote parent named by W3C headers (HTTP or AMQP), as a context to start spans under (the
 * trace context only: nothing here sets baggage).
 */
export function extractTraceContext(carrier: Record<string, unknown> | undefined): Context {
  const remote = extractSpanContext(carrier);
  return remote ? trace.setSpanContext(ROOT_CONTEXT, remote) : ROOT_CONTEXT;
}

/**
 * The remote parent span named by W3C headers (HTTP or AMQP). The common case, a version-00
 * traceparent and no tracestate (every RPC request and event), is read here; anything else
 * goes through the registered propagator.
 */
export function extractSpanContext(
  carrier: Record<string, unknown> | undefined,
): SpanContext | undefined {
  if (!carrier || !pipeline) return undefined;
  const traceparent = headerGetter.get(carrier, 'traceparent');
  const match = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent) : null;
  if (!match || carrier['tracestate'] !== undefined) {
    return trace.getSpanContext(propagation.extract(ROOT_CONTEXT, carrier, headerGetter));
  }
  const [, traceId, spanId, flags] = match as unknown as [string, string, string, string];
  // the pattern has checked the ids are hex: valid unless all zeros
  if (traceId === INVALID_TRACE_ID || spanId === INVALID_SPAN_ID) return undefined;
  return { traceId, spanId, traceFlags: parseInt(flags, 16), isRemote: true };
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
  if (pipeline) {
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
  if (!pipeline) return work();
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
  if (pipeline) {
    const span = trace.getActiveSpan();
    if (span) return traceparentOf(span);
  }
  return currentContext()?.traceparent;
}

/** trace_id and span_id for a log line: the active span's, else the passed-through traceparent's. */
export function logTraceFields(): { trace_id: string; span_id: string } | undefined {
  if (pipeline) {
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
  const flags = traceFlags === 1 ? '01' : traceFlags.toString(16).padStart(2, '0');
  return `00-${traceId}-${spanId}-${flags}`;
}
