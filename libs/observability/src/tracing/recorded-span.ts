import { randomFillSync } from 'node:crypto';
import {
  INVALID_SPANID,
  INVALID_TRACEID,
  SamplingDecision,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Attributes,
  type AttributeValue,
  type Context,
  type Exception,
  type HrTime,
  type Link,
  type Span,
  type SpanContext,
  type SpanKind,
  type SpanStatus,
  type TimeInput,
} from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type {
  ReadableSpan,
  Sampler,
  SpanProcessor,
  TimedEvent,
} from '@opentelemetry/sdk-trace-base';

/** Where this process's own spans go (startTracing and startInMemoryTracing set it up). */
export interface SpanPipeline {
  resource: Resource;
  scope: InstrumentationScope;
  processor: SpanProcessor;
  /** none: the specification's default, parent-based always-on (a root is sampled, a child
   * follows its parent), decided here without a call */
  sampler?: Sampler;
}

export interface RecordedSpanStart {
  name: string;
  kind: SpanKind;
  /** the span's own attributes: the object is kept, not copied (pass a fresh one) */
  attributes?: Attributes;
  /** attributes every span of its kind has, frozen: their OTLP JSON is written once */
  sharedAttributes?: Attributes;
  links?: Link[];
}

const NO_ATTRIBUTES: Attributes = Object.freeze({});
const UNSET: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
const NO_EVENTS: TimedEvent[] = [];
const NO_LINKS: Link[] = [];

/**
 * A recorded span of this process's own instrumentation, a leaner object than the SDK's
 * SpanImpl (which the pg and ioredis instrumentations still use): its attributes are kept as
 * given rather than sanitized into copies, its times are two numbers (epoch microseconds)
 * instead of [seconds, nanoseconds] pairs, and it holds no reference to the context it started
 * in. It is a ReadableSpan, so any SpanProcessor takes it; the times' HrTime views are made only
 * when read. Like the SDK's span: the start is the wall clock's, the end adds the monotonic
 * clock's duration, and a call after end() changes nothing.
 */
export class RecordedSpan implements Span, ReadableSpan {
  readonly startUs: number;
  endUs = 0;
  status: SpanStatus = UNSET;
  readonly droppedAttributesCount = 0;
  readonly droppedEventsCount = 0;
  readonly droppedLinksCount = 0;
  private readonly perfStart = performance.now();
  private timedEvents: TimedEvent[] | undefined;
  private addedLinks: Link[] | undefined;

  constructor(
    private readonly pipeline: SpanPipeline,
    public name: string,
    readonly kind: SpanKind,
    private readonly context: SpanContext,
    readonly parentSpanContext: SpanContext | undefined,
    /** frozen and shared by every span of its kind */
    public sharedAttributes: Attributes,
    public ownAttributes: Attributes | undefined,
    links: Link[] | undefined,
  ) {
    this.startUs = Date.now() * 1000;
    if (links && links.length > 0) this.addedLinks = [...links];
  }

  get resource(): Resource {
    return this.pipeline.resource;
  }
  get instrumentationScope(): InstrumentationScope {
    return this.pipeline.scope;
  }
  get ended(): boolean {
    return this.endUs !== 0;
  }
  get attributes(): Attributes {
    if (!this.ownAttributes) return this.sharedAttributes;
    if (this.sharedAttributes === NO_ATTRIBUTES) return this.ownAttributes;
    return { ...this.sharedAttributes, ...this.ownAttributes };
  }
  get events(): TimedEvent[] {
    return this.timedEvents ?? NO_EVENTS;
  }
  get links(): Link[] {
    return this.addedLinks ?? NO_LINKS;
  }
  get startTime(): HrTime {
    return hrTimeOf(this.startUs);
  }
  get endTime(): HrTime {
    return this.ended ? hrTimeOf(this.endUs) : [0, 0];
  }
  get duration(): HrTime {
    return this.ended ? hrTimeOf(this.endUs - this.startUs) : [0, 0];
  }

  spanContext(): SpanContext {
    return this.context;
  }

  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (value === undefined || value === null || this.ended || key.length === 0) return this;
    if (Object.hasOwn(this.sharedAttributes, key)) {
      // a shared attribute changes for this span only: the span keeps a merged copy of its own
      this.ownAttributes = { ...this.sharedAttributes, ...this.ownAttributes };
      this.sharedAttributes = NO_ATTRIBUTES;
    }
    (this.ownAttributes ??= {})[key] = value;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const [key, value] of Object.entries(attributes)) this.setAttribute(key, value);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.ended) return this;
    const isTime = isTimeInput(attributesOrTime);
    const attributes = isTime ? {} : { ...attributesOrTime };
    const at = this.microsOf(isTime ? attributesOrTime : time);
    (this.timedEvents ??= []).push({
      name,
      attributes,
      time: hrTimeOf(at),
      droppedAttributesCount: 0,
    });
    return this;
  }

  addLink(link: Link): this {
    if (!this.ended) (this.addedLinks ??= []).push(link);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this.ended || status.code === SpanStatusCode.UNSET) return this;
    if (this.status.code === SpanStatusCode.OK) return this;
    this.status =
      status.code === SpanStatusCode.ERROR && typeof status.message === 'string'
        ? { code: status.code, message: status.message }
        : { code: status.code };
    return this;
  }

  updateName(name: string): this {
    if (!this.ended) this.name = name;
    return this;
  }

  isRecording(): boolean {
    return !this.ended;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') attributes['exception.message'] = exception;
    else {
      const type = exception.code ?? exception.name;
      if (type) attributes['exception.type'] = String(type);
      if (exception.message) attributes['exception.message'] = exception.message;
      if (exception.stack) attributes['exception.stacktrace'] = exception.stack;
    }
    this.addEvent('exception', attributes, time);
  }

  end(endTime?: TimeInput): void {
    if (this.ended) return;
    this.endUs = Math.max(this.startUs, this.microsOf(endTime));
    this.pipeline.processor.onEnding?.(this);
    this.pipeline.processor.onEnd(this);
  }

  /** A time input as epoch microseconds; none means now. */
  private microsOf(time: TimeInput | undefined): number {
    if (time === undefined) {
      return this.startUs + Math.round((performance.now() - this.perfStart) * 1000);
    }
    if (Array.isArray(time)) return time[0] * 1_000_000 + Math.round(time[1] / 1000);
    const millis = time instanceof Date ? time.getTime() : time;
    // as the SDK reads a number: up to performance.now(), a time on the monotonic clock
    if (millis <= performance.now()) {
      return this.startUs + Math.round((millis - this.perfStart) * 1000);
    }
    return Math.round(millis * 1000);
  }
}

function isTimeInput(value: unknown): value is TimeInput {
  return (
    typeof value === 'number' ||
    value instanceof Date ||
    (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number')
  );
}

function hrTimeOf(micros: number): HrTime {
  const seconds = Math.floor(micros / 1_000_000);
  return [seconds, (micros - seconds * 1_000_000) * 1000];
}

/**
 * Starts a span of this process's own instrumentation under `parent` (a child of its span, if
 * it has one, or of `remoteParent`). Sampled out, it is a non-recording span that still carries the trace context.
 */
export function startRecordedSpan(
  pipeline: SpanPipeline,
  start: RecordedSpanStart,
  parent: Context,
  remoteParent?: SpanContext,
): Span {
  const parentSpanContext = remoteParent ?? trace.getSpanContext(parent);
  // ids from a propagator or a span of ours are well-formed hex: invalid only when all zeros
  const validParent =
    parentSpanContext &&
    parentSpanContext.traceId !== INVALID_TRACEID &&
    parentSpanContext.spanId !== INVALID_SPANID
      ? parentSpanContext
      : undefined;
  const traceId = validParent?.traceId ?? randomId(16);
  const sharedAttributes = start.sharedAttributes ?? NO_ATTRIBUTES;
  let decision: SamplingDecision;
  let traceState = validParent?.traceState;
  let ownAttributes = start.attributes;
  if (!pipeline.sampler) {
    decision =
      !validParent || (validParent.traceFlags & TraceFlags.SAMPLED) !== 0
        ? SamplingDecision.RECORD_AND_SAMPLED
        : SamplingDecision.NOT_RECORD;
  } else {
    const attributes = { ...sharedAttributes, ...ownAttributes };
    const result = pipeline.sampler.shouldSample(
      remoteParent ? trace.setSpanContext(parent, remoteParent) : parent,
      traceId,
      start.name,
      start.kind,
      attributes,
      start.links ?? NO_LINKS,
    );
    decision = result.decision;
    traceState = result.traceState ?? traceState;
    if (result.attributes) ownAttributes = { ...ownAttributes, ...result.attributes };
  }
  const context: SpanContext = {
    traceId,
    spanId: randomId(8),
    traceFlags:
      decision === SamplingDecision.RECORD_AND_SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE,
  };
  if (traceState) context.traceState = traceState;
  if (decision === SamplingDecision.NOT_RECORD) return trace.wrapSpanContext(context);
  const span = new RecordedSpan(
    pipeline,
    start.name,
    start.kind,
    context,
    validParent,
    sharedAttributes,
    ownAttributes,
    start.links,
  );
  pipeline.processor.onStart(span, parent);
  return span;
}

/** Random bytes for ids, drawn in bulk: one system call per few hundred spans. */
const idBytes = Buffer.allocUnsafe(4096);
let idOffset = idBytes.length;

/** A random W3C trace or span id (lowercase hex), never all zeros. */
function randomId(bytes: 8 | 16): string {
  if (idOffset + bytes > idBytes.length) {
    randomFillSync(idBytes);
    idOffset = 0;
  }
  const id = idBytes.toString('hex', idOffset, idOffset + bytes);
  idOffset += bytes;
  return /^0+$/.test(id) ? randomId(bytes) : id;
}
